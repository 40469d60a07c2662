import { describe, expect, it } from 'vitest';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import { digitisationOf } from './digitisation';
import {
  checkDeclaration,
  checkReuse,
  DEFAULT_COMPONENT_FILE_RULES,
  fileKeys,
  normaliseSha256,
  type StoredFile,
  type UploadIntent,
  verifyUpload,
} from './documents';
import type { AgencyRef, Dossier } from './dossier';
import { DomainError } from './errors';
import { act, type Caller, fold, submit } from './lifecycle';

const commune: AgencyRef = { code: '06.063.02014', identifier: '06.063.02014', level: 'COMMUNE' };
const chain: AgencyRef[] = [
  commune,
  { code: '06.063', identifier: '06.063', level: 'DISTRICT' },
  { code: '06', identifier: '06', level: 'PROVINCE' },
];
const reception: Caller = { officerId: 'u1', name: 'Một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const officer: Caller = { officerId: 'u2', name: 'Công chức', agencyCode: commune.code, roles: ['HANDLING_OFFICER'] };
const outsider: Caller = { officerId: 'u9', name: 'Xã khác', agencyCode: '06.063.02017', roles: ['RECEPTION_OFFICER'] };
const now = new Date('2026-12-03T02:00:00Z');
const SHA = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

const codeOf = (error: () => unknown): string | undefined => {
  try {
    error();
  } catch (caught) {
    if (caught instanceof DomainError) return caught.code;
    throw caught;
  }
  return undefined;
};

function birthRegistration(idNumber = '006190001234') {
  const procedure = STARTER_CATALOG.find((candidate) => candidate.code === '1.001193')!;
  return submit({
    id: `d-${idNumber}`,
    now,
    caller: reception,
    receivingAgency: commune,
    subjectChain: chain,
    procedure,
    applicant: { kind: 'CITIZEN', fullName: 'Nguyễn Văn A', idNumber, address: { communeAgencyCode: commune.code } },
    documents: [
      { code: 'TO_KHAI_KS', copies: 1 },
      { code: 'GIAY_CHUNG_SINH', copies: 1 },
    ],
    channel: 'DIRECT',
  });
}

const file = (key: string): StoredFile => ({ key, size: 10, contentType: 'application/pdf', sha256: SHA });

describe('an upload’s declaration and its bytes', () => {
  const intent: UploadIntent = {
    dossierId: 'd',
    uploadId: 'u',
    purpose: { kind: 'COMPONENT', componentCode: 'TO_KHAI_KS' },
    declared: { contentType: 'application/pdf', size: 10, sha256: SHA },
    rules: DEFAULT_COMPONENT_FILE_RULES,
    key: fileKeys.upload('d', 'u'),
    requestedBy: 'u1',
    validUntil: now.toISOString(),
  };
  const good = { size: 10, sha256: SHA, detectedType: 'application/pdf' };

  it('refuses what the component does not take before any upload, and takes SHA-256 as hex too', () => {
    const declared = { contentType: 'application/pdf', size: 10, sha256: SHA };
    expect(codeOf(() => checkDeclaration(DEFAULT_COMPONENT_FILE_RULES, { ...declared, size: 11 * 1024 * 1024 }))).toBe('FILE_TOO_LARGE');
    expect(codeOf(() => checkDeclaration(DEFAULT_COMPONENT_FILE_RULES, { ...declared, contentType: 'text/html' }))).toBe(
      'FILE_TYPE_NOT_ALLOWED',
    );
    expect(codeOf(() => checkDeclaration(DEFAULT_COMPONENT_FILE_RULES, { ...declared, sha256: 'abc' }))).toBe('BAD_INPUT');
    expect(codeOf(() => checkDeclaration(DEFAULT_COMPONENT_FILE_RULES, { ...declared, fileName: '../etc/passwd' }))).toBe('BAD_INPUT');
    expect(normaliseSha256(Buffer.from(SHA, 'base64').toString('hex'))).toBe(SHA);
  });

  it('attaches only bytes of the declared type, size and checksum, with a clean scan where there is one', () => {
    expect(verifyUpload(intent, good, 'dossiers/d/u')).toEqual({
      key: 'dossiers/d/u',
      size: 10,
      contentType: 'application/pdf',
      sha256: SHA,
    });
    expect(codeOf(() => verifyUpload(intent, { size: 20 * 1024 * 1024 }, 'k'))).toBe('FILE_TOO_LARGE');
    expect(codeOf(() => verifyUpload(intent, { ...good, detectedType: 'image/png' }, 'k'))).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(codeOf(() => verifyUpload(intent, { size: 10, sha256: SHA }, 'k'))).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(codeOf(() => verifyUpload(intent, { ...good, sha256: SHA.replace('n', 'm') }, 'k'))).toBe('CHECKSUM_MISMATCH');
    expect(codeOf(() => verifyUpload(intent, { ...good, size: 9 }, 'k'))).toBe('CHECKSUM_MISMATCH');
    expect(codeOf(() => verifyUpload(intent, { ...good, scan: 'THREAT' }, 'k'))).toBe('MALWARE_FOUND');
    expect(codeOf(() => verifyUpload(intent, { ...good, scan: 'PENDING' }, 'k'))).toBe('SCAN_PENDING');
    expect(codeOf(() => verifyUpload(intent, { ...good, scan: 'FAILED' }, 'k'))).toBe('SCAN_PENDING');
    expect(codeOf(() => verifyUpload(intent, { ...good, scan: 'CLEAN' }, 'k'))).toBeUndefined();
  });
});

describe('attaching documents, as the lifecycle records it', () => {
  it('records each component’s provenance in history, the latest per component counting, and the flags 766 reads', () => {
    const start = birthRegistration();
    const scanned = act(
      start.dossier,
      { action: 'ATTACH_DOCUMENT', componentCode: 'TO_KHAI_KS', documentId: 'a1', provenance: 'COUNTER_SCAN', file: file('dossiers/d/a1') },
      { caller: reception, now },
    );
    const rescanned = act(
      scanned.dossier,
      {
        action: 'ATTACH_DOCUMENT',
        componentCode: 'TO_KHAI_KS',
        documentId: 'a2',
        provenance: 'NATIONAL_STORE',
        file: file('dossiers/d/a2'),
      },
      { caller: reception, now },
    );
    const exempt = act(
      rescanned.dossier,
      { action: 'ATTACH_DOCUMENT', componentCode: 'GIAY_CHUNG_SINH', documentId: 'a3', provenance: 'EXEMPT', exemption: 'SHOWN_ONLY' },
      { caller: reception, now },
    );
    expect(fold([start.event, scanned.event, rescanned.event, exempt.event])).toEqual(exempt.dossier);
    expect(exempt.dossier.attachments?.map((doc) => [doc.componentCode, doc.documentId])).toEqual([
      ['TO_KHAI_KS', 'a2'],
      ['GIAY_CHUNG_SINH', 'a3'],
    ]);
    const flags = digitisationOf(exempt.dossier);
    expect(flags.components.find((c) => c.code === 'TO_KHAI_KS')).toMatchObject({ digitised: true, reused: true, fromNationalStore: true });
    expect(flags.components.find((c) => c.code === 'GIAY_CHUNG_SINH')).toMatchObject({ digitised: false, exemption: 'SHOWN_ONLY' });
    expect(flags).toMatchObject({ hasDigitisedComponent: true, fullyDigitised: true, electronicResult: false });
  });

  it('refuses a provenance without what it needs, an unknown component, and an agency not holding or receiving the dossier', () => {
    const { dossier } = birthRegistration();
    const attach = (command: Record<string, unknown>, caller = reception) =>
      codeOf(() =>
        act(
          dossier,
          { action: 'ATTACH_DOCUMENT', componentCode: 'TO_KHAI_KS', documentId: 'x', provenance: 'COUNTER_SCAN', ...command } as never,
          {
            caller,
            now,
          },
        ),
      );
    expect(attach({})).toBe('BAD_INPUT'); // a scan without its file
    expect(attach({ provenance: 'EXEMPT' })).toBe('BAD_INPUT'); // an exemption without its reason
    expect(attach({ provenance: 'EXEMPT', exemption: 'SHOWN_ONLY', file: file('k') })).toBe('BAD_INPUT');
    expect(attach({ provenance: 'REUSED_RESULT', file: file('k') })).toBe('BAD_INPUT'); // a reuse without its source
    expect(attach({ componentCode: 'SO_HO_KHAU', file: file('k') })).toBe('UNKNOWN_COMPONENT');
    expect(attach({ file: file('k') }, outsider)).toBe('NOT_HOLDER');
  });

  it('lets the deciding agency attach the e-result once decided, and reuse it only for the same applicant', () => {
    const { dossier } = birthRegistration();
    const result = {
      action: 'ATTACH_RESULT_DOCUMENT' as const,
      documentId: 'r1',
      number: '12/TLKS',
      issuedOn: '2026-12-03',
      signer: 'Chủ tịch',
    };
    expect(codeOf(() => act(dossier, { ...result, file: file('k') }, { caller: officer, now }))).toBe('ILLEGAL_ACTION');
    const accepted = act(dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now });
    const approved = act(accepted.dossier, { action: 'APPROVE_AT_COUNTER', decision: 'APPROVED' }, { caller: reception, now });
    expect(codeOf(() => act(approved.dossier, { ...result, issuedOn: '3/12/2026', file: file('k') }, { caller: officer, now }))).toBe(
      'BAD_INPUT',
    );
    const withResult: Dossier = act(approved.dossier, { ...result, file: file('dossiers/d/r1') }, { caller: officer, now }).dossier;
    expect(digitisationOf(withResult).electronicResult).toBe(true);

    const later = birthRegistration().dossier;
    expect(checkReuse({ ...later, id: 'later' }, withResult).documentId).toBe('r1');
    expect(codeOf(() => checkReuse(birthRegistration('006190009999').dossier, withResult))).toBe('REUSE_NOT_ALLOWED');
    expect(codeOf(() => checkReuse({ ...later, id: 'later' }, later))).toBe('REUSE_NOT_ALLOWED');
  });
});

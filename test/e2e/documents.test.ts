import { createHash } from 'node:crypto';
import { CopyObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesOf } from '#queue/outbox';
import { servicesForTable } from '#services/index';
import { type SqsPoller, startSqsPoller } from '../../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

// Issue 11 against the emulators: DynamoDB Local, and fauxqs serving SQS and S3.
const COMMUNE = '06.063.02014';
const OTHER_COMMUNE = '06.063.02020';
const DISTRICT = '06.063';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const communeOfficer: Claims = { sub: 'cv-duongphong', agency: COMMUNE, roles: 'HANDLING_OFFICER' };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };
const stranger: Claims = { sub: 'tn-other', agency: OTHER_COMMUNE, roles: 'RECEPTION_OFFICER HANDLING_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let streamPoller: StreamPoller;
let sqsPoller: SqsPoller;

beforeAll(async () => {
  fixture = await setUpProvince({ queues: true });
  await fixture.createFilesBucket();
  const [{ handler: graphql }, { handler: relay }, { handler: consumer }] = await Promise.all([
    import('#graphql/handler'),
    import('#relay/handler'),
    import('#transfer-consumer/handler'),
  ]);
  gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  streamPoller = await startStreamPoller({
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: relay,
    startingPosition: 'TRIM_HORIZON',
  });
  sqsPoller = startSqsPoller({
    endpoint: fixture.sqsEndpoint,
    queues: [fixture.queues.get(DISTRICT)!],
    handler: consumer,
    waitTimeSeconds: 1,
  });
});

afterAll(async () => {
  await Promise.all([streamPoller?.stop(), sqsPoller?.stop()]);
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

async function ok<T>(query: string, variables: Record<string, unknown>, claims: Claims): Promise<T> {
  const response = await gql<T>(query, variables, claims);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

async function errorCode(query: string, variables: Record<string, unknown>, claims: Claims): Promise<unknown> {
  const response = await gql(query, variables, claims);
  return response.errors?.[0]?.extensions?.code;
}

interface Dossier {
  id: string;
  version: number;
  attachments: { componentCode: string; documentId: string; provenance: string; sourceDocumentId: string | null }[];
  resultDocument: { documentId: string } | null;
  digitisation: {
    hasDigitisedComponent: boolean;
    electronicResult: boolean;
    components: { code: string; digitised: boolean; reused: boolean; replacedByResult: string | null }[];
  };
}
const VIEW = `id version attachments { componentCode documentId provenance sourceDocumentId } resultDocument { documentId }
  digitisation { hasDigitisedComponent electronicResult components { code digitised reused replacedByResult } }`;

const view = async (id: string, claims: Claims) =>
  (await ok<{ dossier: Dossier }>(`query ($id: ID!) { dossier(id: $id) { ${VIEW} } }`, { id }, claims)).dossier;

async function dossierAt(procedureCode: string, documents: string[], idNumber?: string): Promise<Dossier> {
  const { submitDossier } = await ok<{ submitDossier: { id: string } }>(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
    {
      input: {
        procedureCode,
        applicant: { kind: 'CITIZEN', fullName: 'Lý Văn Bình', ...(idNumber ? { idNumber } : {}), address: { communeAgencyCode: COMMUNE } },
        documents: documents.map((code) => ({ code })),
      },
    },
    reception,
  );
  await ok(`mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id } }`, { id: submitDossier.id }, reception);
  return view(submitDossier.id, reception);
}

const REQUEST = `mutation ($input: DocumentUploadInput!) { requestDocumentUpload(input: $input) { uploadId method url headers { name value } maxBytes } }`;
interface Ticket {
  uploadId: string;
  url: string;
  headers: { name: string; value: string }[];
}

async function upload(dossierId: string, claims: Claims, bytes: Buffer, declared: Record<string, unknown> = {}): Promise<Ticket> {
  const input = {
    dossierId,
    componentCode: 'TO_KHAI_TCXH',
    contentType: 'application/pdf',
    size: PDF.length,
    sha256: sha256(PDF),
    ...declared,
  };
  const { requestDocumentUpload: ticket } = await ok<{ requestDocumentUpload: Ticket }>(REQUEST, { input }, claims);
  const put = await fetch(ticket.url, {
    method: 'PUT',
    body: bytes,
    headers: Object.fromEntries(ticket.headers.map((h) => [h.name, h.value])),
  });
  expect(put.status).toBe(200);
  return ticket;
}

const ATTACH = `mutation ($id: ID!, $v: Int!, $u: ID!) { attachDocument(id: $id, expectedVersion: $v, uploadId: $u) { ${VIEW} } }`;

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await fixture.s3.send(new ListObjectsV2Command({ Bucket: fixture.filesBucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

describe('upload, verify, attach, hand off, download', () => {
  it('lets the receiving agency download what the commune scanned, and nobody else', async () => {
    const dossier = await dossierAt('1.001776', ['TO_KHAI_TCXH']);
    const ticket = await upload(dossier.id, reception, PDF, { fileName: 'to-khai.pdf' });
    const { attachDocument: attached } = await ok<{ attachDocument: Dossier }>(
      ATTACH,
      { id: dossier.id, v: dossier.version, u: ticket.uploadId },
      reception,
    );
    expect(attached.attachments).toEqual([
      { componentCode: 'TO_KHAI_TCXH', documentId: ticket.uploadId, provenance: 'COUNTER_SCAN', sourceDocumentId: null },
    ]);
    expect(attached.digitisation.hasDigitisedComponent).toBe(true);
    expect(attached.digitisation.components.find((c) => c.code === 'TO_KHAI_TCXH')?.digitised).toBe(true);
    // The upload moved to its permanent key; nothing waits under uploads/.
    expect(await keysUnder(`uploads/${dossier.id}/`)).toEqual([]);
    expect(await keysUnder(`dossiers/${dossier.id}/`)).toEqual([`dossiers/${dossier.id}/${ticket.uploadId}`]);

    await ok(
      `mutation ($id: ID!, $v: Int!) { transferDossier(id: $id, toAgency: "${DISTRICT}", expectedVersion: $v) { id } }`,
      { id: dossier.id, v: attached.version },
      reception,
    );
    await streamPoller.drain(20_000);
    await sqsPoller.drain(20_000);

    const DOWNLOAD = `query ($d: ID!, $doc: ID!) { documentDownload(dossierId: $d, documentId: $doc) { url validUntil } }`;
    const { documentDownload } = await ok<{ documentDownload: { url: string } }>(
      DOWNLOAD,
      { d: dossier.id, doc: ticket.uploadId },
      districtOfficer,
    );
    const fetched = await fetch(documentDownload.url);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(PDF)).toBe(true);
    expect(await errorCode(DOWNLOAD, { d: dossier.id, doc: ticket.uploadId }, stranger)).toBe('DOSSIER_NOT_FOUND');

    const reads = await servicesForTable(fixture.tableName).dossiers.readLog(dossier.id, 10);
    expect(reads.some((read) => read.agencyCode === DISTRICT)).toBe(true);

    // The queue message carried a reference to the dossier, never the file, its key or a link.
    const history = await servicesForTable(fixture.tableName).dossiers.history(dossier.id);
    const message = JSON.stringify(messagesOf(history.find((event) => event.type === 'TRANSFERRED')!));
    expect(message).toContain(dossier.id);
    expect(message).not.toMatch(new RegExp(`${ticket.uploadId}|dossiers/|uploads/|X-Amz|sha256`));
  });
});

describe('bad files leave nothing attached', () => {
  const cases: [string, (id: string) => Promise<unknown>][] = [
    [
      'a declared size over the limit',
      (id) =>
        errorCode(
          REQUEST,
          {
            input: {
              dossierId: id,
              componentCode: 'TO_KHAI_TCXH',
              contentType: 'application/pdf',
              size: 50 * 1024 * 1024,
              sha256: sha256(PDF),
            },
          },
          reception,
        ),
    ],
    [
      'a type the component does not take',
      (id) =>
        errorCode(
          REQUEST,
          { input: { dossierId: id, componentCode: 'TO_KHAI_TCXH', contentType: 'text/plain', size: 5, sha256: sha256(PDF) } },
          reception,
        ),
    ],
    [
      'a component the procedure does not have',
      (id) =>
        errorCode(
          REQUEST,
          { input: { dossierId: id, componentCode: 'KHONG_CO', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) } },
          reception,
        ),
    ],
    [
      'a dossier the caller does not hold',
      (id) =>
        errorCode(
          REQUEST,
          {
            input: { dossierId: id, componentCode: 'TO_KHAI_TCXH', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) },
          },
          stranger,
        ),
    ],
    [
      'bytes that are not the declared type',
      async (id) => {
        const text = Buffer.from('just some text, not a PDF at all');
        const ticket = await upload(id, reception, text, { size: text.length, sha256: sha256(text) });
        return errorCode(ATTACH, { id, v: 2, u: ticket.uploadId }, reception);
      },
    ],
    [
      'bytes that do not match the declared SHA-256',
      async (id) => {
        const other = Buffer.concat([PDF, Buffer.from('% tampered\n')]);
        const ticket = await upload(id, reception, other, { size: other.length });
        return errorCode(ATTACH, { id, v: 2, u: ticket.uploadId }, reception);
      },
    ],
  ];
  const expected = [
    'FILE_TOO_LARGE',
    'FILE_TYPE_NOT_ALLOWED',
    'UNKNOWN_COMPONENT',
    'DOSSIER_NOT_FOUND',
    'FILE_TYPE_NOT_ALLOWED',
    'CHECKSUM_MISMATCH',
  ];

  it.each(cases.map(([name, run], index) => [name, run, expected[index]] as const))('refuses %s', async (_name, run, code) => {
    const dossier = await dossierAt('1.001776', ['TO_KHAI_TCXH']);
    expect(await run(dossier.id)).toBe(code);
    const after = await view(dossier.id, reception);
    expect(after.version).toBe(dossier.version);
    expect(after.attachments).toEqual([]);
    expect(await keysUnder(`dossiers/${dossier.id}/`)).toEqual([]);
    // A refused upload is dropped at once, not left for the sweeper.
    expect(await keysUnder(`uploads/${dossier.id}/`)).toEqual([]);
  });
});

describe('a crash between upload and attach', () => {
  it('leaves nothing attached, and the sweeper removes the upload and any copy an interrupted attach made', async () => {
    const dossier = await dossierAt('1.001776', ['TO_KHAI_TCXH']);
    const never = await upload(dossier.id, reception, PDF);
    const interrupted = await upload(dossier.id, reception, PDF);
    // The attach that crashed after copying, before its transaction.
    const copied = `dossiers/${dossier.id}/${interrupted.uploadId}`;
    await fixture.s3.send(
      new CopyObjectCommand({
        Bucket: fixture.filesBucket,
        Key: copied,
        CopySource: `${fixture.filesBucket}/uploads/${dossier.id}/${interrupted.uploadId}`,
      }),
    );
    expect((await view(dossier.id, reception)).attachments).toEqual([]);

    const services = servicesForTable(fixture.tableName, { files: (await import('#files/dossier-files')).dossierFilesFromEnvironment()! });
    const swept = await services.documents.sweep(new Date(Date.now() + 60_000));
    expect(swept.neverAttached).toBeGreaterThanOrEqual(2);
    expect(await keysUnder(`uploads/${dossier.id}/`)).toEqual([]);
    await expect(fixture.s3.send(new HeadObjectCommand({ Bucket: fixture.filesBucket, Key: copied }))).rejects.toThrow();
    // The swept uploads can no longer be attached.
    expect(await errorCode(ATTACH, { id: dossier.id, v: dossier.version, u: never.uploadId }, reception)).toBe('UPLOAD_NOT_FOUND');
  });
});

describe('electronic results', () => {
  it('are attached by the deciding agency and reused in a later dossier of the same applicant', async () => {
    const idNumber = '006190001234';
    const first = await dossierAt('1.001193', ['TO_KHAI_KS', 'GIAY_CHUNG_SINH'], idNumber);
    const approved = await ok<{ approveAtCounter: { version: number } }>(
      `mutation ($id: ID!, $v: Int!) { approveAtCounter(id: $id, expectedVersion: $v, decision: APPROVED) { version } }`,
      { id: first.id, v: first.version },
      reception,
    );
    const ticket = await ok<{ requestDocumentUpload: Ticket }>(
      REQUEST,
      { input: { dossierId: first.id, forResult: true, contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) } },
      communeOfficer,
    );
    const put = ticket.requestDocumentUpload;
    await fetch(put.url, { method: 'PUT', body: PDF, headers: Object.fromEntries(put.headers.map((h) => [h.name, h.value])) });
    const { attachResultDocument } = await ok<{ attachResultDocument: Dossier }>(
      `mutation ($id: ID!, $v: Int!, $u: ID!) { attachResultDocument(id: $id, expectedVersion: $v, uploadId: $u, number: "12/TLKS", issuedOn: "2026-12-03", signer: "Nguyễn Văn A") { ${VIEW} } }`,
      { id: first.id, v: approved.approveAtCounter.version, u: put.uploadId },
      communeOfficer,
    );
    expect(attachResultDocument.resultDocument?.documentId).toBe(put.uploadId);
    expect(attachResultDocument.digitisation.electronicResult).toBe(true);

    const later = await dossierAt('2.000815', ['BAN_CHINH', 'BAN_SAO'], idNumber);
    // Found by the keyed hash of the citizen ID, as the officer looks for what to reuse.
    const { reusableResults } = await ok<{ reusableResults: { dossierId: string; result: { documentId: string } }[] }>(
      `query ($id: ID!) { reusableResults(dossierId: $id) { dossierId result { documentId } } }`,
      { id: later.id },
      reception,
    );
    expect(reusableResults).toEqual([{ dossierId: first.id, result: { documentId: put.uploadId } }]);
    const REUSE = `mutation ($id: ID!, $v: Int!, $src: ID!) { reuseResultDocument(id: $id, expectedVersion: $v, componentCode: "BAN_CHINH", sourceDossierId: $src) { ${VIEW} } }`;
    const { reuseResultDocument: reused } = await ok<{ reuseResultDocument: Dossier }>(
      REUSE,
      { id: later.id, v: later.version, src: first.id },
      reception,
    );
    const component = reused.digitisation.components.find((c) => c.code === 'BAN_CHINH');
    expect(component).toMatchObject({ digitised: true, reused: true, replacedByResult: `${first.id}/${put.uploadId}` });

    // Another applicant's dossier may not reuse it.
    const someoneElse = await dossierAt('2.000815', ['BAN_CHINH', 'BAN_SAO'], '006190009999');
    expect(await errorCode(REUSE, { id: someoneElse.id, v: someoneElse.version, src: first.id }, reception)).toBe('REUSE_NOT_ALLOWED');
  });
});

import { describe, expect, it } from 'vitest';
import { STARTER_CATALOG } from '../seed/starter-catalog';
import type { Procedure } from './catalog';
import type { AgencyRef, Applicant } from './dossier';
import { DomainError } from './errors';
import { accept, ancestorCodes, type Caller, deliver, dossierCode, routeAgency, submit, transfer } from './lifecycle';

const commune: AgencyRef = { code: '06.063.02014', identifier: '06.063.02014', level: 'COMMUNE' };
const district: AgencyRef = { code: '06.063', identifier: '06.063', level: 'DISTRICT' };
const province: AgencyRef = { code: '06', identifier: '06', level: 'PROVINCE' };
const chain = [commune, district, province];

const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const handler: Caller = { officerId: 'u2', name: 'Chuyên viên', agencyCode: district.code, roles: ['HANDLING_OFFICER'] };

const procedureOf = (code: string): Procedure => {
  const procedure = STARTER_CATALOG.find((candidate) => candidate.code === code);
  if (!procedure) throw new Error(`no ${code} in the starter catalog`);
  return procedure;
};
const interconnected = procedureOf('1.001776');
const certification = procedureOf('2.000815');

const applicant: Applicant = {
  kind: 'CITIZEN',
  fullName: 'Nguyễn Văn A',
  address: { communeAgencyCode: commune.code },
};

// Monday 17/11/2025, 09:00 in Hà Nội.
const monday9am = new Date('2025-11-17T02:00:00Z');

function submitted(procedure = interconnected) {
  return submit({
    id: 'd1',
    now: monday9am,
    caller: reception,
    receivingAgency: commune,
    procedure,
    applicant,
    documents: procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 })),
    channel: 'DIRECT',
  });
}

const errorCode = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

describe('submitting at the one-stop', () => {
  it('creates a SUBMITTED dossier at version 1, held by the receiving agency, with its first event', () => {
    const { dossier, event } = submitted();
    expect(dossier).toMatchObject({ status: 'SUBMITTED', version: 1, holderAgency: commune.code, routeStep: 0 });
    expect(event).toMatchObject({ type: 'SUBMITTED', version: 1, statusAfter: 'SUBMITTED' });
    expect(dossier.code).toBeUndefined();
  });

  it('refuses a dossier missing a required document and names it', () => {
    const attempt = () =>
      submit({ ...submittedInput(), documents: [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }] });
    expect(errorCode(attempt)).toBe('MISSING_DOCUMENTS');
  });

  it('refuses documents the procedure does not list: staff may not ask for more', () => {
    const attempt = () =>
      submit({ ...submittedInput(), documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }, { code: 'SO_HO_KHAU', copies: 1 }] });
    expect(errorCode(attempt)).toBe('UNKNOWN_DOCUMENTS');
  });

  it('refuses a procedure handed in at the wrong level', () => {
    const attempt = () => submit({ ...submittedInput(), receivingAgency: district, caller: { ...reception, agencyCode: district.code } });
    expect(errorCode(attempt)).toBe('FORBIDDEN');
  });

  it('refuses callers without the reception role', () => {
    expect(errorCode(() => submit({ ...submittedInput(), caller: { ...reception, roles: ['AUDITOR'] } }))).toBe('FORBIDDEN');
  });
});

function submittedInput() {
  return {
    id: 'd1',
    now: monday9am,
    caller: reception,
    receivingAgency: commune,
    procedure: interconnected,
    applicant,
    documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
    channel: 'DIRECT' as const,
  };
}

describe('accepting', () => {
  it('assigns the TT 01/2018 code and a due date in working days, skipping the weekend', () => {
    const { dossier } = submitted(certification);
    // Friday 21/11/2025 at 10:00 Hà Nội time: one working day later is Monday 24/11.
    const friday = new Date('2025-11-21T03:00:00Z');
    const accepted = accept({ dossier, caller: reception, now: friday, receivingAgency: commune, sequence: 7 });
    expect(accepted.dossier.code).toBe('06.063.02014-251121-0007');
    expect(accepted.dossier.status).toBe('RECEIVED');
    expect(accepted.dossier.dueAt).toBe('2025-11-24T10:00:00.000Z');
    expect(accepted.event).toMatchObject({ type: 'ACCEPTED', version: 2, code: '06.063.02014-251121-0007' });
  });

  it('uses the Vietnamese date for the code, not the UTC date', () => {
    // 23:30 UTC on 20/11 is 06:30 on 21/11 in Hà Nội.
    expect(dossierCode('X', new Date('2025-11-20T23:30:00Z'), 1)).toBe('X-251121-0001');
  });

  it('stops at 9,999 dossiers per agency per day', () => {
    expect(errorCode(() => dossierCode('X', monday9am, 10_000))).toBe('SEQUENCE_EXHAUSTED');
  });

  it('cannot accept twice', () => {
    const once = accept({ dossier: submitted().dossier, caller: reception, now: monday9am, receivingAgency: commune, sequence: 1 });
    const again = () => accept({ dossier: once.dossier, caller: reception, now: monday9am, receivingAgency: commune, sequence: 2 });
    expect(errorCode(again)).toBe('ILLEGAL_ACTION');
  });

  it('cannot be done by another agency', () => {
    const other = { ...reception, agencyCode: '06.063.02017' };
    expect(errorCode(() => accept({ dossier: submitted().dossier, caller: other, now: monday9am, receivingAgency: commune, sequence: 1 }))).toBe(
      'NOT_HOLDER',
    );
  });
});

describe('routing and transfer', () => {
  const received = () =>
    accept({ dossier: submitted().dossier, caller: reception, now: monday9am, receivingAgency: commune, sequence: 1 }).dossier;

  it('finds the responsible agency from the subject commune, by level', () => {
    expect(ancestorCodes('06.063.02014')).toEqual(['06.063.02014', '06.063', '06']);
    expect(routeAgency(interconnected, 1, chain)?.code).toBe(district.code);
    expect(routeAgency(interconnected, 2, chain)?.code).toBe(commune.code);
    expect(routeAgency(interconnected, 3, chain)).toBeUndefined();
  });

  it('sends the dossier to the district: no holder while in transit, a handoff with an id', () => {
    const { dossier, event } = transfer({
      dossier: received(),
      procedure: interconnected,
      caller: reception,
      now: monday9am,
      toAgency: district,
      subjectChain: chain,
      handoffId: 'h1',
    });
    expect(dossier.holderAgency).toBeUndefined();
    expect(dossier.status).toBe('IN_PROCESSING');
    expect(dossier.handoff).toMatchObject({ id: 'h1', fromAgency: commune.code, toAgency: district.code, routeStep: 1 });
    expect(event).toMatchObject({ type: 'TRANSFERRED', version: 3 });
  });

  it('refuses a target that is not the next step of the route', () => {
    const attempt = () =>
      transfer({ dossier: received(), procedure: interconnected, caller: reception, now: monday9am, toAgency: province, subjectChain: chain, handoffId: 'h1' });
    expect(errorCode(attempt)).toBe('ROUTE_VIOLATION');
  });

  it('delivers once: the receiver holds it, a second delivery is a no-op', () => {
    const sent = transfer({ dossier: received(), procedure: interconnected, caller: reception, now: monday9am, toAgency: district, subjectChain: chain, handoffId: 'h1' });
    const delivered = deliver({ dossier: sent.dossier, handoffId: 'h1', now: monday9am });
    expect(delivered?.dossier).toMatchObject({ holderAgency: district.code, routeStep: 1, version: 4 });
    expect(delivered?.event.type).toBe('DELIVERED');
    expect(deliver({ dossier: delivered!.dossier, handoffId: 'h1', now: monday9am })).toBeNull();
  });

  it('refuses to deliver a handoff the dossier is not waiting for', () => {
    const sent = transfer({ dossier: received(), procedure: interconnected, caller: reception, now: monday9am, toAgency: district, subjectChain: chain, handoffId: 'h1' });
    expect(errorCode(() => deliver({ dossier: sent.dossier, handoffId: 'other', now: monday9am }))).toBe('CONFLICT');
  });

  it('lets the district handling officer act only after delivery', () => {
    const sent = transfer({ dossier: received(), procedure: interconnected, caller: reception, now: monday9am, toAgency: district, subjectChain: chain, handoffId: 'h1' });
    const onward = (dossier: typeof sent.dossier) => () =>
      transfer({ dossier, procedure: interconnected, caller: handler, now: monday9am, toAgency: commune, subjectChain: chain, handoffId: 'h2' });
    expect(errorCode(onward(sent.dossier))).toBe('NOT_HOLDER');
    const delivered = deliver({ dossier: sent.dossier, handoffId: 'h1', now: monday9am })!;
    expect(errorCode(onward(delivered.dossier))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import { getDefaultCalendar } from './calendar';
import type { Procedure } from './catalog';
import type { AgencyRef, Applicant, Dossier, DossierEvent } from './dossier';
import { DomainError } from './errors';
import {
  act,
  type Caller,
  type Command,
  deliver,
  dossierCode,
  fold,
  opinionRequestId,
  parseOpinionRequestId,
  submit,
  type Transition,
  vietnamYymmdd,
} from './lifecycle';
import { ancestorCodes, routeAgency } from './routing';

const commune: AgencyRef = { code: '06.063.02014', identifier: '06.063.02014', level: 'COMMUNE' };
const district: AgencyRef = { code: '06.063', identifier: '06.063', level: 'DISTRICT' };
const province: AgencyRef = { code: '06', identifier: '06', level: 'PROVINCE' };
const chain = [commune, district, province];

const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const communeHead: Caller = { officerId: 'u0', name: 'Chủ tịch xã', agencyCode: commune.code, roles: ['AGENCY_HEAD', 'APPROVER'] };
const districtHead: Caller = { officerId: 'u3', name: 'Trưởng phòng', agencyCode: district.code, roles: ['AGENCY_HEAD'] };
const districtOfficer: Caller = { officerId: 'u2', name: 'Chuyên viên', agencyCode: district.code, roles: ['HANDLING_OFFICER'] };
const districtApprover: Caller = { officerId: 'u4', name: 'Phó chủ tịch', agencyCode: district.code, roles: ['APPROVER'] };

const procedureOf = (code: string): Procedure => {
  const procedure = STARTER_CATALOG.find((candidate) => candidate.code === code);
  if (!procedure) throw new Error(`no ${code} in the starter catalog`);
  return procedure;
};
const interconnected = procedureOf('1.001776');
const certification = procedureOf('2.000815');

const applicant: Applicant = { kind: 'CITIZEN', fullName: 'Nguyễn Văn A', address: { communeAgencyCode: commune.code } };

// Monday 17/11/2025, 09:00 in Hà Nội.
const monday9am = new Date('2025-11-17T02:00:00Z');
const later = (hours: number) => new Date(monday9am.getTime() + hours * 3_600_000);

function submitted(
  procedure = interconnected,
  documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 })),
) {
  return submit({
    id: 'd1',
    now: monday9am,
    caller: reception,
    receivingAgency: commune,
    subjectChain: chain,
    procedure,
    applicant,
    documents,
    channel: 'DIRECT',
  });
}

/** Runs actions in order and keeps every event, as the store would. */
function run(start: Transition, steps: [Command, Caller, Date?][]): { dossier: Dossier; events: DossierEvent[] } {
  let dossier = start.dossier;
  const events = [start.event];
  for (const [command, caller, now] of steps) {
    const next = act(dossier, command, { caller, now: now ?? monday9am });
    dossier = next.dossier;
    events.push(next.event);
  }
  return { dossier, events };
}

const errorOf = (action: () => unknown): DomainError | undefined => {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
};

describe('submitting at the one-stop', () => {
  it('creates a SUBMITTED dossier at version 1, held by the receiving agency, with the procedure terms frozen', () => {
    const { dossier, event } = submitted();
    expect(dossier).toMatchObject({ status: 'SUBMITTED', version: 1, holderAgency: commune.code, routeStep: 0 });
    expect(dossier.terms).toMatchObject({ code: '1.001776', version: 1, duration: { value: 20, unit: 'WORKING_DAYS' } });
    expect(event).toMatchObject({ type: 'SUBMITTED', version: 1, statusAfter: 'SUBMITTED' });
  });

  it('refuses a dossier missing a required document, or with documents the procedure does not list', () => {
    expect(errorOf(() => submitted(interconnected, [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }]))?.code).toBe('MISSING_DOCUMENTS');
    expect(
      errorOf(() =>
        submitted(interconnected, [
          { code: 'TO_KHAI_TCXH', copies: 1 },
          { code: 'SO_HO_KHAU', copies: 1 },
        ]),
      )?.code,
    ).toBe('UNKNOWN_DOCUMENTS');
  });

  it('refuses a procedure handed in at the wrong level, and callers without the reception role', () => {
    const atDistrict = () =>
      submit({
        id: 'd',
        now: monday9am,
        caller: { ...reception, agencyCode: district.code },
        receivingAgency: district,
        subjectChain: chain,
        procedure: interconnected,
        applicant,
        documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
        channel: 'DIRECT',
      });
    expect(errorOf(atDistrict)?.code).toBe('FORBIDDEN');
    const auditor = () =>
      submit({
        id: 'd',
        now: monday9am,
        caller: { ...reception, roles: ['AUDITOR'] },
        receivingAgency: commune,
        subjectChain: chain,
        procedure: interconnected,
        applicant,
        documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
        channel: 'DIRECT',
      });
    expect(errorOf(auditor)?.code).toBe('FORBIDDEN');
  });
});

describe('reception check', () => {
  it('issues one-time guidance (Form 02) listing only the procedure’s documents, then takes the completed dossier', () => {
    const { dossier } = run(submitted(), [
      [
        {
          action: 'REQUEST_COMPLETION',
          items: [{ code: 'GIAY_XAC_NHAN_KT', note: 'bản sao có chứng thực' }],
          reason: 'Thiếu giấy xác nhận khuyết tật',
        },
        reception,
      ],
    ]);
    expect(dossier.status).toBe('PENDING_COMPLETION');
    expect(dossier.completionRequest?.items).toEqual([
      {
        code: 'GIAY_XAC_NHAN_KT',
        name: 'Giấy xác nhận khuyết tật (nếu có)',
        copyType: 'CERTIFIED_COPY',
        copies: 1,
        note: 'bản sao có chứng thực',
      },
    ]);
    const outside = () =>
      act(
        submitted().dossier,
        { action: 'REQUEST_COMPLETION', items: [{ code: 'SO_HO_KHAU' }], reason: 'x' },
        { caller: reception, now: monday9am },
      );
    expect(errorOf(outside)?.code).toBe('UNKNOWN_DOCUMENTS');
    const resubmitted = act(
      dossier,
      { action: 'RESUBMIT', documents: [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }] },
      { caller: reception, now: monday9am },
    );
    expect(resubmitted.dossier.status).toBe('SUBMITTED');
    expect(resubmitted.dossier.documents.map((doc) => doc.code)).toEqual(['TO_KHAI_TCXH', 'GIAY_XAC_NHAN_KT']);
  });

  it('refuses reception with a reason (Form 03), and nothing can follow', () => {
    const { dossier } = run(submitted(), [[{ action: 'REFUSE', reason: 'Không thuộc thẩm quyền' }, reception]]);
    expect(dossier.status).toBe('NOT_RECEIVED');
    expect(dossier.refusal?.reason).toBe('Không thuộc thẩm quyền');
    const error = errorOf(() => act(dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am }));
    expect(error?.code).toBe('ILLEGAL_ACTION');
    expect(error?.details).toMatchObject({ currentStatus: 'NOT_RECEIVED', allowedActions: [] });
  });

  it('requires a reason to refuse', () => {
    expect(errorOf(() => act(submitted().dossier, { action: 'REFUSE', reason: ' ' }, { caller: reception, now: monday9am }))?.code).toBe(
      'BAD_INPUT',
    );
  });
});

describe('accepting', () => {
  it('assigns the TT 01/2018 code and a due date counted in working days', () => {
    // Friday 21/11/2025 at 10:00: 20 working days later is Friday 19/12/2025, due at 17:00.
    const friday = new Date('2025-11-21T03:00:00Z');
    const { dossier, event } = act(submitted().dossier, { action: 'ACCEPT', sequence: 7 }, { caller: reception, now: friday });
    expect(dossier.code).toBe('06.063.02014-251121-0007');
    expect(dossier.status).toBe('RECEIVED');
    expect(dossier.dueAt).toBe(getDefaultCalendar().dueAt(friday, { value: 20, unit: 'WORKING_DAYS' }).toISOString());
    expect(dossier.dueAt).toBe('2025-12-19T10:00:00.000Z');
    expect(event).toMatchObject({ type: 'ACCEPTED', version: 2, code: '06.063.02014-251121-0007' });
  });

  it('counts a same-day procedure accepted after 15:00 from the next working day', () => {
    // Friday 21/11/2025 at 15:30 → due Monday 24/11 at 17:00.
    const afterCutoff = new Date('2025-11-21T08:30:00Z');
    const { dossier } = act(submitted(certification).dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: afterCutoff });
    expect(dossier.dueAt).toBe('2025-11-24T10:00:00.000Z');
  });

  it('uses the Vietnamese date for the code, and stops at 9,999 a day', () => {
    expect(dossierCode('X', new Date('2025-11-20T23:30:00Z'), 1)).toBe('X-251121-0001');
    expect(errorOf(() => dossierCode('X', monday9am, 10_000))?.code).toBe('SEQUENCE_EXHAUSTED');
  });

  it('cannot accept twice, nor from another agency', () => {
    const once = act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am });
    expect(errorOf(() => act(once.dossier, { action: 'ACCEPT', sequence: 2 }, { caller: reception, now: monday9am }))?.code).toBe(
      'ILLEGAL_ACTION',
    );
    const other = { ...reception, agencyCode: '06.063.02017' };
    expect(errorOf(() => act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: other, now: monday9am }))?.code).toBe(
      'NOT_HOLDER',
    );
  });
});

describe('"4 tại chỗ" at the counter', () => {
  it('lets the reception officer approve and return a flagged procedure at once', () => {
    const { dossier } = run(submitted(certification), [
      [{ action: 'ACCEPT', sequence: 1 }, reception],
      [{ action: 'APPROVE_AT_COUNTER', decision: 'APPROVED', resultNumber: 'CT-01' }, reception, later(0.5)],
      [{ action: 'RETURN_RESULT', deliveryMode: 'COUNTER' }, reception, later(0.6)],
    ]);
    expect(dossier).toMatchObject({ status: 'RETURNED', result: { decision: 'APPROVED', resultNumber: 'CT-01' } });
  });

  it('refuses counter approval for procedures not handled "4 tại chỗ"', () => {
    const received = act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am }).dossier;
    expect(
      errorOf(() => act(received, { action: 'APPROVE_AT_COUNTER', decision: 'APPROVED' }, { caller: reception, now: monday9am }))?.code,
    ).toBe('ILLEGAL_ACTION');
  });
});

describe('routing and handoffs', () => {
  const received = () => act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am }).dossier;

  it('finds the responsible agency from the subject commune, by level', () => {
    expect(ancestorCodes('06.063.02014')).toEqual(['06.063.02014', '06.063', '06']);
    expect(routeAgency(interconnected.route, 1, chain)?.code).toBe(district.code);
    expect(routeAgency(interconnected.route, 2, chain)?.code).toBe(commune.code);
    expect(routeAgency(interconnected.route, 3, chain)).toBeUndefined();
  });

  it('sends the dossier to the district: no holder in transit, delivered once, refused off the route', () => {
    const sent = act(received(), { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    expect(sent.dossier).toMatchObject({
      status: 'IN_PROCESSING',
      phase: 'TRANSFERRED',
      handoff: { id: 'd1-3', toAgency: district.code, routeStep: 1 },
    });
    expect(sent.dossier.holderAgency).toBeUndefined();
    const delivered = deliver({ dossier: sent.dossier, handoffId: sent.dossier.handoff!.id, now: monday9am })!;
    expect(delivered.dossier).toMatchObject({ holderAgency: district.code, routeStep: 1, version: 4 });
    expect(deliver({ dossier: delivered.dossier, handoffId: delivered.dossier.handoff!.id, now: monday9am })).toBeNull();
    expect(errorOf(() => deliver({ dossier: sent.dossier, handoffId: 'other', now: monday9am }))?.code).toBe('CONFLICT');
    expect(errorOf(() => act(received(), { action: 'TRANSFER', toAgency: province }, { caller: reception, now: monday9am }))?.code).toBe(
      'ROUTE_VIOLATION',
    );
  });

  it('takes a liên thông dossier through the district’s internal steps and back to the commune for return', () => {
    const start = act(received(), { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    const atDistrict = deliver({ dossier: start.dossier, handoffId: start.dossier.handoff!.id, now: later(1) })!;
    const { dossier: issued } = run({ dossier: atDistrict.dossier, event: atDistrict.event }, [
      [{ action: 'ACCEPT_HANDOFF' }, districtHead, later(1.5)],
      [{ action: 'ASSIGN', assignee: 'u2' }, districtHead, later(2)],
      [{ action: 'START_APPRAISAL' }, districtOfficer, later(3)],
      [{ action: 'SUBMIT_FOR_SIGNATURE' }, districtOfficer, later(4)],
      [{ action: 'SIGN', decision: 'APPROVED' }, districtApprover, later(5)],
      [{ action: 'ISSUE', resultNumber: '123/QĐ-UBND' }, districtOfficer, later(6)],
    ]);
    expect(issued).toMatchObject({ status: 'RESOLVED', result: { decision: 'APPROVED', resultNumber: '123/QĐ-UBND' } });
    expect(
      errorOf(() =>
        act(
          issued,
          { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' },
          { caller: { ...districtOfficer, roles: ['RECEPTION_OFFICER'] }, now: later(7) },
        ),
      )?.code,
    ).toBe('ILLEGAL_ACTION');
    const back = act(issued, { action: 'TRANSFER', toAgency: commune }, { caller: districtOfficer, now: later(7) });
    expect(back.dossier.status).toBe('RESOLVED');
    const home = deliver({ dossier: back.dossier, handoffId: back.dossier.handoff!.id, now: later(8) })!;
    const taken = act(home.dossier, { action: 'ACCEPT_HANDOFF' }, { caller: reception, now: later(8.5) });
    const returned = act(taken.dossier, { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' }, { caller: reception, now: later(9) });
    expect(returned.dossier).toMatchObject({ status: 'RETURNED', returnedAt: later(9).toISOString() });
  });

  it('lets the district act only after delivery', () => {
    const sent = act(received(), { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    expect(errorOf(() => act(sent.dossier, { action: 'ASSIGN', assignee: 'u2' }, { caller: districtHead, now: monday9am }))?.code).toBe(
      'NOT_HOLDER',
    );
  });
});

describe('handoff acceptance, return and competence (issue 4)', () => {
  const received = () => act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am }).dossier;
  const deliveredToDistrict = () => {
    const sent = act(received(), { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    return deliver({ dossier: sent.dossier, handoffId: sent.dossier.handoff!.id, now: later(1) })!.dossier;
  };

  it('makes the receiver accept a delivered handoff before working on it', () => {
    const delivered = deliveredToDistrict();
    const early = errorOf(() => act(delivered, { action: 'ASSIGN', assignee: 'u2' }, { caller: districtHead, now: later(2) }));
    expect(early?.code).toBe('ILLEGAL_ACTION');
    expect(early?.details).toMatchObject({ unmetCondition: 'HANDOFF_SETTLED', allowedActions: ['ACCEPT_HANDOFF', 'RETURN_HANDOFF'] });
    const taken = act(delivered, { action: 'ACCEPT_HANDOFF' }, { caller: districtHead, now: later(2) });
    expect(taken.dossier.handoff?.acceptedAt).toBe(later(2).toISOString());
    expect(act(taken.dossier, { action: 'ASSIGN', assignee: 'u2' }, { caller: districtHead, now: later(3) }).dossier.phase).toBe(
      'ASSIGNED',
    );
  });

  it('returns a handoff to its sender with the reason, through a RETURN handoff the sender accepts', () => {
    const returned = act(
      deliveredToDistrict(),
      { action: 'RETURN_HANDOFF', reason: 'Thiếu biên bản xét duyệt' },
      { caller: districtHead, now: later(2) },
    );
    expect(returned.dossier.holderAgency).toBeUndefined();
    expect(returned.dossier.handoff).toMatchObject({
      id: 'd1-5',
      kind: 'RETURN',
      fromAgency: district.code,
      toAgency: commune.code,
      routeStep: 0,
      reason: 'Thiếu biên bản xét duyệt',
    });
    const back = deliver({ dossier: returned.dossier, handoffId: returned.dossier.handoff!.id, now: later(3) })!;
    expect(back.dossier).toMatchObject({ holderAgency: commune.code, routeStep: 0 });
    expect(errorOf(() => act(back.dossier, { action: 'RETURN_HANDOFF', reason: 'x' }, { caller: reception, now: later(4) }))?.code).toBe(
      'ILLEGAL_ACTION',
    );
    const taken = act(back.dossier, { action: 'ACCEPT_HANDOFF' }, { caller: reception, now: later(4) });
    expect(
      act(taken.dossier, { action: 'TRANSFER', toAgency: district }, { caller: reception, now: later(5) }).dossier.handoff?.toAgency,
    ).toBe(district.code);
  });

  it('keeps the decision with the competent agency: a commune cannot decide a district procedure', () => {
    const error = errorOf(() => act(received(), { action: 'ASSIGN', assignee: 'u0' }, { caller: communeHead, now: later(1) }));
    expect(error?.code).toBe('ILLEGAL_ACTION');
    expect(error?.details).toMatchObject({ unmetCondition: 'AT_COMPETENT_AGENCY' });
  });

  it('routes a dossier handed in at a neighbouring commune through the applicant’s commune and back', () => {
    const neighbour: AgencyRef = { code: '06.063.02017', identifier: '06.063.02017', level: 'COMMUNE' };
    const { dossier } = submit({
      id: 'd2',
      now: monday9am,
      caller: { ...reception, agencyCode: neighbour.code },
      receivingAgency: neighbour,
      subjectChain: chain,
      procedure: interconnected,
      applicant,
      documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
      channel: 'DIRECT',
    });
    expect(dossier.route.map((step) => step.agencyCode)).toEqual([
      neighbour.code,
      commune.code,
      district.code,
      commune.code,
      neighbour.code,
    ]);
    expect(dossier.competentAgency).toBe(district.code);
  });

  it('asks other agencies for opinions and resumes when the last one answers', () => {
    const taken = act(deliveredToDistrict(), { action: 'ACCEPT_HANDOFF' }, { caller: districtHead, now: later(2) });
    const { dossier: appraising } = run({ dossier: taken.dossier, event: taken.event }, [
      [{ action: 'ASSIGN', assignee: 'u2' }, districtHead, later(3)],
      [{ action: 'START_APPRAISAL' }, districtOfficer, later(4)],
    ]);
    const taxOffice: AgencyRef = { code: '06.064', identifier: '06.064', level: 'DISTRICT' };
    const consulting = act(
      appraising,
      {
        action: 'REQUEST_OPINIONS',
        question: 'Xác nhận hộ nghèo?',
        agencies: [
          { agency: commune, budget: { value: 3, unit: 'WORKING_DAYS' } },
          { agency: taxOffice, budget: { value: 2, unit: 'WORKING_DAYS' } },
        ],
      },
      { caller: districtOfficer, now: later(5) },
    );
    expect(consulting.dossier).toMatchObject({ phase: 'CONSULTING', consultation: { resumePhase: 'APPRAISING' } });
    expect(
      errorOf(() => act(consulting.dossier, { action: 'SUBMIT_FOR_SIGNATURE' }, { caller: districtOfficer, now: later(6) }))?.code,
    ).toBe('ILLEGAL_ACTION');
    expect(
      errorOf(() => act(consulting.dossier, { action: 'CLOSE_CONSULTATION' }, { caller: districtOfficer, now: later(6) }))?.details,
    ).toMatchObject({ unmetCondition: 'CONSULTATION_SETTLED' });
    const first = act(
      consulting.dossier,
      { action: 'GIVE_OPINION', opinion: 'Đồng ý', agrees: true },
      { caller: { ...reception, roles: ['AGENCY_HEAD'] }, now: later(7) },
    );
    expect(first.dossier.phase).toBe('CONSULTING');
    expect(
      errorOf(() =>
        act(
          first.dossier,
          { action: 'GIVE_OPINION', opinion: 'lần hai', agrees: true },
          { caller: { ...reception, roles: ['AGENCY_HEAD'] }, now: later(8) },
        ),
      )?.code,
    ).toBe('NOT_HOLDER');
    const last = act(
      first.dossier,
      { action: 'GIVE_OPINION', opinion: 'Không nợ thuế', agrees: true },
      { caller: { officerId: 't', name: 't', agencyCode: taxOffice.code, roles: ['AGENCY_SYSTEM'] }, now: later(9) },
    );
    expect(last.dossier).toMatchObject({ phase: 'APPRAISING', consultation: { closedAt: later(9).toISOString() } });
  });

  it('lets the lead agency close a consultation whose budgets ran out', () => {
    const taken = act(deliveredToDistrict(), { action: 'ACCEPT_HANDOFF' }, { caller: districtHead, now: later(2) });
    const { dossier } = run({ dossier: taken.dossier, event: taken.event }, [
      [{ action: 'ASSIGN', assignee: 'u2' }, districtHead, later(3)],
      [{ action: 'START_APPRAISAL' }, districtOfficer, later(4)],
      [
        { action: 'REQUEST_OPINIONS', question: 'Ý kiến?', agencies: [{ agency: commune, budget: { value: 1, unit: 'WORKING_DAYS' } }] },
        districtOfficer,
        later(5),
      ],
    ]);
    const closed = act(dossier, { action: 'CLOSE_CONSULTATION' }, { caller: districtOfficer, now: later(24 * 7) });
    expect(closed.dossier).toMatchObject({ phase: 'APPRAISING', consultation: { closedAt: later(24 * 7).toISOString() } });
  });

  it('discards a handoff that arrives after the applicant withdrew', () => {
    const sent = act(received(), { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    const withdrawn = act(sent.dossier, { action: 'WITHDRAW' }, { caller: reception, now: later(1) });
    expect(deliver({ dossier: withdrawn.dossier, handoffId: withdrawn.dossier.handoff!.id, now: later(2) })).toBeNull();
  });
});

describe('the clock', () => {
  const received = () => run(submitted(), [[{ action: 'ACCEPT', sequence: 1 }, reception]]);

  it('pauses for a supplement and moves the due date by the paused working time', () => {
    const start = received();
    const originalDue = new Date(start.dossier.dueAt!);
    // Requested Monday 09:00, received Wednesday 09:00: two working days of office time paused.
    const { dossier } = run({ dossier: start.dossier, event: start.events[1]! }, [
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'GIAY_XAC_NHAN_KT' }], reason: 'Bổ sung giấy xác nhận' }, reception, monday9am],
      [{ action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }] }, reception, later(48)],
    ]);
    expect(dossier.status).toBe('RECEIVED');
    expect(dossier.clock).toMatchObject({
      supplementRequests: 1,
      pauses: [{ reason: 'SUPPLEMENT', from: monday9am.toISOString(), to: later(48).toISOString() }],
    });
    expect(new Date(dossier.dueAt!).getTime()).toBeGreaterThan(originalDue.getTime());
    const calendar = getDefaultCalendar();
    expect(calendar.workingTimeBetween(originalDue, new Date(dossier.dueAt!))).toBe(calendar.workingTimeBetween(monday9am, later(48)));
  });

  it('records a second supplement request, which the national count treats as late', () => {
    const start = received();
    const { dossier } = run({ dossier: start.dossier, event: start.events[1]! }, [
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'GIAY_XAC_NHAN_KT' }], reason: 'a' }, reception],
      [{ action: 'RECEIVE_SUPPLEMENT', documents: [] }, reception, later(1)],
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'TO_KHAI_TCXH' }], reason: 'b' }, reception, later(2)],
    ]);
    expect(dossier.clock.supplementRequests).toBe(2);
  });

  it('pauses for a financial obligation only where the procedure says so', () => {
    const start = received();
    const { dossier } = run({ dossier: start.dossier, event: start.events[1]! }, [
      [
        { action: 'REQUEST_FINANCIAL_OBLIGATION', amount: 50_000, reason: 'Phí' },
        { ...districtHead, agencyCode: commune.code },
      ],
      [{ action: 'CONFIRM_FINANCIAL_OBLIGATION' }, reception, later(48)],
    ]);
    expect(dossier.clock.pauses).toEqual([]);
    expect(dossier.dueAt).toBe(start.dossier.dueAt);
  });
});

describe('apology (Form 04)', () => {
  const received = () => act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am }).dossier;

  it('is allowed once, with a reason and a later date, and keeps the original appointment for statistics', () => {
    const dossier = received();
    const revised = new Date(new Date(dossier.dueAt!).getTime() + 5 * 86_400_000);
    const apologized = act(
      dossier,
      { action: 'APOLOGIZE', reason: 'Chờ xác minh', revisedDueAt: revised },
      { caller: communeHead, now: later(24) },
    );
    expect(apologized.dossier.apology).toMatchObject({ reason: 'Chờ xác minh', revisedDueAt: revised.toISOString() });
    expect(apologized.dossier.dueAt).toBe(dossier.dueAt);
    const again = errorOf(() =>
      act(apologized.dossier, { action: 'APOLOGIZE', reason: 'x', revisedDueAt: revised }, { caller: communeHead, now: later(25) }),
    );
    expect(again?.code).toBe('APOLOGY_NOT_ALLOWED');
  });

  it('is refused later than one working day before the due date, or with an earlier date', () => {
    const dossier = received();
    const due = new Date(dossier.dueAt!);
    const tooLate = errorOf(() =>
      act(
        dossier,
        { action: 'APOLOGIZE', reason: 'x', revisedDueAt: new Date(due.getTime() + 86_400_000) },
        { caller: communeHead, now: new Date(due.getTime() - 3_600_000) },
      ),
    );
    expect(tooLate?.code).toBe('APOLOGY_NOT_ALLOWED');
    const earlier = errorOf(() =>
      act(
        dossier,
        { action: 'APOLOGIZE', reason: 'x', revisedDueAt: new Date(due.getTime() - 86_400_000) },
        { caller: communeHead, now: later(1) },
      ),
    );
    expect(earlier?.code).toBe('BAD_INPUT');
  });
});

describe('ending early', () => {
  it('records a withdrawal at the one-stop even while another agency holds the dossier', () => {
    const received = act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am });
    const sent = act(received.dossier, { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    const withdrawn = act(sent.dossier, { action: 'WITHDRAW', reason: 'Không có nhu cầu' }, { caller: reception, now: later(1) });
    expect(withdrawn.dossier).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'Không có nhu cầu' } });
  });

  it('lets the agency stop processing with a reason', () => {
    const received = act(submitted().dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: monday9am });
    const sent = act(received.dossier, { action: 'TRANSFER', toAgency: district }, { caller: reception, now: monday9am });
    const atDistrict = deliver({ dossier: sent.dossier, handoffId: sent.dossier.handoff!.id, now: monday9am })!;
    const taken = act(atDistrict.dossier, { action: 'ACCEPT_HANDOFF' }, { caller: districtHead, now: later(0.5) });
    const stopped = act(taken.dossier, { action: 'STOP', reason: 'Không đủ điều kiện' }, { caller: districtHead, now: later(1) });
    expect(stopped.dossier).toMatchObject({ status: 'STOPPED', stop: { reason: 'Không đủ điều kiện' } });
  });
});

describe('history is the source of truth', () => {
  it('rebuilds exactly the head from the events', () => {
    const { dossier, events } = run(submitted(), [
      [{ action: 'REQUEST_COMPLETION', items: [{ code: 'GIAY_XAC_NHAN_KT' }], reason: 'a' }, reception],
      [{ action: 'RESUBMIT', documents: [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }] }, reception],
      [{ action: 'ACCEPT', sequence: 3 }, reception],
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'TO_KHAI_TCXH' }], reason: 'b' }, reception, later(1)],
      [{ action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'TO_KHAI_TCXH', copies: 2 }] }, reception, later(30)],
    ]);
    expect(fold(events)).toEqual(dossier);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('names the domain gives', () => {
  it('names an opinion request after its consultation and agency, and reads both back', () => {
    const id = opinionRequestId('3f1c2a9e-0b7d-4e0a-9c56-1d2e3f4a5b6c-7', '06.064.02023');
    expect(parseOpinionRequestId(id)).toEqual({ consultationId: '3f1c2a9e-0b7d-4e0a-9c56-1d2e3f4a5b6c-7', agencyCode: '06.064.02023' });
    expect(parseOpinionRequestId('no-agency')).toEqual({ consultationId: 'no-agency', agencyCode: '' });
  });

  it('dates a dossier code by the Vietnamese calendar day (UTC+7)', () => {
    expect(vietnamYymmdd(new Date('2025-11-16T16:59:59Z'))).toBe('251116');
    expect(vietnamYymmdd(new Date('2025-11-16T17:00:00Z'))).toBe('251117');
  });
});

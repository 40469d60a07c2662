/** The pure plan: successors, each dossier's fate, and the checks that refuse a migration. No tables. */
import { describe, expect, it } from 'vitest';
import type { Agency } from '#domain/agencies';
import type { Dossier } from '#domain/dossier';
import { fold } from '#domain/lifecycle';
import {
  CodeRegistry,
  checkSource,
  checkTarget,
  closedAgency,
  MigrationError,
  type PlanContext,
  planDossier,
  reassign,
  recordPolicy,
  SuccessorIndex,
} from '#domain/migration';
import { provinceAgencies } from '#seed/seed';
import { SUCCESSORS } from './world';

const successors = new SuccessorIndex(SUCCESSORS);
const target = new Map(provinceAgencies('19', '2025-07').map((agency) => [agency.code, agency]));
const sources = new Map(
  [...provinceAgencies('06', '2025-03'), ...provinceAgencies('19', '2025-03')].map((agency) => [agency.code, agency]),
);
const context: PlanContext = { targetProvince: '19', target, sources, successors };

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof MigrationError) return error.code;
    throw error;
  }
  return 'NONE';
};

/** A dossier of procedure 1.001776 (commune → district → commune) at the given point. */
function dossier(overrides: Partial<Dossier>): Dossier {
  const commune = overrides.applicant?.address.communeAgencyCode ?? '06.063.02014';
  const district = commune.split('.').slice(0, 2).join('.');
  return {
    id: 'd1',
    code: `${commune}-250602-0001`,
    procedureCode: '1.001776',
    procedureVersion: 1,
    procedureName: 'Trợ cấp xã hội',
    terms: {} as Dossier['terms'],
    status: 'IN_PROCESSING',
    phase: 'ASSIGNED',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: commune } },
    documents: [],
    receivingAgency: commune,
    receivingAgencyIdentifier: commune,
    subjectChain: [],
    route: [commune, district, commune].map((agencyCode) => ({
      level: 'COMMUNE' as const,
      task: 't',
      budget: { value: 1, unit: 'WORKING_DAYS' as const },
      agencyCode,
    })),
    competentAgency: district,
    holderAgency: district,
    assignee: 'cv',
    routeStep: 1,
    submittedAt: '2025-06-02T02:00:00.000Z',
    clock: { pauses: [], supplementRequests: 0 },
    version: 6,
    updatedAt: '2025-06-02T08:00:00.000Z',
    ...overrides,
  };
}

describe('successors', () => {
  it('an old commune went whole into one new commune, was split, or is not in the table', () => {
    expect(successors.fate('06', '02014')).toMatchObject({ kind: 'ONE', newProvince: '19', newCommune: '02014' });
    expect(successors.fate('19', '05461')).toMatchObject({ kind: 'SPLIT' });
    expect(successors.fate('06', '99999')).toEqual({ kind: 'NONE' });
    expect([...successors.mergedInto('19')].sort()).toEqual(['06', '19']);
  });
});

describe('each dossier’s fate (Decree 140/2025 art. 32(2))', () => {
  it('a district’s dossier goes to the commune the applicant’s old commune went into, and the route follows', () => {
    const plan = planDossier(dossier({}), context);
    expect(plan).toMatchObject({
      action: 'REASSIGN',
      handoff: true,
      reassignment: { fromAgency: '06.063', toAgency: '19.02014', reason: 'SUCCESSOR_COMMUNE' },
    });
    if (plan.action !== 'REASSIGN') throw new Error('unreachable');
    expect(plan.reassignment.remap).toEqual({ '06.063': '19.02014', '06.063.02014': '19.02014' });
  });

  it('to the province when the old commune was split, or has no successor', () => {
    const split = dossier({ applicant: { kind: 'CITIZEN', fullName: 'A', address: { communeAgencyCode: '19.164.05461' } } });
    expect(planDossier(split, context)).toMatchObject({ reassignment: { toAgency: '19', reason: 'PARTIAL_MERGE' } });
    const forgotten = new SuccessorIndex({ ...SUCCESSORS, rows: SUCCESSORS.rows.filter((row) => row.oldCommune !== '02014') });
    expect(planDossier(dossier({}), { ...context, successors: forgotten })).toMatchObject({
      reassignment: { toAgency: '19', reason: 'NO_SUCCESSOR' },
    });
  });

  it('a merged commune’s and a merged province’s dossiers go to their successors; finished ones stay', () => {
    expect(planDossier(dossier({ holderAgency: '06.063.02014', routeStep: 0 }), context)).toMatchObject({
      reassignment: { toAgency: '19.02014', reason: 'COMMUNE_MERGED' },
    });
    expect(planDossier(dossier({ holderAgency: '06', competentAgency: '06' }), context)).toMatchObject({
      reassignment: { toAgency: '19', reason: 'MERGED_PROVINCE' },
    });
    expect(planDossier(dossier({ status: 'RETURNED' }), context)).toEqual({ action: 'KEEP' });
  });

  it('in transit to an agency that continues: sent again; held by one whose route names closed agencies: route only', () => {
    const handoff = {
      id: 'd1-5',
      kind: 'FORWARD' as const,
      procedureCode: '1.001776',
      fromAgency: '19.164',
      toAgency: '19',
      sentAt: '2025-06-02T08:00:00.000Z',
      routeStep: 1,
    };
    const { holderAgency: _, ...inTransit } = dossier({ handoff, competentAgency: '19' });
    expect(planDossier(inTransit, context)).toMatchObject({
      reassignment: { toAgency: '19', reason: 'IN_TRANSIT' },
      handoff: true,
      supersedes: 'd1-5',
    });
    expect(planDossier(dossier({ holderAgency: '19', competentAgency: '19' }), context)).toMatchObject({
      reassignment: { reason: 'ROUTE_REMAPPED' },
      handoff: false,
    });
  });

  it('a successor missing from the target refuses the migration', () => {
    const without = new Map([...target].filter(([code]) => code !== '19.02014'));
    expect(refusal(() => planDossier(dossier({}), { ...context, target: without }))).toBe('TARGET_AGENCY_MISSING');
  });
});

describe('the REASSIGNED event', () => {
  it('is folded like any event: the handoff travels already accepted, the new holder starts at TRANSFERRED, nothing else moves', () => {
    const before = dossier({});
    const plan = planDossier(before, context);
    if (plan.action !== 'REASSIGN') throw new Error('unreachable');
    const { dossier: after, event } = reassign(before, plan, { now: new Date('2025-07-01T01:00:00Z'), province: '19' });
    expect(event).toMatchObject({
      type: 'REASSIGNED',
      version: 7,
      statusAfter: 'IN_PROCESSING',
      phaseAfter: 'TRANSFERRED',
      handoff: { fromAgency: '06.063', toAgency: '19.02014', routeStep: 1 },
    });
    expect(event.handoff?.acceptedAt).toBe(event.at);
    expect(after).not.toHaveProperty('holderAgency');
    expect(after).not.toHaveProperty('assignee');
    expect(after.competentAgency).toBe('19.02014');
    expect(after.receivingAgency).toBe('19.02014');
    expect(after.code).toBe(before.code);
    expect(after.route.map((step) => step.agencyCode)).toEqual(['19.02014', '19.02014', '19.02014']);
  });

  it('closes an open consultation and resumes a paused dossier into its new holder’s first step', () => {
    const consultation = {
      id: 'c',
      procedureCode: '1.001776',
      requestedAt: 'x',
      requestedBy: 'cv',
      question: 'q',
      resumePhase: 'APPRAISING' as const,
      requests: [],
    };
    const before = dossier({
      status: 'SUPPLEMENT_REQUESTED',
      phase: undefined,
      resumeTo: { status: 'IN_PROCESSING', phase: 'APPRAISING' },
      consultation,
    });
    const plan = planDossier(before, context);
    if (plan.action !== 'REASSIGN') throw new Error('unreachable');
    const { dossier: after } = reassign(before, plan, { now: new Date('2025-07-01T01:00:00Z'), province: '19' });
    expect(after.resumeTo).toEqual({ status: 'IN_PROCESSING', phase: 'TRANSFERRED' });
    expect(after.consultation?.closedAt).toBe('2025-07-01T01:00:00.000Z');
    expect(after.status).toBe('SUPPLEMENT_REQUESTED');
  });
});

describe('closed agencies', () => {
  it('close on 30/06/2025 with the agency that took over everything they held, where one did', () => {
    const closed = (code: string) => closedAgency(sources.get(code)!, context);
    expect(closed('06')).toMatchObject({ validTo: '2025-06-30', successorCode: '19' });
    expect(closed('06.063.02014')).toMatchObject({ validTo: '2025-06-30', successorCode: '19.02014' });
    expect(closed('06.063')).not.toHaveProperty('successorCode');
    expect(closed('19.164.05461')).not.toHaveProperty('successorCode');
  });
});

describe('checks that refuse a migration before it writes', () => {
  const agencies = (code: string, edition: '2025-03' | '2025-07'): Agency[] => provinceAgencies(code, edition);

  it('a source must be the three-tier table of the province it is named for', () => {
    expect(refusal(() => checkSource('06', agencies('06', '2025-03')))).toBe('NONE');
    expect(refusal(() => checkSource('06', agencies('19', '2025-03')))).toBe('NOT_PRE_MERGE');
    expect(refusal(() => checkSource('19', agencies('19', '2025-07')))).toBe('NOT_PRE_MERGE');
  });

  it('the target must be the seeded two-tier province', () => {
    expect(refusal(() => checkTarget('19', agencies('19', '2025-07')))).toBe('NONE');
    expect(refusal(() => checkTarget('19', agencies('19', '2025-03')))).toBe('TARGET_NOT_TWO_TIER');
    expect(refusal(() => checkTarget('19', []))).toBe('TARGET_NOT_TWO_TIER');
  });

  it('two sources may not claim the same key, dossier code or agency', () => {
    const registry = new CodeRegistry();
    registry.claim('DOSSIER_CODE', '06.063.02014-250602-0001', '06');
    registry.claim('DOSSIER_CODE', '06.063.02014-250602-0001', '06');
    expect(refusal(() => registry.assertNoOverlap())).toBe('NONE');
    registry.claim('DOSSIER_CODE', '06.063.02014-250602-0001', '19');
    expect(refusal(() => registry.assertNoOverlap())).toBe('OVERLAPPING_CODES');
  });

  it('an item of an unknown kind', () => {
    expect(recordPolicy('EVENT')).toBe('COPY');
    expect(recordPolicy('PROCEDURE')).toBe('SKIP');
    expect(refusal(() => recordPolicy('SOMETHING'))).toBe('UNKNOWN_RECORD');
  });
});

it('fold rebuilds a reassigned dossier from its history', () => {
  const before = dossier({});
  const plan = planDossier(before, context);
  if (plan.action !== 'REASSIGN') throw new Error('unreachable');
  const { dossier: after, event } = reassign(before, plan, { now: new Date('2025-07-01T01:00:00Z'), province: '19' });
  const submitted = {
    dossierId: 'd1',
    version: 6,
    type: 'SUBMITTED' as const,
    at: before.updatedAt,
    actor: { officerId: 'x', agencyCode: 'x', role: 'x' },
    statusAfter: before.status,
    initial: before,
  };
  expect(fold([submitted, event])).toEqual(after);
});

import { describe, expect, it } from 'vitest';
import { BIRTH_GROUP_CODE, DIPLOMA_COPY_CODE, STARTER_CATALOG_2025 } from '#seed/starter-catalog-2025';
import { getDefaultCalendar } from './calendar';
import { nextVersion, type Procedure, type ProcedureDraft, toCalendarDuration } from './catalog';
import type { AgencyRef, Applicant } from './dossier';
import { DomainError } from './errors';
import { type Caller, submit } from './lifecycle';
import type { SectorAgency } from './routing';
import { receptionRuleAt } from './routing-reception';

// Two-tier Thái Nguyên (19): Xã Bạch Thông's centre receives for an applicant of another commune.
const province: AgencyRef = { code: '19', identifier: '19', level: 'PROVINCE' };
const bachThong: AgencyRef = { code: '19.02014', identifier: '19.02014', level: 'COMMUNE' };
const otherCommune: AgencyRef = { code: '19.05836', identifier: '19.05836', level: 'COMMUNE' };
const bachThongCentre = { code: '19.02014.TTPVHCC', identifier: '19.02014.TTPVHCC', level: 'COMMUNE' as const, receives: true };
const provinceCentre = { code: '19.TTPVHCC', identifier: '19.TTPVHCC', level: 'PROVINCE' as const, receives: true };
const justiceDept = { code: '19.STP', identifier: '19.STP', level: 'PROVINCE' as const, receives: false };
const sectors: SectorAgency[] = [
  { ...justiceDept, sector: 'TU_PHAP' },
  { code: '19.SGDDT', identifier: '19.SGDDT', level: 'PROVINCE', sector: 'GIAO_DUC_DAO_TAO' },
  { code: '19.CAT', identifier: '19.CAT', level: 'PROVINCE', sector: 'CONG_AN' },
  { code: '19.BHXH', identifier: '19.BHXH', level: 'PROVINCE', sector: 'BAO_HIEM_XA_HOI' },
];
const chainOf = (commune: AgencyRef) => [commune, province];

const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: bachThongCentre.code, roles: ['RECEPTION_OFFICER'] };
const applicantOf = (commune: AgencyRef): Applicant => ({
  kind: 'CITIZEN',
  fullName: 'Hà Thị Mai',
  address: { communeAgencyCode: commune.code },
});
const procedure = (code: string): Procedure => {
  const found = STARTER_CATALOG_2025.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};
const required = (p: Procedure) => p.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 }));
const december = new Date('2026-12-01T02:00:00Z');
const codeOf = (run: () => unknown) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

const DIPLOMA_COPY = DIPLOMA_COPY_CODE;
const BIRTH_GROUP = BIRTH_GROUP_CODE;

function submitAt(options: Partial<Parameters<typeof submit>[0]> & { procedureCode: string }) {
  const p = procedure(options.procedureCode);
  return submit({
    id: 'd1',
    now: december,
    caller: reception,
    receivingAgency: bachThongCentre,
    subjectChain: chainOf(otherCommune),
    sectorAgencies: sectors,
    procedure: p,
    applicant: applicantOf(otherCommune),
    documents: required(p),
    channel: 'DIRECT',
    ...options,
  });
}

describe('reception regardless of boundary (Decree 118/2025)', () => {
  it("a commune centre receives a department's procedure for an applicant of another commune; the department decides, the result comes back", () => {
    const { dossier } = submitAt({ procedureCode: DIPLOMA_COPY });
    expect(dossier.receivingAgency).toBe(bachThongCentre.code);
    expect(dossier.competentAgency).toBe('19.SGDDT');
    expect(dossier.route.map((step) => step.agencyCode)).toEqual([bachThongCentre.code, '19.SGDDT', bachThongCentre.code]);
    expect(dossier.resultDelivery).toEqual({ mode: 'RECEPTION_POINT', agencyCode: bachThongCentre.code });
  });

  it('the result goes to another reception point the applicant chose, or by post where the procedure allows', () => {
    const elsewhere = submitAt({ procedureCode: DIPLOMA_COPY, delivery: { returnAt: provinceCentre } }).dossier;
    expect(elsewhere.route.at(-1)?.agencyCode).toBe(provinceCentre.code);
    expect(elsewhere.resultDelivery).toEqual({ mode: 'RECEPTION_POINT', agencyCode: provinceCentre.code });
    const posted = submitAt({ procedureCode: DIPLOMA_COPY, delivery: { mode: 'POSTAL' } }).dossier;
    expect(posted.resultDelivery).toEqual({ mode: 'POSTAL', agencyCode: bachThongCentre.code });
    expect(codeOf(() => submitAt({ procedureCode: '2.000815', delivery: { mode: 'ONLINE' } }))).toBe('BAD_INPUT');
    expect(codeOf(() => submitAt({ procedureCode: DIPLOMA_COPY, delivery: { returnAt: justiceDept } }))).toBe('BAD_INPUT');
    expect(codeOf(() => submitAt({ procedureCode: DIPLOMA_COPY, delivery: { mode: 'POSTAL', returnAt: provinceCentre } }))).toBe(
      'BAD_INPUT',
    );
  });

  it('the interconnected birth group runs commune justice → provincial police → social insurance and back', () => {
    const { dossier } = submitAt({ procedureCode: BIRTH_GROUP });
    expect(dossier.route.map((step) => step.agencyCode)).toEqual([
      bachThongCentre.code,
      otherCommune.code,
      '19.CAT',
      '19.BHXH',
      bachThongCentre.code,
    ]);
    expect(dossier.competentAgency).toBe(otherCommune.code);
  });

  it('refuses an agency that is not a reception point, an applicant of another province, and a province without the sector', () => {
    expect(codeOf(() => submitAt({ procedureCode: DIPLOMA_COPY, receivingAgency: justiceDept }))).toBe('FORBIDDEN');
    const hanoi: AgencyRef = { code: '01.00004', identifier: '01.00004', level: 'COMMUNE' };
    expect(
      codeOf(() => submitAt({ procedureCode: DIPLOMA_COPY, subjectChain: [hanoi, { code: '01', identifier: '01', level: 'PROVINCE' }] })),
    ).toBe('FORBIDDEN');
    expect(codeOf(() => submitAt({ procedureCode: BIRTH_GROUP, sectorAgencies: [] }))).toBe('ROUTE_VIOLATION');
  });
});

describe('the 2018 rules stay for dossiers received before 01/07/2025', () => {
  const lastMinute = new Date('2025-06-30T16:59:00Z'); // 30/06/2025 23:59 in Vietnam
  const firstMinute = new Date('2025-06-30T17:00:00Z'); // 01/07/2025 00:00

  it('picks the rule by the moment of receipt', () => {
    expect(receptionRuleAt(lastMinute).id).toBe('2018');
    expect(receptionRuleAt(firstMinute).id).toBe('2025');
  });

  it('a province procedure is refused at a commune one-stop, and the result may not go elsewhere, at 23:59; received at 00:00', () => {
    expect(codeOf(() => submitAt({ procedureCode: DIPLOMA_COPY, now: lastMinute }))).toBe('FORBIDDEN');
    const commune = { ...bachThong, receives: true };
    expect(
      codeOf(() =>
        submitAt({ procedureCode: '2.000815', now: lastMinute, receivingAgency: commune, delivery: { returnAt: provinceCentre } }),
      ),
    ).toBe('BAD_INPUT');
    expect(submitAt({ procedureCode: DIPLOMA_COPY, now: firstMinute }).dossier.status).toBe('SUBMITTED');
  });
});

describe('durations in calendar days and months', () => {
  const draft = (duration: ProcedureDraft['duration']): ProcedureDraft => {
    const { version: _version, ...rest } = procedure('2.000815');
    return { ...rest, duration, route: [{ level: 'COMMUNE', task: 'Giải quyết', budget: { value: 5, unit: 'WORKING_DAYS' } }] };
  };

  it('are catalogued, and bounded in their own unit', () => {
    expect(nextVersion(undefined, draft({ value: 30, unit: 'CALENDAR_DAYS' })).duration.unit).toBe('CALENDAR_DAYS');
    expect(nextVersion(undefined, draft({ value: 3, unit: 'MONTHS' })).duration.unit).toBe('MONTHS');
    expect(codeOf(() => nextVersion(undefined, draft({ value: 13, unit: 'MONTHS' })))).toBe('BAD_INPUT');
  });

  it('are counted by the Civil Code: from the next day; a last day off moves to the next working day', () => {
    const calendar = getDefaultCalendar();
    // Accepted Friday 09/01/2026: 30 days → Sunday 08/02/2026 → Monday 09/02/2026, end of office hours.
    const accepted = new Date('2026-01-09T02:00:00Z');
    const due30 = calendar.dueAt(accepted, toCalendarDuration({ value: 30, unit: 'CALENDAR_DAYS' }));
    expect(due30.toISOString().slice(0, 10)).toBe('2026-02-09');
    // Accepted Friday 30/01/2026, one month → 28/02 (February has no 30th), a Saturday → Monday 02/03/2026.
    const dueMonth = calendar.dueAt(new Date('2026-01-30T02:00:00Z'), toCalendarDuration({ value: 1, unit: 'MONTHS' }));
    expect(dueMonth.toISOString().slice(0, 10)).toBe('2026-03-02');
  });

  it('the starter catalog has a procedure in calendar days', () => {
    expect(STARTER_CATALOG_2025.some((p) => p.duration.unit === 'CALENDAR_DAYS')).toBe(true);
  });
});

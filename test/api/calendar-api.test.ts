import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarOf as domainCalendar } from '#domain/calendar';
import { createCalendarService } from '#services/calendar';
import { CalendarStore } from '#store/calendar-store';
import { createDocumentClient } from '#store/clients';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot as snapshotOf } from '../support/table-snapshot';

/**
 * The calendar as data, through the real GraphQL Lambda handler over DynamoDB Local: the seeded
 * official schedules, the statute for a year without one (and saying so), loading a year without
 * a release, and refusals that change nothing.
 */

const admin: Claims = { sub: 'admin-bac-kan', name: 'Quản trị tỉnh', agency: '06', roles: 'PROVINCE_ADMIN' };
const reception: Claims = { sub: 'tn-duongphong', agency: '06.063.02014', roles: 'RECEPTION_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const tableSnapshot = () => snapshotOf(fixture.dynamo, fixture.tableName);

const CALENDAR = /* GraphQL */ `
  query Calendar($year: Int!) {
    workingCalendar(year: $year) {
      year source sourceLabel
      schedule { year revision loadedBy loadedAt source { document url confirmed } breaks { name from to source { document confirmed } } }
      specialDays { date workingDay reason holiday name citation }
    }
  }
`;
const LOAD = /* GraphQL */ `
  mutation Load($input: DayOffScheduleInput!) {
    loadDayOffSchedule(input: $input) { year revision loadedBy loadedAt source { document url confirmed } breaks { name swaps { dayOff workOn } } }
  }
`;

interface CalendarDay {
  date: string;
  workingDay: boolean;
  reason: string;
  holiday: string | null;
  name: string;
  citation: string;
}
interface WorkingCalendar {
  year: number;
  source: 'OFFICIAL_SCHEDULE' | 'STATUTE';
  sourceLabel: string;
  schedule: {
    year: number;
    revision: number;
    loadedBy: string;
    loadedAt: string;
    source: { document: string; url: string | null; confirmed: boolean };
  } | null;
  specialDays: CalendarDay[];
}

const calendarOf = async (year: number, claims: Claims = reception) => {
  const response = await gql<{ workingCalendar: WorkingCalendar }>(CALENDAR, { year }, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.workingCalendar;
};

const dayOf = (calendar: WorkingCalendar, date: string) => calendar.specialDays.find((day) => day.date === date);

// 2027 as it might be decided. Mùng 1 Tết Đinh Mùi is Saturday 06/02/2027.
const holidays = (code: string, ...dates: string[]) => dates.map((date) => ({ date, code }));
const SCHEDULE_2027 = {
  year: 2027,
  source: { document: 'Văn bản 9999/VPCP-KGVX (kiểm thử)', url: 'https://vpcp.example.vn/9999', confirmed: true },
  breaks: [
    { name: 'Tết Dương lịch', from: '2027-01-01', to: '2027-01-03', holidays: holidays('NEW_YEAR', '2027-01-01') },
    {
      name: 'Tết Nguyên đán',
      from: '2027-02-04',
      to: '2027-02-12',
      holidays: holidays('LUNAR_NEW_YEAR', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'),
      compensatory: [
        { date: '2027-02-10', forDate: '2027-02-06' },
        { date: '2027-02-11', forDate: '2027-02-07' },
      ],
      swaps: [
        { dayOff: '2027-02-04', workOn: '2027-01-23' },
        { dayOff: '2027-02-12', workOn: '2027-02-20' },
      ],
    },
    { name: 'Giỗ Tổ Hùng Vương', from: '2027-04-16', to: '2027-04-16', holidays: holidays('HUNG_KINGS', '2027-04-16') },
    {
      name: 'Ngày Chiến thắng và Ngày Quốc tế lao động',
      from: '2027-04-30',
      to: '2027-05-03',
      holidays: [...holidays('VICTORY_DAY', '2027-04-30'), ...holidays('LABOUR_DAY', '2027-05-01')],
      compensatory: [{ date: '2027-05-03', forDate: '2027-05-01' }],
    },
    { name: 'Quốc khánh', from: '2027-09-02', to: '2027-09-05', holidays: holidays('NATIONAL_DAY', '2027-09-02', '2027-09-03') },
  ],
};

describe('the seeded province', () => {
  it.each([
    [2024, 'Thông báo 5015/TB-LĐTBXH', '2024-04-29', 'SWAPPED'],
    [2025, 'Thông báo 6150/TB-BLĐTBXH', '2025-04-26', 'MAKE_UP'],
    [2026, '12729/VPCP-KGVX', '2026-01-10', 'MAKE_UP'],
  ])('has the official %i schedule, with its source, loaded by the seed', async (year, document, date, reason) => {
    const calendar = await calendarOf(year);
    expect(calendar).toMatchObject({ year, source: 'OFFICIAL_SCHEDULE', schedule: { year, revision: 1, loadedBy: 'seed' } });
    expect(calendar.schedule!.source.document).toContain(document);
    expect(dayOf(calendar, date)).toMatchObject({ reason });
  });

  it('follows the statute for a year without a schedule, and says so', async () => {
    const calendar = await calendarOf(2027);
    expect(calendar).toMatchObject({ source: 'STATUTE', schedule: null });
    expect(calendar.sourceLabel).toContain('chưa có thông báo chính thức');
    // Computed lunar Tết (mùng 1 = Saturday 06/02/2027) and its compensatory days.
    expect(dayOf(calendar, '2027-02-06')).toMatchObject({ workingDay: false, reason: 'STATUTORY_HOLIDAY', holiday: 'LUNAR_NEW_YEAR' });
    expect(dayOf(calendar, '2027-02-10')).toMatchObject({ workingDay: false, reason: 'COMPENSATORY' });
    expect(dayOf(calendar, '2027-02-06')!.citation).toContain('luật định');
    expect(dayOf(calendar, '2027-02-04')).toBeUndefined();
  });

  it('tells on each receipted dossier whether its appointment was counted on official schedules only', async () => {
    const submitted = await gql<{ submitDossier: { id: string; version: number } }>(
      `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id version } }`,
      {
        input: {
          procedureCode: '2.000815',
          applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: '06.063.02014' } },
          documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }],
        },
      },
      reception,
    );
    const { id, version } = submitted.data!.submitDossier;
    const accepted = await gql<{
      acceptDossier: {
        dueAt: string;
        dueDateCalendar: string;
        verdict: { verdict: string; label: string };
        forms: { controlSlip: { rows: unknown[]; currentStep: unknown } };
      };
    }>(
      `mutation ($id: ID!, $v: Int!) {
        acceptDossier(id: $id, expectedVersion: $v) {
          dueAt dueDateCalendar verdict { verdict label }
          forms { controlSlip { rows { verdict } currentStep { agency verdict verdictLabel } } }
        }
      }`,
      { id, v: version },
      reception,
    );
    const { dueAt, dueDateCalendar, verdict, forms } = accepted.data!.acceptDossier;
    // The same day (or the next working day): whichever year that is, the answer matches the calendar's.
    expect(dueDateCalendar).toBe((await calendarOf(Number(dueAt.slice(0, 4)))).source);
    // Open and before its appointment: "chưa đến hạn", not "trước hạn".
    expect(verdict).toEqual({ verdict: 'NOT_YET_DUE', label: 'Chưa đến hạn' });
    // Form 05: no handover yet; the step in progress at the one-stop, not yet due.
    expect(forms.controlSlip).toEqual({
      rows: [],
      currentStep: { agency: 'UBND Xã Dương Phong', verdict: 'NOT_YET_DUE', verdictLabel: 'Chưa đến hạn' },
    });
  });
});

describe('loading a schedule without a release', () => {
  it('refuses a schedule the Labour Code does not allow, with every problem, and changes nothing', async () => {
    const before = await tableSnapshot();
    const fourTetDays = {
      ...SCHEDULE_2027,
      breaks: SCHEDULE_2027.breaks.map((b) => (b.name === 'Tết Nguyên đán' ? { ...b, holidays: b.holidays.slice(0, 4) } : b)),
    };
    const response = await gql(LOAD, { input: fourTetDays }, admin);
    expect(response.data).toBeNull();
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'INVALID_DAY_OFF_SCHEDULE', year: 2027 });
    const problems = response.errors![0]!.extensions!.problems as string[];
    expect(problems.join('\n')).toContain('Labour Code art. 112 gives 5');
    expect(problems.join('\n')).toContain('2027-02-09 is off but is neither a holiday');
    expect(await tableSnapshot()).toBe(before);
    expect((await calendarOf(2027)).source).toBe('STATUTE');
  });

  it.each([
    ['an empty source document', { ...SCHEDULE_2027, source: { ...SCHEDULE_2027.source, document: ' ' } }, 'source.document'],
    [
      'a source that is not a web address',
      { ...SCHEDULE_2027, source: { ...SCHEDULE_2027.source, url: 'file:///etc/passwd' } },
      'source.url',
    ],
    [
      'a break name of 600 characters',
      { ...SCHEDULE_2027, breaks: [{ ...SCHEDULE_2027.breaks[0]!, name: 'x'.repeat(600) }, ...SCHEDULE_2027.breaks.slice(1)] },
      'breaks.0.name',
    ],
  ])('refuses %s as BAD_INPUT and changes nothing', async (_label, input, field) => {
    const before = await tableSnapshot();
    const response = await gql(LOAD, { input }, admin);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_INPUT', field });
    expect(await tableSnapshot()).toBe(before);
  });

  it('is for the province administrator only', async () => {
    const before = await tableSnapshot();
    const response = await gql(LOAD, { input: SCHEDULE_2027 }, { ...reception, roles: 'AGENCY_HEAD' });
    expect(response.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await gql(CALENDAR, { year: 2027 })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(await tableSnapshot()).toBe(before);
  });

  it('stores the schedule with its source, who loaded it and when; the calendar uses it at once', async () => {
    const started = Date.now();
    const response = await gql<{ loadDayOffSchedule: { revision: number; loadedBy: string; loadedAt: string; source: unknown } }>(
      LOAD,
      { input: SCHEDULE_2027 },
      admin,
    );
    expect(response.errors).toBeUndefined();
    const loaded = response.data!.loadDayOffSchedule;
    expect(loaded).toMatchObject({
      revision: 1,
      loadedBy: 'admin-bac-kan',
      source: { document: 'Văn bản 9999/VPCP-KGVX (kiểm thử)', url: 'https://vpcp.example.vn/9999', confirmed: true },
    });
    expect(new Date(loaded.loadedAt).getTime()).toBeGreaterThanOrEqual(started - 1000);

    // Same container, right after the load: no stale calendar.
    const calendar = await calendarOf(2027);
    expect(calendar).toMatchObject({ source: 'OFFICIAL_SCHEDULE', schedule: { revision: 1, loadedBy: 'admin-bac-kan' } });
    expect(dayOf(calendar, '2027-02-04')).toMatchObject({ workingDay: false, reason: 'SWAPPED' });
    expect(dayOf(calendar, '2027-01-23')).toMatchObject({ workingDay: true, reason: 'MAKE_UP' });
    expect(dayOf(calendar, '2027-02-04')!.citation).toBe('Văn bản 9999/VPCP-KGVX (kiểm thử)');

    const list = await gql<{ dayOffSchedules: { year: number; loadedBy: string }[] }>(
      '{ dayOffSchedules { year loadedBy } }',
      {},
      reception,
    );
    expect(list.data!.dayOffSchedules).toEqual([
      { year: 2024, loadedBy: 'seed' },
      { year: 2025, loadedBy: 'seed' },
      { year: 2026, loadedBy: 'seed' },
      { year: 2027, loadedBy: 'admin-bac-kan' },
    ]);
  });

  it('replaces a year with a new revision and keeps who loaded the earlier one', async () => {
    const corrected = { ...SCHEDULE_2027, source: { document: 'Thông báo 1234/TB-BNV (kiểm thử)', confirmed: false } };
    const response = await gql<{ loadDayOffSchedule: { revision: number; source: { url: string | null; confirmed: boolean } } }>(
      LOAD,
      { input: corrected },
      { ...admin, sub: 'admin-2' },
    );
    expect(response.data!.loadDayOffSchedule).toMatchObject({ revision: 2, source: { url: null, confirmed: false } });
    expect((await calendarOf(2027)).schedule).toMatchObject({ revision: 2, loadedBy: 'admin-2' });
    const snapshot = await tableSnapshot();
    expect(snapshot).toContain('SCHEDULE_HISTORY#2027#0001');
    expect(snapshot).toContain('SCHEDULE_HISTORY#2027#0002');
  });
});

describe('the calendar cache of a Lambda container', () => {
  /** A container's calendar service with its own clock for the cache's age, and the commands it sends. */
  function container() {
    // A client of its own (the document client shares its base client's middleware stack), built
    // from the handler environment as a Lambda container builds it.
    const db = createDocumentClient(new DynamoDBClient({}));
    const commands: string[] = [];
    db.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    let clock = 0;
    const service = createCalendarService(new CalendarStore({ db, name: fixture.tableName }), {
      now: () => new Date(),
      ttlMs: 60_000,
      monotonic: () => clock,
    });
    return { service, commands, advance: (ms: number) => (clock += ms) };
  }
  const input2028 = {
    year: 2028,
    source: { document: 'Lịch nghỉ 2028 (kiểm thử bộ nhớ đệm)', status: 'U' as const },
    // The statute's days for 2028, as a schedule: every holiday on a weekend gets its compensatory day.
    breaks: [
      {
        name: 'Tết Dương lịch',
        from: '2028-01-01',
        to: '2028-01-03',
        holidays: [{ date: '2028-01-01', code: 'NEW_YEAR' as const }],
        compensatory: [{ date: '2028-01-03', for: '2028-01-01' }],
      },
      {
        name: 'Tết Nguyên đán',
        from: '2028-01-25',
        to: '2028-01-31',
        // Mùng 1 Tết Mậu Thân is Wednesday 26/01/2028.
        holidays: ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29'].map((date) => ({
          date,
          code: 'LUNAR_NEW_YEAR' as const,
        })),
        compensatory: [{ date: '2028-01-31', for: '2028-01-29' }],
      },
      { name: 'Giỗ Tổ Hùng Vương', from: '2028-04-04', to: '2028-04-04', holidays: [{ date: '2028-04-04', code: 'HUNG_KINGS' as const }] },
      {
        name: '30/4–1/5',
        from: '2028-04-29',
        to: '2028-05-02',
        holidays: [
          { date: '2028-04-30', code: 'VICTORY_DAY' as const },
          { date: '2028-05-01', code: 'LABOUR_DAY' as const },
        ],
        compensatory: [{ date: '2028-05-02', for: '2028-04-30' }],
      },
      {
        name: 'Quốc khánh',
        from: '2028-09-01',
        to: '2028-09-04',
        holidays: [
          { date: '2028-09-01', code: 'NATIONAL_DAY' as const },
          { date: '2028-09-02', code: 'NATIONAL_DAY' as const },
        ],
        compensatory: [{ date: '2028-09-04', for: '2028-09-02' }],
      },
    ],
  };

  it('reads the schedules with one Query, then serves from memory until its time is up; a load refreshes its own container at once', async () => {
    const a = container();
    const b = container();
    await a.service.ready();
    await b.service.ready();
    expect(a.commands).toEqual(['QueryCommand']);
    await b.service.ready();
    expect(b.commands).toEqual(['QueryCommand']); // cached: no read
    expect((await b.service.workingCalendar(2028)).source).toBe('statutory-only');

    const loaded = await a.service.loadSchedule('admin-a', input2028);
    expect(loaded).toMatchObject({ year: 2028, revision: 1, loadedBy: 'admin-a' });
    expect(a.commands).toEqual(['QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand', 'QueryCommand']);
    expect(a.commands).not.toContain('ScanCommand');
    // The loading container uses it at once; the domain's calendar too.
    expect((await a.service.workingCalendar(2028)).source).toBe('official');
    expect(domainCalendar().yearSource(2028)).toBe('official');

    // Another container keeps its set until its time is up, then reads again.
    expect((await b.service.workingCalendar(2028)).source).toBe('statutory-only');
    b.advance(60_000);
    expect((await b.service.workingCalendar(2028)).source).toBe('official');
    expect(b.commands.filter((name) => name === 'QueryCommand')).toHaveLength(2);
  });
});

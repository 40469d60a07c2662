import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  acceptScheduleLoad,
  bundledSchedules,
  calendarOf,
  createCalendar,
  keptAppointment,
  OFFICIAL_SCHEDULES,
  type ScheduleLoadInput,
  schedulesKey,
  toVnIso,
  useOfficialSchedules,
  vnTime,
  yearView,
} from './index';

/**
 * Official schedules as data loaded at run time: the load's validation, the installed set, the
 * statute fallback, and what a schedule that arrives late does to appointments already issued.
 */

// A 2027 schedule as the Government might decide it. Tết 2027 (mùng 1) is Saturday 06/02/2027.
const SCHEDULE_2027: ScheduleLoadInput = {
  year: 2027,
  source: { document: 'Văn bản xx/VPCP-KGVX (kiểm thử)', url: 'https://example.gov.vn/lich-nghi-2027', status: 'U' },
  breaks: [
    { name: 'Tết Dương lịch', from: '2027-01-01', to: '2027-01-03', holidays: [{ date: '2027-01-01', code: 'NEW_YEAR' }] },
    {
      name: 'Tết Nguyên đán',
      from: '2027-02-04',
      to: '2027-02-12',
      holidays: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'].map((date) => ({
        date,
        code: 'LUNAR_NEW_YEAR' as const,
      })),
      compensatory: [
        { date: '2027-02-10', for: '2027-02-06' },
        { date: '2027-02-11', for: '2027-02-07' },
      ],
      // Thursday 04/02 and Friday 12/02 off, worked on two Saturdays.
      swaps: [
        { dayOff: '2027-02-04', workOn: '2027-01-23' },
        { dayOff: '2027-02-12', workOn: '2027-02-20' },
      ],
    },
    { name: 'Giỗ Tổ Hùng Vương', from: '2027-04-16', to: '2027-04-16', holidays: [{ date: '2027-04-16', code: 'HUNG_KINGS' }] },
    {
      name: 'Ngày Chiến thắng và Ngày Quốc tế lao động',
      from: '2027-04-30',
      to: '2027-05-03',
      holidays: [
        { date: '2027-04-30', code: 'VICTORY_DAY' },
        { date: '2027-05-01', code: 'LABOUR_DAY' },
      ],
      compensatory: [{ date: '2027-05-03', for: '2027-05-01' }],
    },
    {
      name: 'Quốc khánh',
      from: '2027-09-02',
      to: '2027-09-05',
      holidays: [
        { date: '2027-09-02', code: 'NATIONAL_DAY' },
        { date: '2027-09-03', code: 'NATIONAL_DAY' },
      ],
    },
  ],
};

const officer = { officerId: 'admin-19', now: new Date('2026-11-20T03:00:00Z') };

const errorOf = (action: () => unknown): DomainError => {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

afterEach(() => useOfficialSchedules('bundled', OFFICIAL_SCHEDULES));

describe('loading a schedule', () => {
  it('accepts a schedule that meets art. 112, with its source, who loaded it and when', () => {
    const loaded = acceptScheduleLoad(SCHEDULE_2027, officer);
    expect(loaded).toMatchObject({
      year: 2027,
      revision: 1,
      loadedBy: 'admin-19',
      loadedAt: '2026-11-20T03:00:00.000Z',
      source: { document: 'Văn bản xx/VPCP-KGVX (kiểm thử)', url: 'https://example.gov.vn/lich-nghi-2027', status: 'U' },
    });
    expect(loaded.schedule.breaks[1]!.evidence).toEqual({
      status: 'U',
      source: 'Văn bản xx/VPCP-KGVX (kiểm thử)',
      seenAt: ['https://example.gov.vn/lich-nghi-2027'],
    });
    expect(acceptScheduleLoad(SCHEDULE_2027, { ...officer, current: loaded }).revision).toBe(2);
  });

  it.each([
    [
      'four Tết days',
      (s: ScheduleLoadInput) => ({
        ...s,
        breaks: s.breaks.map((b) =>
          b.name === 'Tết Nguyên đán' ? { ...b, holidays: b.holidays.slice(1), compensatory: [], from: '2027-02-06' } : b,
        ),
      }),
      'Labour Code art. 112 gives 5',
    ],
    [
      'Hùng Kings on the wrong day',
      (s: ScheduleLoadInput) => ({
        ...s,
        breaks: s.breaks.map((b) =>
          b.name === 'Giỗ Tổ Hùng Vương'
            ? { ...b, from: '2027-04-15', to: '2027-04-15', holidays: [{ date: '2027-04-15', code: 'HUNG_KINGS' as const }] }
            : b,
        ),
      }),
      'must be 10/3 lunar',
    ],
    [
      'an unexplained weekday off',
      (s: ScheduleLoadInput) => ({ ...s, breaks: s.breaks.map((b) => (b.name === 'Quốc khánh' ? { ...b, to: '2027-09-06' } : b)) }),
      'is neither a holiday',
    ],
    [
      'a make-up day on a weekday',
      (s: ScheduleLoadInput) => ({
        ...s,
        breaks: s.breaks.map((b) => (b.swaps ? { ...b, swaps: [{ dayOff: '2027-02-04', workOn: '2027-01-22' }, b.swaps[1]!] } : b)),
      }),
      'must be a Saturday or Sunday',
    ],
    [
      'no National Day on 2/9',
      (s: ScheduleLoadInput) => ({ ...s, breaks: s.breaks.filter((b) => b.name !== 'Quốc khánh') }),
      'Quốc khánh: 0 day(s)',
    ],
    [
      'a date that does not exist',
      (s: ScheduleLoadInput) => ({ ...s, breaks: [{ ...s.breaks[0]!, to: '2027-02-30' }, ...s.breaks.slice(1)] }),
      '2027',
    ],
    ['a year outside the Labour Code 2019', (s: ScheduleLoadInput) => ({ ...s, year: 2019 }), '2019'],
  ])('refuses %s with INVALID_DAY_OFF_SCHEDULE and every problem listed', (_label, change, problem) => {
    const error = errorOf(() => acceptScheduleLoad(change(SCHEDULE_2027), officer));
    expect(error.code).toBe('INVALID_DAY_OFF_SCHEDULE');
    expect((error.details.problems as string[]).join('\n')).toContain(problem);
  });

  it.each([
    ['an empty source document', { ...SCHEDULE_2027, source: { document: '  ', status: 'V' as const } }, 'source.document'],
    [
      'a source URL that is not http(s)',
      { ...SCHEDULE_2027, source: { document: 'TB 1', url: 'javascript:alert(1)', status: 'V' as const } },
      'source.url',
    ],
    ['no breaks', { ...SCHEDULE_2027, breaks: [] }, 'breaks'],
    ['too many breaks', { ...SCHEDULE_2027, breaks: Array.from({ length: 21 }, () => SCHEDULE_2027.breaks[0]!) }, 'breaks'],
    ['a date not written YYYY-MM-DD', { ...SCHEDULE_2027, breaks: [{ ...SCHEDULE_2027.breaks[0]!, from: '01/01/2027' }] }, 'breaks.0'],
  ])('refuses %s as BAD_INPUT', (_label, input, field) => {
    const error = errorOf(() => acceptScheduleLoad(input, officer));
    expect(error).toMatchObject({ code: 'BAD_INPUT', details: { field } });
  });

  it('ships 2024, 2025 and 2026 as the seed, each with its sources', () => {
    const seed = bundledSchedules(new Date('2026-12-01T00:00:00Z'));
    expect(seed.map((s) => [s.year, s.revision, s.loadedBy])).toEqual([
      [2024, 1, 'seed'],
      [2025, 1, 'seed'],
      [2026, 1, 'seed'],
    ]);
    expect(seed[0]!.source.document).toContain('Thông báo 5015/TB-LĐTBXH');
    expect(seed[0]!.source.document).toContain('2450/VPCP-KGVX');
    // 1/1/2024 was read in no notice: the year as a whole is marked unconfirmed.
    expect(seed[0]!.source.status).toBe('U');
  });
});

describe('the installed set', () => {
  it('is what every calendar computes with, until another set is installed', () => {
    expect(calendarOf().yearSource(2027)).toBe('statutory-only');
    const loaded = acceptScheduleLoad(SCHEDULE_2027, officer);
    useOfficialSchedules(schedulesKey('t', [loaded]), [loaded.schedule]);
    expect(calendarOf().yearSource(2027)).toBe('official');
    expect(calendarOf([{ start: '08:00', end: '12:00' }]).isWorkingDay('2027-02-12')).toBe(false);
    expect(calendarOf().isWorkingDay('2027-02-20')).toBe(true); // make-up Saturday
    // Only 2027 is loaded in this set: 2026 now follows the statute, and says so.
    expect(yearView(calendarOf(), 2026)).toMatchObject({
      source: 'statutory-only',
      label: expect.stringContaining('chưa có thông báo chính thức'),
    });
  });

  it('keeps the set it had when a new one is invalid', () => {
    const broken = { ...OFFICIAL_SCHEDULES[0]!, breaks: OFFICIAL_SCHEDULES[0]!.breaks.slice(1) };
    expect(() => useOfficialSchedules('broken', [broken])).toThrow(/Invalid official schedule/);
    expect(calendarOf().yearSource(2025)).toBe('official');
  });

  it('without a schedule, a year follows the statute: computed lunar Tết, and the statute cited on each day', () => {
    const view = yearView(createCalendar({ schedules: [] }), 2027);
    expect(view.source).toBe('statutory-only');
    const tet = view.specialDays
      .filter((day) => day.code === 'LUNAR_NEW_YEAR' && day.reason === 'STATUTORY_HOLIDAY')
      .map((day) => day.date);
    expect(tet).toHaveLength(5);
    expect(tet).toContain('2027-02-06'); // mùng 1 Tết Đinh Mùi (computed)
    expect(view.specialDays.every((day) => day.citation?.includes('luật định'))).toBe(true);
  });

  it('lists the special days of an official year: holidays, compensatory and swapped days, make-up Saturdays', () => {
    const view = yearView(calendarOf(), 2024);
    expect(view.source).toBe('official');
    const byDate = new Map(view.specialDays.map((day) => [day.date, day]));
    expect(byDate.get('2024-02-13')).toMatchObject({ reason: 'COMPENSATORY', isWorkingDay: false });
    expect(byDate.get('2024-04-29')).toMatchObject({ reason: 'SWAPPED', isWorkingDay: false });
    expect(byDate.get('2024-05-04')).toMatchObject({ reason: 'MAKE_UP', isWorkingDay: true });
    expect(byDate.get('2024-09-03')).toMatchObject({ reason: 'STATUTORY_HOLIDAY', code: 'NATIONAL_DAY' });
  });
});

describe('a schedule that arrives late', () => {
  // Receipted Thursday 21/01/2027 09:00 for 10 working days while 2027 had no schedule: the
  // statute counts 22/01 … 04/02, so the receipt promises Thursday 04/02/2027.
  const statute = createCalendar({ schedules: [] });
  const receivedAt = vnTime('2027-01-21', '09:00');
  const tenDays = { value: 10, unit: 'WORKING_DAYS' } as const;
  const issued = statute.dueAt(receivedAt, tenDays);
  // Then the 2027 schedule is loaded: Saturday 23/01 becomes a make-up working day and 04/02 a swapped day off.
  const official = () => createCalendar({ schedules: [acceptScheduleLoad(SCHEDULE_2027, officer).schedule] });

  it('never moves an issued appointment earlier, though the new schedule would count it earlier', () => {
    expect(toVnIso(issued)).toBe('2027-02-04T17:00:00+07:00');
    const recounted = official().dueAt(receivedAt, tenDays);
    expect(toVnIso(recounted)).toBe('2027-02-03T17:00:00+07:00');
    // What a recomputation after a pause keeps (clock.resumedDueAt): the promise, or a later date.
    expect(keptAppointment(issued.toISOString(), recounted)).toEqual(issued);
    const later = new Date(issued.getTime() + 86_400_000);
    expect(keptAppointment(issued.toISOString(), later)).toEqual(later);
  });

  it('holds the agency to the end of the next working day when the appointment day became a day off (art. 148)', () => {
    const calendar = official();
    expect(calendar.isWorkingDay(issued)).toBe(false);
    expect(toVnIso(calendar.heldDueAt(issued))).toBe('2027-02-15T17:00:00+07:00');
    expect(calendar.verdict(vnTime('2027-02-15', '16:00'), issued)).toBe('ON_TIME');
    expect(calendar.verdict(vnTime('2027-02-16', '08:00'), issued)).toBe('LATE');
    expect(calendar.standing(vnTime('2027-02-15', '10:00'), issued)).toBe('NOT_YET_DUE');
    // Under the statute alone, finishing on 15/02 would have been late.
    expect(statute.verdict(vnTime('2027-02-15', '16:00'), issued)).toBe('LATE');
  });

  it('leaves due dates that stay on working days exactly as issued', () => {
    const onWorkingDay = statute.dueAt(vnTime('2027-03-01', '09:00'), tenDays);
    expect(official().heldDueAt(onWorkingDay)).toEqual(onWorkingDay);
  });
});

describe('verdicts of open work', () => {
  const calendar = createCalendar();
  const due = vnTime('2026-03-10', '17:00');

  it('reads "chưa đến hạn" before the due moment and "quá hạn" after it, never "trước hạn"', () => {
    expect(calendar.standing(vnTime('2026-03-02', '09:00'), due)).toBe('NOT_YET_DUE');
    expect(calendar.standing(due, due)).toBe('NOT_YET_DUE');
    expect(calendar.standing(vnTime('2026-03-10', '17:01'), due)).toBe('LATE');
    expect(calendar.verdict(vnTime('2026-03-02', '09:00'), due)).toBe('EARLY');
  });
});

import { describe, expect, it } from 'vitest';
import { dayNumber, formatIsoDate, isWeekend, parseIsoDate } from './civil-date';
import { DayTables } from './day-table';
import { createCalendar, OFFICIAL_SCHEDULES, type OfficialYearSchedule, scheduleProblems, statutoryHolidays } from './index';
import { SCHEDULE_2025 } from './schedules/2025';
import { SCHEDULE_2026 } from './schedules/2026';

/**
 * The official schedules, written out again here straight from the announcements (not from the
 * data files), so a slip in a data file shows up as a failure.
 */
const OFFICIAL = {
  2024: {
    breaks: [
      ['2024-01-01', '2024-01-01'], // Tết Dương lịch (Monday)
      ['2024-02-08', '2024-02-14'], // Tết: Thu 08/02 (29 tháng Chạp) – Wed 14/02 (mùng 5), TB 5015/TB-LĐTBXH
      ['2024-04-18', '2024-04-18'], // Giỗ Tổ Hùng Vương, Thursday 18/04
      ['2024-04-27', '2024-05-01'], // 30/4–1/5: Sat 27/04 – Wed 01/05, Monday 29/04 swapped (2450/VPCP-KGVX)
      ['2024-08-31', '2024-09-03'], // Quốc khánh: Sat 31/08 – Tue 03/09
    ],
    makeUpDays: ['2024-05-04'], // Saturday, for Monday 29/04
  },
  2025: {
    // [first day off, last day off] of each break, weekends included.
    breaks: [
      ['2025-01-01', '2025-01-01'], // Tết Dương lịch (Wednesday)
      ['2025-01-25', '2025-02-02'], // Tết: Sat 25/01 (26 tháng Chạp) – Sun 02/02 (mùng 5), TB 6150
      ['2025-04-07', '2025-04-07'], // Giỗ Tổ Hùng Vương, Monday 07/04
      ['2025-04-30', '2025-05-04'], // 30/4–1/5: Wed 30/04 – Sun 04/05, Friday 02/05 swapped
      ['2025-08-30', '2025-09-02'], // Quốc khánh: Sat 30/08 – Tue 02/09
    ],
    makeUpDays: ['2025-04-26'], // Saturday, for Friday 02/05
  },
  2026: {
    breaks: [
      ['2026-01-01', '2026-01-04'], // Tết Dương lịch: Thu 01/01 – Sun 04/01, 12729/VPCP-KGVX
      ['2026-02-14', '2026-02-22'], // Tết: Sat 14/02 (27 tháng Chạp) – Sun 22/02 (mùng 6)
      ['2026-04-26', '2026-04-27'], // Giỗ Tổ Sunday 26/04, compensatory Monday 27/04
      ['2026-04-30', '2026-05-03'], // 30/4–1/5: Thu – Sun
      ['2026-08-29', '2026-09-02'], // Quốc khánh: Sat 29/08 – Wed 02/09, Monday 31/08 swapped
    ],
    makeUpDays: ['2026-01-10', '2026-08-22'], // Saturdays, for Friday 02/01 and Monday 31/08
  },
} as const;

const calendar = createCalendar();

function daysOf(year: number): number[] {
  const days: number[] = [];
  for (let d = dayNumber(year, 1, 1); d < dayNumber(year + 1, 1, 1); d++) days.push(d);
  return days;
}

describe.each([2024, 2025, 2026] as const)('official schedule %i', (year) => {
  const { breaks, makeUpDays } = OFFICIAL[year];
  const offDays = breaks.flatMap(([from, to]) => {
    const days: string[] = [];
    for (let d = parseIsoDate(from); d <= parseIsoDate(to); d++) days.push(formatIsoDate(d));
    return days;
  });

  it('is an official year', () => {
    expect(calendar.yearSource(year)).toBe('official');
  });

  it.each(offDays)('%s is a day off', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
    expect(calendar.dayInfo(date)).toMatchObject({ isWorkingDay: false, source: 'official' });
    expect(calendar.dayInfo(date).name).toBeTruthy();
  });

  it.each(makeUpDays)('%s is a make-up working Saturday', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
    expect(calendar.dayInfo(date)).toMatchObject({ weekday: 6, kind: 'makeup-working', reason: 'MAKE_UP', isWorkingDay: true });
  });

  it('every other day is a working day exactly when it is Monday–Friday', () => {
    const off = new Set<string>(offDays);
    const makeUp = new Set<string>(makeUpDays);
    for (const day of daysOf(year)) {
      const iso = formatIsoDate(day);
      const expected = makeUp.has(iso) || (!off.has(iso) && !isWeekend(day));
      expect([iso, calendar.isWorkingDay(iso)]).toEqual([iso, expected]);
    }
  });
});

describe('day names', () => {
  it.each([
    ['2025-01-29', 'holiday', 'STATUTORY_HOLIDAY', 'Tết Âm lịch (Tết Nguyên đán)'],
    ['2025-04-07', 'holiday', 'STATUTORY_HOLIDAY', 'Giỗ Tổ Hùng Vương'],
    ['2025-04-30', 'holiday', 'STATUTORY_HOLIDAY', 'Ngày Chiến thắng'],
    ['2025-05-01', 'holiday', 'STATUTORY_HOLIDAY', 'Ngày Quốc tế lao động'],
    ['2025-05-02', 'holiday', 'SWAPPED', 'Nghỉ hoán đổi dịp Ngày Chiến thắng và Ngày Quốc tế lao động (làm bù ngày 26/04/2025)'],
    ['2025-04-26', 'makeup-working', 'MAKE_UP', 'Làm bù cho ngày 02/05/2025 (dịp Ngày Chiến thắng và Ngày Quốc tế lao động)'],
    ['2026-01-02', 'holiday', 'SWAPPED', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù ngày 10/01/2026)'],
    ['2026-02-14', 'weekend', 'BREAK_WEEKEND', 'Nghỉ Tết Nguyên đán'],
    ['2026-04-27', 'holiday', 'COMPENSATORY', 'Nghỉ bù Giỗ Tổ Hùng Vương (26/04/2026)'],
    ['2026-09-01', 'holiday', 'STATUTORY_HOLIDAY', 'Quốc khánh'],
  ])('%s: %s, %s, "%s"', (date, kind, reason, name) => {
    expect(calendar.dayInfo(date)).toMatchObject({ kind, reason, name });
    expect(calendar.dayInfo(date).citation).toBeTruthy();
  });

  it('an ordinary day has no name', () => {
    expect(calendar.dayInfo('2026-03-04')).toEqual({
      date: '2026-03-04',
      weekday: 3,
      kind: 'working',
      isWorkingDay: true,
      source: 'official',
    });
    expect(calendar.dayInfo('2026-03-07')).toMatchObject({ kind: 'weekend', isWorkingDay: false });
  });
});

describe('schedule data is checked against the Labour Code', () => {
  it.each(OFFICIAL_SCHEDULES.map((s) => [s.year, s] as const))('%i has no problems', (_year, schedule) => {
    expect(scheduleProblems(schedule)).toEqual([]);
  });

  it('each official year lists the 11 statutory holiday days of art. 112', () => {
    for (const schedule of OFFICIAL_SCHEDULES) {
      expect(schedule.breaks.flatMap((b) => b.holidays)).toHaveLength(11);
    }
  });

  it('2026 places every holiday where the statutory fallback rule would', () => {
    const official = SCHEDULE_2026.breaks.flatMap((b) => b.holidays.map((h) => `${h.date} ${h.code}`)).sort();
    const statutory = statutoryHolidays(2026)
      .map((h) => `${formatIsoDate(h.day)} ${h.code}`)
      .sort();
    expect(official).toEqual(statutory);
  });

  it('2025 differs from the fallback rule only in where the 5 Tết days sit', () => {
    const official = SCHEDULE_2025.breaks.flatMap((b) => b.holidays.map((h) => `${h.date} ${h.code}`));
    const statutory = statutoryHolidays(2025).map((h) => `${formatIsoDate(h.day)} ${h.code}`);
    const notTet = (s: string) => !s.endsWith('LUNAR_NEW_YEAR');
    expect(official.filter(notTet).sort()).toEqual(statutory.filter(notTet).sort());
    // Official: 28 tháng Chạp – mùng 3; fallback: 29 tháng Chạp (the last day) – mùng 4.
    expect(official.filter((s) => !notTet(s)).map((s) => s.slice(0, 10))).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    expect(statutory.filter((s) => !notTet(s)).map((s) => s.slice(0, 10))).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });

  function broken(edit: (s: OfficialYearSchedule) => OfficialYearSchedule): string[] {
    return scheduleProblems(edit(structuredClone(SCHEDULE_2026) as OfficialYearSchedule));
  }

  it('rejects a weekday off that nothing explains', () => {
    const problems = broken((s) => ({ ...s, breaks: s.breaks.map((b) => (b.name === 'Quốc khánh' ? { ...b, swaps: [] } : b)) }));
    expect(problems.join('\n')).toMatch(/weekday 2026-08-31 is off/);
  });

  it("rejects a Hùng Kings' day that is not 10/3 lunar", () => {
    const problems = broken((s) => ({
      ...s,
      breaks: s.breaks.map((b) =>
        b.name === 'Giỗ Tổ Hùng Vương' ? { ...b, holidays: [{ date: '2026-04-27', code: 'HUNG_KINGS' }], compensatory: [] } : b,
      ),
    }));
    expect(problems.join('\n')).toMatch(/must be 10\/3 lunar \(2026-04-26\)/);
  });

  it('rejects a missing holiday day and a make-up day that is not a weekend', () => {
    const problems = broken((s) => ({
      ...s,
      breaks: s.breaks.map((b) =>
        b.name === 'Tết Dương lịch'
          ? { ...b, swaps: [{ dayOff: '2026-01-02', workOn: '2026-01-09' }] }
          : b.name === 'Quốc khánh'
            ? { ...b, to: '2026-09-01', holidays: b.holidays.slice(0, 1) }
            : b,
      ),
    }));
    const text = problems.join('\n');
    expect(text).toMatch(/make-up day 2026-01-09 must be a Saturday or Sunday/);
    expect(text).toMatch(/Quốc khánh: 1 day\(s\) listed, Labour Code art. 112 gives 2/);
    expect(text).toMatch(/2\/9 itself must be a National Day holiday/);
  });

  it('createCalendar refuses invalid data', () => {
    const bad = { ...SCHEDULE_2026, breaks: SCHEDULE_2026.breaks.slice(1) };
    expect(() => createCalendar({ schedules: [bad] })).toThrow(/Invalid official schedule/);
  });
});

describe('years without an official schedule', () => {
  it('are statutory-only, and years outside 2021–2100 are refused', () => {
    expect(calendar.yearSource(2027)).toBe('statutory-only');
    expect(calendar.dayInfo('2027-09-02').source).toBe('statutory-only');
    expect(() => calendar.yearSource(2020)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2101-01-03')).toThrow(RangeError);
  });

  it('a make-up Saturday announced with the next year applies in the earlier year (as 27/12/2014 for New Year 2015)', () => {
    // Hypothetical 2028 decision: Friday 31/12/2027 is not touched; Tuesday 04/01/2028 is given off
    // and worked on Saturday 25/12/2027. (DayTables is used directly: this is not a full year's data.)
    const tables = new DayTables([
      {
        year: 2028,
        appliesTo: 'test',
        breaks: [
          {
            name: 'Tết Dương lịch',
            from: '2028-01-01',
            to: '2028-01-04',
            holidays: [{ date: '2028-01-01', code: 'NEW_YEAR' }],
            compensatory: [{ date: '2028-01-03', for: '2028-01-01' }],
            swaps: [{ dayOff: '2028-01-04', workOn: '2027-12-25' }],
            evidence: { status: 'U', source: 'test' },
          },
        ],
      },
    ]);
    expect(tables.source(2027)).toBe('statutory-only');
    expect(tables.isWorkingDay(parseIsoDate('2027-12-25'))).toBe(true);
    expect(tables.note(parseIsoDate('2027-12-25'))).toMatchObject({ kind: 'makeup-working', reason: 'MAKE_UP' });
    expect(tables.isWorkingDay(parseIsoDate('2027-12-24'))).toBe(true);
    expect(tables.isWorkingDay(parseIsoDate('2028-01-04'))).toBe(false);
  });
});

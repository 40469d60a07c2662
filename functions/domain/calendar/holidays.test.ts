import { describe, expect, it } from 'vitest';
import { dayNumber, formatIsoDate, isWeekend, weekday } from './civil-date';
import { compensatoryDays, nationalDayAdjacent, STATUTORY_DAY_COUNTS, statutoryHolidays } from './holidays';
import { createCalendar } from './index';
import { hungKingsDay, solarToLunar, tetDay } from './lunar';

const calendar = createCalendar();
const STATUTORY_YEARS = Array.from({ length: 2100 - 2027 + 1 }, (_, i) => 2027 + i);

describe('statutory holidays (Labour Code 2019 art. 112)', () => {
  it('gives 11 days a year, with the per-holiday counts of art. 112(1)', () => {
    for (const year of [2021, ...STATUTORY_YEARS]) {
      const holidays = statutoryHolidays(year);
      expect(holidays).toHaveLength(11);
      expect(new Set(holidays.map((h) => h.day)).size).toBe(11);
      for (const [code, count] of Object.entries(STATUTORY_DAY_COUNTS)) {
        expect([year, code, holidays.filter((h) => h.code === code).length]).toEqual([year, code, count]);
      }
    }
  });

  it('puts the fixed-date holidays on 1/1, 30/4, 1/5 and 2/9', () => {
    for (const year of STATUTORY_YEARS) {
      const dates = statutoryHolidays(year).map((h) => formatIsoDate(h.day));
      expect(dates).toEqual(expect.arrayContaining([`${year}-01-01`, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]));
    }
  });

  it("puts Hùng Kings' day on 10/3 lunar and Tết on the last day of the old year + mùng 1–4", () => {
    for (const year of STATUTORY_YEARS) {
      const holidays = statutoryHolidays(year);
      const hung = holidays.find((h) => h.code === 'HUNG_KINGS')!;
      expect(solarToLunar(hung.day)).toEqual({ day: 10, month: 3, year, leap: false });
      const tetDays = holidays.filter((h) => h.code === 'LUNAR_NEW_YEAR').map((h) => solarToLunar(h.day));
      const firstTetDay = holidays.find((h) => h.code === 'LUNAR_NEW_YEAR')!.day;
      expect(tetDays[0]).toMatchObject({ month: 12, year: year - 1 });
      expect(solarToLunar(firstTetDay + 1)).toMatchObject({ day: 1, month: 1, year }); // so it was the last day
      expect(tetDays.slice(1).map((l) => [l.day, l.month, l.year])).toEqual([
        [1, 1, year],
        [2, 1, year],
        [3, 1, year],
        [4, 1, year],
      ]);
    }
  });
});

describe("the National Day's adjacent day (fallback rule)", () => {
  it.each([
    // 2/9 weekday → adjacent day, joining the holiday to a weekend where possible
    [2024, 1, '2024-09-03'], // Monday → Tuesday 3/9
    [2025, 2, '2025-09-01'], // Tuesday → Monday 1/9 (as decided, TB 6150)
    [2026, 3, '2026-09-01'], // Wednesday → Tuesday 1/9 (as decided in 2025)
    [2027, 4, '2027-09-03'], // Thursday → Friday 3/9
    [2022, 5, '2022-09-01'], // Friday → Thursday 1/9
    [2028, 6, '2028-09-01'], // Saturday → Friday 1/9
    [2029, 0, '2029-09-03'], // Sunday → Monday 3/9
  ])('%i (weekday %i of 2/9) → %s', (year, day, expected) => {
    expect(weekday(dayNumber(year, 9, 2))).toBe(day);
    expect(formatIsoDate(nationalDayAdjacent(year))).toBe(expected);
  });
});

describe('compensatory days (art. 111(3))', () => {
  it('New Year on Saturday 01/01/2028 → Monday 03/01/2028 off', () => {
    expect(weekday(dayNumber(2028, 1, 1))).toBe(6);
    expect(calendar.dayInfo('2028-01-03')).toMatchObject({
      kind: 'holiday',
      reason: 'COMPENSATORY',
      code: 'NEW_YEAR',
      isWorkingDay: false,
    });
    expect(calendar.isWorkingDay('2028-01-04')).toBe(true);
  });

  it('National Day on Sunday 02/09/2029: Monday 03/09 is the adjacent day, Tuesday 04/09 compensates', () => {
    expect(calendar.dayInfo('2029-09-03')).toMatchObject({ reason: 'STATUTORY_HOLIDAY', code: 'NATIONAL_DAY' });
    expect(calendar.dayInfo('2029-09-04')).toMatchObject({ reason: 'COMPENSATORY', code: 'NATIONAL_DAY' });
    expect(calendar.isWorkingDay('2029-09-05')).toBe(true);
  });

  it('Tết over a weekend: Tết 2027 is Saturday 06/02; the two weekend Tết days are compensated after the run', () => {
    expect(formatIsoDate(tetDay(2027))).toBe('2027-02-06');
    const off = ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'];
    for (const date of off) expect([date, calendar.isWorkingDay(date)]).toEqual([date, false]);
    expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-12')).toBe(true);
  });

  it('never lands on a weekend or another holiday, and each weekend holiday gets exactly one', () => {
    for (const year of STATUTORY_YEARS) {
      const holidays = statutoryHolidays(year);
      const holidayDays = new Set(holidays.map((h) => h.day));
      const compensations = compensatoryDays(holidays);
      expect(compensations).toHaveLength(holidays.filter((h) => isWeekend(h.day)).length);
      for (const c of compensations) {
        expect(isWeekend(c.day)).toBe(false);
        expect(holidayDays.has(c.day)).toBe(false);
        expect(c.day).toBeGreaterThan(c.forDay);
      }
    }
  });

  it('so a statutory-only year always has exactly 11 weekdays off (one per holiday day)', () => {
    for (const year of STATUTORY_YEARS) {
      let weekdaysOff = 0;
      for (let d = dayNumber(year, 1, 1); d < dayNumber(year + 1, 1, 1); d++) {
        if (!isWeekend(d) && !calendar.isWorkingDay(formatIsoDate(d))) weekdaysOff += 1;
      }
      expect([year, weekdaysOff]).toEqual([year, 11]);
    }
  });

  it("Hùng Kings' day on a weekend is compensated on the next Monday when nothing else is off", () => {
    const mondayAfter = (day: number) => day + (weekday(day) === 6 ? 2 : 1);
    const weekendYears = STATUTORY_YEARS.filter((y) => {
      const hung = hungKingsDay(y);
      return isWeekend(hung) && !statutoryHolidays(y).some((h) => h.day === mondayAfter(hung));
    });
    expect(weekendYears.length).toBeGreaterThan(5);
    for (const year of weekendYears) {
      const monday = mondayAfter(hungKingsDay(year));
      expect([year, calendar.dayInfo(formatIsoDate(monday)).reason]).toEqual([year, 'COMPENSATORY']);
    }
  });
});

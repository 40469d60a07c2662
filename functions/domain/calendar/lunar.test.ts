import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, formatIsoDate, parseIsoDate } from './civil-date';
import { lunarCalendar } from './index';
import { hungKingsDay, lunarToSolar, solarToLunar, tetDay } from './lunar';
import { HUNG_KINGS_DAYS, LEAP_MONTHS, TET_DAYS } from './lunar.reference';

const CHINA_TIME_ZONE_HOURS = 8;

describe('Tết (1st day of the 1st lunar month) at UTC+7', () => {
  it.each([
    [2000, '2000-02-05'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    // 02/02, not 03/02: the new moon is at 23:07 on 02/02 in Hà Nội but 00:07 on 03/02 in Beijing.
    [2030, '2030-02-02'],
    [2100, '2100-02-09'],
  ])('Tết %i is %s', (year, expected) => {
    expect(formatIsoDate(tetDay(year))).toBe(expected);
  });

  it('matches the published Vietnamese tables for every year 2000–2100', () => {
    expect(TET_DAYS).toHaveLength(101);
    for (const [year, expected] of TET_DAYS) expect([year, formatIsoDate(tetDay(year))]).toEqual([year, expected]);
  });
});

describe('Vietnamese and Chinese calendars differ because of the time zone', () => {
  it.each([
    // [year, Việt Nam (UTC+7), China (UTC+8)] — the Chinese dates are the well-known Spring Festival dates.
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    // 1985: month 11 differs, which moves the leap month and puts the two Tết a whole month apart.
    [1985, '1985-01-21', '1985-02-20'],
  ])('Tết %i: %s in Việt Nam, %s in China', (year, vietnam, china) => {
    expect(formatIsoDate(tetDay(year))).toBe(vietnam);
    expect(formatIsoDate(tetDay(year, CHINA_TIME_ZONE_HOURS))).toBe(china);
  });
});

describe("Hùng Kings' day (10th day of the 3rd lunar month)", () => {
  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('%i is %s', (year, expected) => {
    expect(formatIsoDate(hungKingsDay(year))).toBe(expected);
  });

  it('matches the published tables for every year 2000–2100, including leap-3rd-month years', () => {
    expect(HUNG_KINGS_DAYS).toHaveLength(101);
    for (const [year, expected] of HUNG_KINGS_DAYS) {
      expect([year, formatIsoDate(hungKingsDay(year))]).toEqual([year, expected]);
    }
  });

  it('uses the regular 3rd month, not the leap one (2031 has a leap 3rd month)', () => {
    expect(LEAP_MONTHS).toContainEqual([2031, 3]);
    const regular = hungKingsDay(2031);
    const leap = lunarToSolar({ day: 10, month: 3, year: 2031, leap: true });
    expect(leap - regular).toBeGreaterThanOrEqual(29);
  });
});

describe('leap months', () => {
  it('every leap month of the published tables exists, and no other does', () => {
    const leapByYear = new Map(LEAP_MONTHS);
    for (let year = 2000; year <= 2099; year++) {
      const leapMonth = leapByYear.get(year);
      for (let month = 1; month <= 12; month++) {
        const attempt = () => lunarToSolar({ day: 1, month, year, leap: true });
        if (month === leapMonth) expect(solarToLunar(attempt())).toEqual({ day: 1, month, year, leap: true });
        else expect(attempt).toThrow(RangeError);
      }
    }
  });
});

describe('conversions', () => {
  it('Tết is day 1 of month 1 and the day before is the last day of month 12', () => {
    const tet = parseIsoDate('2026-02-17');
    expect(solarToLunar(tet)).toEqual({ day: 1, month: 1, year: 2026, leap: false });
    expect(solarToLunar(tet - 1)).toMatchObject({ month: 12, year: 2025, leap: false });
    // The 2026 official notice calls 14/02/2026 "27 tháng Chạp" and 22/02/2026 "mùng 6 tháng Giêng".
    expect(solarToLunar(parseIsoDate('2026-02-14'))).toEqual({ day: 27, month: 12, year: 2025, leap: false });
    expect(solarToLunar(parseIsoDate('2026-02-22'))).toEqual({ day: 6, month: 1, year: 2026, leap: false });
    // The 2025 notice: 25/01/2025 is "26 tháng Chạp", 02/02/2025 is "mùng 5 tháng Giêng".
    expect(solarToLunar(parseIsoDate('2025-01-25'))).toEqual({ day: 26, month: 12, year: 2024, leap: false });
    expect(solarToLunar(parseIsoDate('2025-02-02'))).toEqual({ day: 5, month: 1, year: 2025, leap: false });
  });

  it('rejects lunar days that do not exist', () => {
    expect(() => lunarToSolar({ day: 31, month: 1, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2026, leap: false })).toThrow(RangeError);
  });

  it('solar → lunar → solar is the identity for any day 2000–2100', () => {
    const first = dayNumber(2000, 2, 5);
    const last = dayNumber(2100, 12, 31);
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (day) => {
        expect(lunarToSolar(solarToLunar(day))).toBe(day);
      }),
      { numRuns: 2000 },
    );
  });

  it('consecutive days advance the lunar day by one or start a new 29/30-day month', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(2000, 3, 1), max: dayNumber(2100, 12, 30) }), (day) => {
        const today = solarToLunar(day);
        const tomorrow = solarToLunar(day + 1);
        if (tomorrow.day === 1) expect([29, 30]).toContain(today.day);
        else expect(tomorrow).toEqual({ ...today, day: today.day + 1 });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('public lunarCalendar helpers', () => {
  it('speak YYYY-MM-DD', () => {
    expect(lunarCalendar.tetDate(2026)).toBe('2026-02-17');
    expect(lunarCalendar.hungKingsDate(2026)).toBe('2026-04-26');
    expect(lunarCalendar.toLunar('2026-04-26')).toEqual({ day: 10, month: 3, year: 2026, leap: false });
    expect(lunarCalendar.fromLunar({ day: 1, month: 1, year: 2025, leap: false })).toBe('2025-01-29');
  });
});

/**
 * Public holidays by statute, for years without an official schedule.
 *
 * Labour Code 2019 (Bộ luật Lao động 45/2019/QH14, in force 01/01/2021), art. 112(1): 11 paid
 * holidays — New Year 1/1 (1 day); Lunar New Year (5 days); Victory Day 30/4 (1); International
 * Labour Day 1/5 (1); National Day 2/9 plus one adjacent day before or after (2); Hùng Kings'
 * Commemoration 10/3 lunar (1).
 *
 * Art. 112 leaves the exact Tết days and the adjacent National Day to the Prime Minister each year
 * [U: art. 112(3), from recollection], so for a year without an official schedule two choices are
 * ours and are made explicit below (`lunarNewYearDays`, `nationalDayAdjacent`). A year with an
 * official schedule (`schedules/`) never uses them.
 *
 * Compensatory days: when a holiday falls on a weekly rest day, the next working day is given off
 * (Labour Code 2019 art. 111(3) [U: article number from recollection; the rule itself is applied
 * every year, e.g. Hùng Kings' day 2026 on Sunday 26/4 → Monday 27/4 off]).
 */
import { dayNumber, isWeekend, weekday } from './civil-date';
import { hungKingsDay, tetDay } from './lunar';

export type HolidayCode = 'NEW_YEAR' | 'LUNAR_NEW_YEAR' | 'HUNG_KINGS' | 'VICTORY_DAY' | 'LABOUR_DAY' | 'NATIONAL_DAY';

/** User-facing Vietnamese names (the Labour Code's wording). */
export const HOLIDAY_NAMES: Readonly<Record<HolidayCode, string>> = {
  NEW_YEAR: 'Tết Dương lịch',
  LUNAR_NEW_YEAR: 'Tết Âm lịch (Tết Nguyên đán)',
  HUNG_KINGS: 'Giỗ Tổ Hùng Vương',
  VICTORY_DAY: 'Ngày Chiến thắng',
  LABOUR_DAY: 'Ngày Quốc tế lao động',
  NATIONAL_DAY: 'Quốc khánh',
};

/** Years the encoded statute covers: Labour Code 2019 from 2021; the lunar algorithm is checked to 2100. */
export const FIRST_SUPPORTED_YEAR = 2021;
export const LAST_SUPPORTED_YEAR = 2100;

/** Days per holiday under art. 112(1); an official schedule must list exactly these. */
export const STATUTORY_DAY_COUNTS: Readonly<Record<HolidayCode, number>> = {
  NEW_YEAR: 1,
  LUNAR_NEW_YEAR: 5,
  HUNG_KINGS: 1,
  VICTORY_DAY: 1,
  LABOUR_DAY: 1,
  NATIONAL_DAY: 2,
};

export interface Holiday {
  day: number;
  code: HolidayCode;
}

export interface CompensatoryDay {
  day: number;
  /** The holiday that fell on a weekly rest day. */
  forDay: number;
  code: HolidayCode;
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `The calendar covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} (Labour Code 2019; checked lunar dates); got ${year}`,
    );
  }
}

/**
 * Statutory Tết days when no official schedule exists: the last day of the old lunar year and the
 * first four days of the new one. [U] This is the most common choice of recent decisions (2026:
 * 29 tháng Chạp – mùng 4), but not the only one (2025: 28 tháng Chạp – mùng 3).
 */
export function lunarNewYearDays(year: number): number[] {
  const tet = tetDay(year);
  return [tet - 1, tet, tet + 1, tet + 2, tet + 3];
}

/**
 * The National Day's adjacent day when no official schedule exists. [U] Heuristic from the
 * decisions since the Labour Code 2019: take the neighbour that joins 2/9 to a weekend (Monday →
 * 3/9, Tuesday → 1/9, Thursday → 3/9, Friday → 1/9, Saturday → 1/9), otherwise 1/9 (Wednesday, as
 * in 2026); a Sunday 2/9 takes Monday 3/9 (and 2/9 itself is compensated on Tuesday).
 * Verified precedents: 2025 (Tuesday → 1/9) and 2026 (Wednesday → 1/9).
 */
export function nationalDayAdjacent(year: number): number {
  const nationalDay = dayNumber(year, 9, 2);
  const w = weekday(nationalDay);
  const takeNext = w === 1 || w === 4 || w === 0; // Monday, Thursday, Sunday
  return takeNext ? nationalDay + 1 : nationalDay - 1;
}

/** The 11 statutory holiday dates of a year, sorted. */
export function statutoryHolidays(year: number): Holiday[] {
  assertSupportedYear(year);
  const holidays: Holiday[] = [
    { day: dayNumber(year, 1, 1), code: 'NEW_YEAR' },
    ...lunarNewYearDays(year).map((day): Holiday => ({ day, code: 'LUNAR_NEW_YEAR' })),
    { day: hungKingsDay(year), code: 'HUNG_KINGS' },
    { day: dayNumber(year, 4, 30), code: 'VICTORY_DAY' },
    { day: dayNumber(year, 5, 1), code: 'LABOUR_DAY' },
    { day: nationalDayAdjacent(year), code: 'NATIONAL_DAY' },
    { day: dayNumber(year, 9, 2), code: 'NATIONAL_DAY' },
  ];
  return holidays.sort((a, b) => a.day - b.day);
}

/**
 * Art. 111(3): each holiday on a Saturday or Sunday gives the next weekday that is neither a
 * holiday nor already a compensatory day. (Civil servants rest on Saturday and Sunday: the 40-hour
 * week of QĐ 188/1999/QĐ-TTg [U].)
 */
export function compensatoryDays(holidays: readonly Holiday[]): CompensatoryDay[] {
  const taken = new Set(holidays.map((h) => h.day));
  const result: CompensatoryDay[] = [];
  for (const holiday of [...holidays].sort((a, b) => a.day - b.day)) {
    if (!isWeekend(holiday.day)) continue;
    let day = holiday.day + 1;
    while (isWeekend(day) || taken.has(day)) day += 1;
    taken.add(day);
    result.push({ day, forDay: holiday.day, code: holiday.code });
  }
  return result;
}

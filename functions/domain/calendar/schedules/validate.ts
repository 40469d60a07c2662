/**
 * Checks an official schedule against the Labour Code before the calendar uses it, so a typo in a
 * data file fails loudly (at `createCalendar`, and in the tests) instead of shifting deadlines.
 */
import { formatIsoDate, isWeekend, parseIsoDate } from '../civil-date';
import { assertSupportedYear, HOLIDAY_NAMES, type HolidayCode, STATUTORY_DAY_COUNTS } from '../holidays';
import { hungKingsDay, tetDay } from '../lunar';
import type { OfficialYearSchedule } from './types';

export function scheduleProblems(schedule: OfficialYearSchedule): string[] {
  const problems: string[] = [];
  const { year } = schedule;
  const problem = (message: string) => problems.push(`${year}: ${message}`);
  const day = (iso: string): number | undefined => {
    try {
      return parseIsoDate(iso);
    } catch (error) {
      problem((error as Error).message);
      return undefined;
    }
  };
  try {
    assertSupportedYear(year);
  } catch (error) {
    return [(error as Error).message];
  }

  const counts = new Map<HolidayCode, number>();
  const holidayIsoDates = new Set<string>();
  const offDays = new Set<number>();
  const workOnDays: number[] = [];
  for (const b of schedule.breaks) {
    const from = day(b.from);
    const to = day(b.to);
    if (from === undefined || to === undefined) continue;
    if (from > to) problem(`${b.name}: from ${b.from} is after to ${b.to}`);
    if (b.from.slice(0, 4) !== String(year) || b.to.slice(0, 4) !== String(year)) problem(`${b.name}: break outside ${year}`);
    const inBreak = (d: number) => d >= from && d <= to;
    const explained = new Set<number>();
    const holidayDays = new Set<number>();

    for (const h of b.holidays) {
      const d = day(h.date);
      if (d === undefined) continue;
      if (!inBreak(d)) problem(`${b.name}: holiday ${h.date} outside the break`);
      if (explained.has(d)) problem(`${b.name}: ${h.date} listed twice`);
      explained.add(d);
      holidayDays.add(d);
      counts.set(h.code, (counts.get(h.code) ?? 0) + 1);
      holidayIsoDates.add(h.date);
      const misplaced = holidayDateProblem(h.code, d, year);
      if (misplaced) problem(`${h.date} ${HOLIDAY_NAMES[h.code]}: ${misplaced}`);
    }
    for (const c of b.compensatory ?? []) {
      const d = day(c.date);
      const forDay = day(c.for);
      if (d === undefined || forDay === undefined) continue;
      if (!inBreak(d) || isWeekend(d)) problem(`${b.name}: compensatory ${c.date} must be a weekday inside the break`);
      if (!holidayDays.has(forDay) || !isWeekend(forDay))
        problem(`${b.name}: compensatory ${c.date} is not for a weekend holiday of this break`);
      if (explained.has(d)) problem(`${b.name}: ${c.date} listed twice`);
      explained.add(d);
    }
    for (const s of b.swaps ?? []) {
      const off = day(s.dayOff);
      const work = day(s.workOn);
      if (off === undefined || work === undefined) continue;
      if (!inBreak(off) || isWeekend(off)) problem(`${b.name}: swapped day off ${s.dayOff} must be a weekday inside the break`);
      if (!isWeekend(work)) problem(`${b.name}: make-up day ${s.workOn} must be a Saturday or Sunday`);
      if (explained.has(off)) problem(`${b.name}: ${s.dayOff} listed twice`);
      explained.add(off);
      workOnDays.push(work);
    }
    for (let d = from; d <= to; d++) {
      if (!isWeekend(d) && !explained.has(d))
        problem(`${b.name}: weekday ${formatIsoDate(d)} is off but is neither a holiday, a compensatory day nor a swap`);
      if (offDays.has(d)) problem(`${formatIsoDate(d)} is in two breaks`);
      offDays.add(d);
    }
  }
  for (const work of workOnDays) {
    if (offDays.has(work)) problem(`make-up day ${formatIsoDate(work)} falls inside a break`);
  }
  for (const [code, expected] of Object.entries(STATUTORY_DAY_COUNTS) as [HolidayCode, number][]) {
    const actual = counts.get(code) ?? 0;
    if (actual !== expected) problem(`${HOLIDAY_NAMES[code]}: ${actual} day(s) listed, Labour Code art. 112 gives ${expected}`);
  }
  if (!holidayIsoDates.has(`${year}-09-02`)) problem('2/9 itself must be a National Day holiday');
  return problems;
}

export function assertValidSchedule(schedule: OfficialYearSchedule): void {
  const problems = scheduleProblems(schedule);
  if (problems.length > 0) throw new Error(`Invalid official schedule:\n- ${problems.join('\n- ')}`);
}

/** Where art. 112 puts each holiday; the Tết days must lie around the computed Tết (± 1 week). */
function holidayDateProblem(code: HolidayCode, d: number, year: number): string | undefined {
  const iso = formatIsoDate(d);
  switch (code) {
    case 'NEW_YEAR':
      return iso === `${year}-01-01` ? undefined : 'must be 1/1';
    case 'VICTORY_DAY':
      return iso === `${year}-04-30` ? undefined : 'must be 30/4';
    case 'LABOUR_DAY':
      return iso === `${year}-05-01` ? undefined : 'must be 1/5';
    case 'NATIONAL_DAY':
      return [`${year}-09-01`, `${year}-09-02`, `${year}-09-03`].includes(iso) ? undefined : 'must be 2/9 or a day next to it';
    case 'HUNG_KINGS':
      return d === hungKingsDay(year) ? undefined : `must be 10/3 lunar (${formatIsoDate(hungKingsDay(year))})`;
    case 'LUNAR_NEW_YEAR': {
      const tet = tetDay(year);
      return Math.abs(d - tet) <= 7 ? undefined : `must be within a week of Tết (${formatIsoDate(tet)})`;
    }
  }
}

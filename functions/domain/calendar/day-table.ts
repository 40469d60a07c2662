/**
 * Which days are working days: built once per year, then answered in O(1).
 *
 * A year with an official schedule uses it as the whole truth for its breaks; a year without one
 * uses the statute (holidays.ts). Entries of any official schedule that fall in another year (a
 * make-up Saturday in late December for the next New Year, as in 2014/2015) are applied on top.
 * Outside the breaks, Monday–Friday are working days and Saturday–Sunday the weekly rest.
 */
import { civilDate, dayNumber, formatVietnameseDate, isWeekend, parseIsoDate } from './civil-date';
import { assertSupportedYear, compensatoryDays, HOLIDAY_NAMES, type HolidayCode, statutoryHolidays } from './holidays';
import type { OfficialBreak, OfficialYearSchedule } from './schedules/types';

export type YearSource = 'official' | 'statutory-only';

export type DayKind = 'working' | 'makeup-working' | 'weekend' | 'holiday';

/**
 * Why a day is what it is: a statutory holiday (art. 112), a compensatory day (art. 111(3)), a
 * working day swapped for a Saturday, a weekend inside a break, or a make-up working Saturday.
 */
export type DayReason = 'STATUTORY_HOLIDAY' | 'COMPENSATORY' | 'SWAPPED' | 'BREAK_WEEKEND' | 'MAKE_UP';

export interface DayNote {
  kind: DayKind;
  reason: DayReason;
  code?: HolidayCode;
  /** Vietnamese, user-facing. */
  name: string;
  /** The legal source of the entry. */
  citation: string;
}

export interface YearTable {
  year: number;
  source: YearSource;
  firstDay: number;
  /** 1 = working day, indexed by `day - firstDay`. */
  working: Uint8Array;
  notes: Map<number, DayNote>;
}

const STATUTE_CITATION = 'Bộ luật Lao động 2019, Điều 111(3), 112(1) — quy tắc luật định (chưa có lịch nghỉ chính thức của năm)';

export class DayTables {
  private readonly tables = new Map<number, YearTable>();
  /** Most lookups hit the same year again: skip the date conversion for it. */
  private recent: YearTable | undefined;
  private readonly byYear = new Map<number, OfficialYearSchedule>();

  constructor(private readonly schedules: readonly OfficialYearSchedule[]) {
    for (const schedule of schedules) {
      if (this.byYear.has(schedule.year)) throw new Error(`Two official schedules for ${schedule.year}`);
      this.byYear.set(schedule.year, schedule);
    }
  }

  source(year: number): YearSource {
    assertSupportedYear(year);
    return this.byYear.has(year) ? 'official' : 'statutory-only';
  }

  isWorkingDay(day: number): boolean {
    const table = this.forDay(day);
    return table.working[day - table.firstDay] === 1;
  }

  note(day: number): DayNote | undefined {
    return this.forDay(day).notes.get(day);
  }

  forDay(day: number): YearTable {
    const recent = this.recent;
    if (recent && day >= recent.firstDay && day < recent.firstDay + recent.working.length) return recent;
    this.recent = this.forYear(civilDate(day).year);
    return this.recent;
  }

  forYear(year: number): YearTable {
    let table = this.tables.get(year);
    if (!table) {
      table = this.build(year);
      this.tables.set(year, table);
    }
    return table;
  }

  private build(year: number): YearTable {
    const source = this.source(year);
    const firstDay = dayNumber(year, 1, 1);
    const length = dayNumber(year + 1, 1, 1) - firstDay;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = isWeekend(firstDay + i) ? 0 : 1;
    const table: YearTable = { year, source, firstDay, working, notes: new Map() };

    if (source === 'statutory-only') applyStatute(table);
    for (const schedule of this.schedules) {
      for (const b of schedule.breaks) applyBreak(table, b);
    }
    return table;
  }
}

function set(table: YearTable, day: number, isWorking: boolean, note: DayNote): void {
  const index = day - table.firstDay;
  if (index < 0 || index >= table.working.length) return; // belongs to another year's table
  table.working[index] = isWorking ? 1 : 0;
  table.notes.set(day, note);
}

function applyStatute(table: YearTable): void {
  const holidays = statutoryHolidays(table.year);
  for (const h of holidays) {
    const name = HOLIDAY_NAMES[h.code];
    set(table, h.day, false, { kind: 'holiday', reason: 'STATUTORY_HOLIDAY', code: h.code, name, citation: STATUTE_CITATION });
  }
  for (const c of compensatoryDays(holidays)) {
    const name = `Nghỉ bù ${HOLIDAY_NAMES[c.code]} (${formatVietnameseDate(c.forDay)})`;
    set(table, c.day, false, { kind: 'holiday', reason: 'COMPENSATORY', code: c.code, name, citation: STATUTE_CITATION });
  }
}

function applyBreak(table: YearTable, b: OfficialBreak): void {
  const citation = b.evidence.source;
  const from = parseIsoDate(b.from);
  const to = parseIsoDate(b.to);
  const holidays = new Map(b.holidays.map((h) => [parseIsoDate(h.date), h.code]));
  const compensatory = new Map((b.compensatory ?? []).map((c) => [parseIsoDate(c.date), parseIsoDate(c.for)]));
  const swaps = new Map((b.swaps ?? []).map((s) => [parseIsoDate(s.dayOff), parseIsoDate(s.workOn)]));

  for (let day = from; day <= to; day++) {
    const code = holidays.get(day);
    const compensatedDay = compensatory.get(day);
    const workOn = swaps.get(day);
    if (code) {
      set(table, day, false, { kind: 'holiday', reason: 'STATUTORY_HOLIDAY', code, name: HOLIDAY_NAMES[code], citation });
    } else if (compensatedDay !== undefined) {
      const compensatedCode = holidays.get(compensatedDay);
      const holidayName = compensatedCode ? HOLIDAY_NAMES[compensatedCode] : b.name;
      const name = `Nghỉ bù ${holidayName} (${formatVietnameseDate(compensatedDay)})`;
      set(table, day, false, {
        kind: 'holiday',
        reason: 'COMPENSATORY',
        ...(compensatedCode && { code: compensatedCode }),
        name,
        citation,
      });
    } else if (workOn !== undefined) {
      const name = `Nghỉ hoán đổi dịp ${b.name} (làm bù ngày ${formatVietnameseDate(workOn)})`;
      set(table, day, false, { kind: 'holiday', reason: 'SWAPPED', name, citation });
    } else {
      set(table, day, false, { kind: 'weekend', reason: 'BREAK_WEEKEND', name: `Nghỉ ${b.name}`, citation });
    }
  }
  for (const [dayOff, workOn] of swaps) {
    const name = `Làm bù cho ngày ${formatVietnameseDate(dayOff)} (dịp ${b.name})`;
    set(table, workOn, true, { kind: 'makeup-working', reason: 'MAKE_UP', name, citation });
  }
}

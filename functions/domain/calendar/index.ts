/**
 * The Vietnamese working-day calendar and deadline arithmetic: one pure module (no I/O, no AWS).
 *
 *   const calendar = createCalendar({ officeHours: [...] });   // per receiving point
 *   calendar.dueAt(acceptedAt, { value: 10, unit: 'WORKING_DAYS' }, { pauses });
 *
 * Instants are JS `Date`s; day-level inputs may also be `YYYY-MM-DD` strings (Vietnamese dates).
 * Use `toVnIso` to show an instant with its +07:00 offset. Years 2021–2100 are covered; a year
 * without an official schedule follows the statute and `yearSource` says so.
 */
import { formatIsoDate, type IsoDate, weekday } from './civil-date';
import { type DayKind, type DayReason, DayTables, type YearSource } from './day-table';
import * as deadline from './deadline';
import type { HolidayCode } from './holidays';
import * as lunar from './lunar';
import { OFFICIAL_SCHEDULES, type OfficialYearSchedule } from './schedules';
import { assertValidSchedule } from './schedules/validate';
import { type DateInput, dayOf, fromLocal, toLocal } from './vn-time';
import { DEFAULT_OFFICE_HOURS, isWithinOfficeHours, type OfficeSession, parseSessions, WorkingTime } from './working-time';

export interface CalendarOptions {
  /** The receiving point's office hours on working days; default 07:00–11:30, 13:30–17:00. */
  officeHours?: readonly OfficeSession[];
  /** Official schedules to use instead of the bundled ones (tests, or a year not yet shipped). */
  schedules?: readonly OfficialYearSchedule[];
}

export interface DayInfo {
  date: IsoDate;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  kind: DayKind;
  isWorkingDay: boolean;
  reason?: DayReason;
  code?: HolidayCode;
  /** Vietnamese, user-facing (e.g. "Giỗ Tổ Hùng Vương", "Làm bù cho ngày 02/01/2026 (dịp Tết Dương lịch)"). */
  name?: string;
  citation?: string;
  /** Whether the day comes from an official schedule or from the statute alone. */
  source: YearSource;
}

export interface Calendar {
  readonly officeHours: readonly OfficeSession[];
  isWorkingDay(date: DateInput): boolean;
  dayInfo(date: DateInput): DayInfo;
  yearSource(year: number): YearSource;
  nextWorkingDay(date: DateInput): IsoDate;
  previousWorkingDay(date: DateInput): IsoDate;
  /** The n-th working day after `from`'s day (before, for n < 0), at the same clock time; `from`'s day is not counted. */
  addWorkingDays(from: Date, n: number): Date;
  /** The instant after `hours` of office time from `from` (starting at the next opening if outside office hours). */
  addWorkingHours(from: Date, hours: number): Date;
  /** Office time between two instants, in ms (negative if `b` is before `a`). */
  workingTimeBetween(a: Date, b: Date): number;
  isWithinOfficeHours(at: Date): boolean;
  dueAt(acceptedAt: Date, duration: deadline.Duration, options?: deadline.DueOptions): Date;
  verdict(completedAt: Date, dueAt: Date, granularity?: deadline.VerdictGranularity): deadline.Verdict;
  /** The last moment an apology (Form 04) may be sent for this due date. */
  latestApologyAt(dueAt: Date): Date;
  isApologyAllowed(at: Date, dueAt: Date): boolean;
}

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const schedules = options.schedules ?? OFFICIAL_SCHEDULES;
  schedules.forEach(assertValidSchedule);
  const tables = new DayTables(schedules);
  const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
  const sessions = parseSessions(officeHours);
  const isWorkingDay = (day: number) => tables.isWorkingDay(day);
  const time = new WorkingTime(isWorkingDay, sessions);
  const cw: deadline.Clockwork = { isWorkingDay, time, sessions };

  return {
    officeHours,
    isWorkingDay: (date) => isWorkingDay(dayOf(date)),
    dayInfo(date) {
      const day = dayOf(date);
      const working = isWorkingDay(day);
      const note = tables.note(day);
      const base: DayInfo = {
        date: formatIsoDate(day),
        weekday: weekday(day),
        kind: note?.kind ?? (working ? 'working' : 'weekend'),
        isWorkingDay: working,
        source: tables.forDay(day).source,
      };
      return note
        ? { ...base, reason: note.reason, name: note.name, citation: note.citation, ...(note.code && { code: note.code }) }
        : base;
    },
    yearSource: (year) => tables.source(year),
    nextWorkingDay: (date) => formatIsoDate(deadline.nextWorkingDay(cw, dayOf(date))),
    previousWorkingDay: (date) => formatIsoDate(deadline.previousWorkingDay(cw, dayOf(date))),
    addWorkingDays(from, n) {
      const local = toLocal(from);
      return fromLocal(deadline.shiftWorkingDays(cw, local.day, n), local.msOfDay);
    },
    addWorkingHours: (from, hours) => time.add(from, hours * 3_600_000),
    workingTimeBetween: (a, b) => time.between(a, b),
    isWithinOfficeHours(at) {
      const local = toLocal(at);
      return isWorkingDay(local.day) && isWithinOfficeHours(sessions, local.msOfDay);
    },
    dueAt: (acceptedAt, duration, dueOptions) => deadline.dueAt(cw, acceptedAt, duration, dueOptions),
    verdict: (completedAt, due, granularity) => deadline.verdict(completedAt, due, granularity),
    latestApologyAt: (due) => deadline.latestApologyAt(cw, due),
    isApologyAllowed: (at, due) => at.getTime() <= deadline.latestApologyAt(cw, due).getTime(),
  };
}

/** Vietnamese lunar dates (UTC+7), computed for any year; checked against published tables for 2000–2100. */
export const lunarCalendar = {
  tetDate: (year: number): IsoDate => formatIsoDate(lunar.tetDay(year)),
  hungKingsDate: (year: number): IsoDate => formatIsoDate(lunar.hungKingsDay(year)),
  toLunar: (date: DateInput): lunar.LunarDate => lunar.solarToLunar(dayOf(date)),
  fromLunar: (date: lunar.LunarDate): IsoDate => formatIsoDate(lunar.lunarToSolar(date)),
};

let defaultCalendar: Calendar | undefined;

/** The calendar with default office hours and the bundled schedules (built once, then cached). */
export function getDefaultCalendar(): Calendar {
  defaultCalendar ??= createCalendar();
  return defaultCalendar;
}

/** Due moment of a procedure of `workingDays` working days accepted at `acceptedAt`, default rules. */
export function computeDueAt(acceptedAt: Date, workingDays: number): Date {
  return getDefaultCalendar().dueAt(acceptedAt, { value: workingDays, unit: 'WORKING_DAYS' });
}

export type { IsoDate } from './civil-date';
export type { DayKind, DayReason, YearSource } from './day-table';
export type { DueOptions, DueTime, Duration, DurationUnit, PauseInterval, Verdict, VerdictGranularity } from './deadline';
export { addMonths, VERDICT_NAMES } from './deadline';
export type { HolidayCode } from './holidays';
export { FIRST_SUPPORTED_YEAR, HOLIDAY_NAMES, LAST_SUPPORTED_YEAR, statutoryHolidays } from './holidays';
export type { LunarDate } from './lunar';
export type { Evidence, OfficialBreak, OfficialYearSchedule } from './schedules';
export { OFFICIAL_SCHEDULES } from './schedules';
export { scheduleProblems } from './schedules/validate';
export type { DateInput } from './vn-time';
export { toVnIso, VN_OFFSET_MS, vnTime } from './vn-time';
export type { OfficeSession } from './working-time';
export { DEFAULT_OFFICE_HOURS } from './working-time';

/**
 * The Vietnamese working-day calendar and deadline arithmetic: one pure module (no I/O, no AWS).
 *
 *   const calendar = createCalendar({ officeHours: [...] });   // per receiving point
 *   calendar.dueAt(acceptedAt, { value: 10, unit: 'WORKING_DAYS' }, { pauses });
 *
 * Instants are JS `Date`s; day-level inputs may also be `YYYY-MM-DD` strings (Vietnamese dates).
 * Use `toVnIso` to show an instant with its +07:00 offset. Years 2021–2100 are covered; a year
 * without an official schedule follows the statute and `yearSource` says so.
 *
 * Which official schedules apply is data loaded at run time (services/calendar.ts installs the
 * table's set with `useOfficialSchedules`); until something is installed, the bundled set is used.
 */

import { heldDueAt } from './appointment';
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
  /** Official schedules to use instead of the installed ones (tests, or a year not yet shipped). */
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
  /** The moment an issued due date holds the agency to now: itself, or the end of the next working day if its day became a day off (appointment.ts). */
  heldDueAt(dueAt: Date): Date;
  /** Finished work: early, on time or late against `heldDueAt(dueAt)`. */
  verdict(completedAt: Date, dueAt: Date, granularity?: deadline.VerdictGranularity): deadline.Verdict;
  /** Open work as of `at`: not yet due, or late. */
  standing(at: Date, dueAt: Date): deadline.Verdict;
  /** The last moment an apology (Form 04) may be sent for this due date. */
  latestApologyAt(dueAt: Date): Date;
  isApologyAllowed(at: Date, dueAt: Date): boolean;
}

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const schedules = options.schedules ?? installed.schedules;
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
    heldDueAt: (due) => heldDueAt(cw, due),
    verdict: (completedAt, due, granularity) => deadline.verdict(completedAt, heldDueAt(cw, due), granularity),
    standing: (at, due) => deadline.standing(at, heldDueAt(cw, due)),
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

interface Installed {
  key: string;
  schedules: readonly OfficialYearSchedule[];
  /** Calendars built on this set, by office hours: building one is the costly part. */
  calendars: Map<string, Calendar>;
}

let installed: Installed = { key: 'bundled', schedules: OFFICIAL_SCHEDULES, calendars: new Map() };

/**
 * Makes `schedules` the official set every calendar uses from now on, in this process. `key`
 * names the set (the table and the revision of each year's schedule): installing the same key
 * again is free, so a caller may install on every request. Throws on an invalid schedule and
 * then keeps the set it had.
 */
export function useOfficialSchedules(key: string, schedules: readonly OfficialYearSchedule[]): void {
  if (key === installed.key) return;
  schedules.forEach(assertValidSchedule);
  installed = { key, schedules, calendars: new Map() };
}

/** The calendar of a receiving point's office hours (default hours if none) on the installed set; cached. */
export function calendarOf(officeHours?: readonly OfficeSession[]): Calendar {
  const hours = officeHours && officeHours.length > 0 ? officeHours : undefined;
  const key = hours ? JSON.stringify(hours) : '';
  const { calendars } = installed;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createCalendar(hours ? { officeHours: hours } : {});
    calendars.set(key, calendar);
  }
  return calendar;
}

/** The calendar with default office hours and the installed schedules (built once per set, then cached). */
export function getDefaultCalendar(): Calendar {
  return calendarOf();
}

/** Due moment of a procedure of `workingDays` working days accepted at `acceptedAt`, default rules. */
export function computeDueAt(acceptedAt: Date, workingDays: number): Date {
  return getDefaultCalendar().dueAt(acceptedAt, { value: workingDays, unit: 'WORKING_DAYS' });
}

export { keptAppointment } from './appointment';
export type { IsoDate } from './civil-date';
export type { DayKind, DayReason, YearSource } from './day-table';
export type { DueOptions, DueTime, Duration, DurationUnit, PauseInterval, Verdict, VerdictGranularity } from './deadline';
export { addMonths, VERDICT_NAMES } from './deadline';
export type { HolidayCode } from './holidays';
export { FIRST_SUPPORTED_YEAR, HOLIDAY_NAMES, LAST_SUPPORTED_YEAR, statutoryHolidays } from './holidays';
export type { LunarDate } from './lunar';
export type { Evidence, OfficialBreak, OfficialYearSchedule } from './schedules';
export { OFFICIAL_SCHEDULES } from './schedules';
export type { BreakInput, LoadedSchedule, ScheduleLoadInput, ScheduleSource } from './schedules/loaded';
export { acceptScheduleLoad, bundledSchedules, SCHEDULE_LIMITS, schedulesKey } from './schedules/loaded';
export { scheduleProblems } from './schedules/validate';
export type { DateInput } from './vn-time';
export { toVnIso, VN_OFFSET_MS, vnTime } from './vn-time';
export type { OfficeSession } from './working-time';
export { DEFAULT_OFFICE_HOURS } from './working-time';
export type { SpecialDay, YearView } from './year-view';
export { dueDateSource, YEAR_SOURCE_LABELS, yearView } from './year-view';

/**
 * Deadlines of administrative procedures: due timestamps, pauses, verdicts and the apology window.
 *
 * Counting rules (Civil Code 2015, Bộ luật Dân sự 91/2015/QH13):
 * - art. 147(2)–(3): a period in days, months… starts the day after the event — the day of
 *   acceptance is not counted; art. 147(1): a period in hours starts at the event itself.
 * - art. 148: a period in days ends at the end of its last day; in months, on the corresponding
 *   day of the last month, or that month's last day if it has none [U: clause from recollection];
 *   a period whose last day is a weekly rest day or holiday ends at the end of the next working day.
 * - For procedures in working days (ngày làm việc), the N-th working day after acceptance is the
 *   due day [U: standard practice, domain.md §f.3]. The due moment is the end of office hours on
 *   that day by default [U: configurable, `dueTime`].
 * - "Received after 15:00 → counted from the next working day" [P] applies only where the
 *   procedure says so (`cutoff`): the dossier is then deemed received on the next working day.
 * - Pauses (supplement requested → received; financial obligation where the procedure allows):
 *   the due moment moves by the working time the clock stood still (766 computation [V]).
 */
import { civilDate, dayNumber, daysInMonth } from './civil-date';
import { fromLocal, MS_PER_MINUTE, parseClock, toLocal } from './vn-time';
import { firstSessionStart, lastSessionEnd, type Sessions, type WorkingTime } from './working-time';

export type DurationUnit = 'WORKING_DAYS' | 'WORKING_HOURS' | 'DAYS' | 'MONTHS';

/** A procedure's processing time (thời hạn giải quyết), e.g. `{ value: 10, unit: 'WORKING_DAYS' }`. */
export interface Duration {
  value: number;
  unit: DurationUnit;
}

/** When on the due day the period ends: at closing time, or at the clock time of acceptance. */
export type DueTime = 'END_OF_OFFICE_DAY' | 'SAME_CLOCK_TIME';

export interface PauseInterval {
  from: Date;
  /** The clock resumes here. For a pause still running, pass "now" to get a provisional due date. */
  to: Date;
  /** Informational; the caller decides whether the procedure allows pausing for it. */
  reason?: 'SUPPLEMENT' | 'FINANCIAL_OBLIGATION' | (string & {});
}

export interface DueOptions {
  /** `HH:MM`: accepted after this time ("sau 15 giờ") on a working day → deemed received the next working day. */
  cutoff?: string | undefined;
  dueTime?: DueTime;
  pauses?: readonly PauseInterval[];
}

/**
 * A finished dossier (or step) is early, on time or late; one still open is not yet due, or late
 * (domain.md §f.9 "Chưa đến" / "Trễ"): "trước hạn" is a judgement on finished work only.
 */
export type Verdict = 'EARLY' | 'ON_TIME' | 'LATE' | 'NOT_YET_DUE';

export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = {
  EARLY: 'Trước hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Quá hạn',
  NOT_YET_DUE: 'Chưa đến hạn',
};

/** `day`: early = finished before the due day (§f.7). `minute`: early = before the due minute (per-step budgets, §e.3). */
export type VerdictGranularity = 'day' | 'minute';

export interface Clockwork {
  isWorkingDay(day: number): boolean;
  time: WorkingTime;
  sessions: Sessions;
}

const MS_PER_HOUR = 3_600_000;

export function nextWorkingDay(cw: Clockwork, day: number): number {
  let d = day + 1;
  while (!cw.isWorkingDay(d)) d += 1;
  return d;
}

export function previousWorkingDay(cw: Clockwork, day: number): number {
  let d = day - 1;
  while (!cw.isWorkingDay(d)) d -= 1;
  return d;
}

/** The n-th working day after `day` (before it for n < 0); `day` itself is never counted (art. 147). */
export function shiftWorkingDays(cw: Clockwork, day: number, n: number): number {
  assertInteger(n, 'Working days');
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(cw, d);
  for (let i = 0; i > n; i--) d = previousWorkingDay(cw, d);
  return d;
}

/** The event that starts the clock: acceptance, or the next working day's opening if past the cut-off. */
export function clockStart(cw: Clockwork, acceptedAt: Date, cutoff?: string): { eventDay: number; start: Date } {
  const local = toLocal(acceptedAt);
  if (cutoff !== undefined && cw.isWorkingDay(local.day) && local.msOfDay > parseClock(cutoff) * MS_PER_MINUTE) {
    const deemedDay = nextWorkingDay(cw, local.day);
    return { eventDay: deemedDay, start: fromLocal(deemedDay, firstSessionStart(cw.sessions)) };
  }
  return { eventDay: local.day, start: acceptedAt };
}

export function dueAt(cw: Clockwork, acceptedAt: Date, duration: Duration, options: DueOptions = {}): Date {
  const { eventDay, start } = clockStart(cw, acceptedAt, options.cutoff);
  let due = baseDue(cw, eventDay, start, duration, options.dueTime ?? 'END_OF_OFFICE_DAY');
  for (const pause of mergePauses(options.pauses ?? [], start)) {
    // A pause that begins once the dossier is already overdue cannot make it on time again.
    if (pause.from >= due.getTime()) break;
    const paused = cw.time.between(new Date(pause.from), new Date(pause.to));
    if (paused > 0) due = cw.time.add(due, paused);
  }
  return due;
}

function baseDue(cw: Clockwork, eventDay: number, start: Date, duration: Duration, dueTime: DueTime): Date {
  const { value, unit } = duration;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Duration must be >= 0; got ${value}`);
  const onOrAfter = (day: number) => (cw.isWorkingDay(day) ? day : nextWorkingDay(cw, day));
  const at = (day: number) => timeOnDay(cw.sessions, day, dueTime, toLocal(start).msOfDay);
  switch (unit) {
    case 'WORKING_DAYS':
      assertInteger(value, 'WORKING_DAYS');
      // 0 = "trong ngày": due the same working day.
      return at(value === 0 ? onOrAfter(eventDay) : shiftWorkingDays(cw, eventDay, value));
    case 'WORKING_HOURS':
      // art. 147(1): an hours period starts at the event itself (or at the next opening).
      return value === 0 ? cw.time.nextOfficeInstant(start) : cw.time.add(start, value * MS_PER_HOUR);
    case 'DAYS':
      assertInteger(value, 'DAYS');
      return at(onOrAfter(eventDay + value)); // art. 148: a last day off moves to the next working day
    case 'MONTHS': {
      assertInteger(value, 'MONTHS');
      return at(onOrAfter(addMonths(eventDay, value)));
    }
  }
}

/** Art. 148: the corresponding day of the last month, or its last day if it has none (31/01 + 1 → 28/02). */
export function addMonths(day: number, months: number): number {
  const { year, month, day: dom } = civilDate(day);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return dayNumber(y, m, Math.min(dom, daysInMonth(y, m)));
}

function timeOnDay(sessions: Sessions, day: number, dueTime: DueTime, clockMs: number): Date {
  if (dueTime === 'END_OF_OFFICE_DAY') return fromLocal(day, lastSessionEnd(sessions));
  return fromLocal(day, clampToOfficeHours(sessions, clockMs));
}

/** Same clock time, pulled into office hours: before opening → opening; in a break or after closing → the last session end before it. */
function clampToOfficeHours(sessions: Sessions, ms: number): number {
  let clamped = firstSessionStart(sessions);
  for (const [start, end] of sessions) {
    if (ms >= start) clamped = Math.min(ms, end);
  }
  return clamped;
}

/** Pauses clipped to the clock start, sorted and merged so overlapping pauses count once. */
function mergePauses(pauses: readonly PauseInterval[], start: Date): Array<{ from: number; to: number }> {
  const clipped = pauses
    .map((p) => {
      if (p.to.getTime() < p.from.getTime()) throw new RangeError('A pause cannot end before it starts');
      return { from: Math.max(p.from.getTime(), start.getTime()), to: p.to.getTime() };
    })
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const p of clipped) {
    const last = merged[merged.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged;
}

/**
 * Early / on time / late (domain.md §f.7): by default early means finished on a day before the
 * due day, on time means on the due day up to the due moment, late means after the due moment.
 */
export function verdict(completedAt: Date, due: Date, granularity: VerdictGranularity = 'day'): Exclude<Verdict, 'NOT_YET_DUE'> {
  if (granularity === 'minute') {
    const c = Math.floor(completedAt.getTime() / MS_PER_MINUTE);
    const d = Math.floor(due.getTime() / MS_PER_MINUTE);
    return c < d ? 'EARLY' : c === d ? 'ON_TIME' : 'LATE';
  }
  if (completedAt.getTime() > due.getTime()) return 'LATE';
  return toLocal(completedAt).day < toLocal(due).day ? 'EARLY' : 'ON_TIME';
}

/** Where work still open stands at `at`: not yet due up to the due moment, late after it. */
export function standing(at: Date, due: Date): Extract<Verdict, 'NOT_YET_DUE' | 'LATE'> {
  return at.getTime() > due.getTime() ? 'LATE' : 'NOT_YET_DUE';
}

/**
 * Form 04 (apology and new appointment) must be sent "at the latest one day before the deadline"
 * (Decree 61/2018 [V]); read here as by the close of office hours of the working day before the
 * due day [U: working vs calendar day to confirm with the client].
 */
export function latestApologyAt(cw: Clockwork, due: Date): Date {
  return fromLocal(previousWorkingDay(cw, toLocal(due).day), lastSessionEnd(cw.sessions));
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number; got ${n}`);
}

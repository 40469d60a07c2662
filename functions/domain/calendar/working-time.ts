/**
 * Office-hours arithmetic: how much working time lies between two instants, and which instant is
 * reached after a given amount of working time.
 *
 * Office hours belong to the receiving point (Bộ phận Một cửa) and are configuration, not law: the
 * common 07:00–11:30 / 13:30–17:00 is only the default (domain.md §f.4 [P]). They apply on every
 * working day, make-up Saturdays included.
 */
import { fromLocal, MS_PER_MINUTE, parseClock, toLocal } from './vn-time';

/** One office session, `HH:MM` wall-clock times in Việt Nam, `start` < `end`. */
export interface OfficeSession {
  start: string;
  end: string;
}

export const DEFAULT_OFFICE_HOURS: readonly OfficeSession[] = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** Sessions as [startMs, endMs) of the local day, sorted and validated. */
export type Sessions = ReadonlyArray<readonly [number, number]>;

export function parseSessions(sessions: readonly OfficeSession[]): Sessions {
  if (sessions.length === 0) throw new RangeError('Office hours need at least one session');
  const parsed = sessions.map((s) => [parseClock(s.start) * MS_PER_MINUTE, parseClock(s.end) * MS_PER_MINUTE] as const);
  parsed.forEach(([start, end], i) => {
    const previous = parsed[i - 1];
    if (start >= end) throw new RangeError(`Office session ${sessions[i]?.start}–${sessions[i]?.end} is empty`);
    if (previous && start < previous[1]) throw new RangeError('Office sessions must be in order and must not overlap');
  });
  return parsed;
}

export function officeDayLength(sessions: Sessions): number {
  return sessions.reduce((sum, [start, end]) => sum + (end - start), 0);
}

export function firstSessionStart(sessions: Sessions): number {
  return sessions[0]![0];
}

export function lastSessionEnd(sessions: Sessions): number {
  return sessions[sessions.length - 1]![1];
}

/** Is the wall-clock position inside a session (both ends included)? */
export function isWithinOfficeHours(sessions: Sessions, msOfDay: number): boolean {
  return sessions.some(([start, end]) => msOfDay >= start && msOfDay <= end);
}

export class WorkingTime {
  constructor(
    private readonly isWorkingDay: (day: number) => boolean,
    readonly sessions: Sessions,
  ) {}

  /** Office time (ms) in [a, b]; negative when b is before a. */
  between(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -this.between(b, a);
    const from = toLocal(a);
    const to = toLocal(b);
    let total = 0;
    for (let day = from.day; day <= to.day; day++) {
      if (!this.isWorkingDay(day)) continue;
      const lo = day === from.day ? from.msOfDay : 0;
      const hi = day === to.day ? to.msOfDay : Number.POSITIVE_INFINITY;
      for (const [start, end] of this.sessions) total += Math.max(0, Math.min(end, hi) - Math.max(start, lo));
    }
    return total;
  }

  /** The first instant at or after `from` from which office time can still elapse. */
  nextOfficeInstant(from: Date): Date {
    let { day, msOfDay: position } = toLocal(from);
    for (;;) {
      if (this.isWorkingDay(day)) {
        for (const [start, end] of this.sessions) {
          if (position < end) return fromLocal(day, Math.max(start, position));
        }
      }
      day += 1;
      position = 0;
    }
  }

  /**
   * The instant at which `ms` of office time has elapsed since `from`. Counting starts at `from`
   * if it is inside office hours, otherwise at the next session start. A result that exactly uses
   * up a session stays at that session's end (11:30, not 13:30). Adding 0 returns `from` itself.
   */
  add(from: Date, ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working time to add must be a finite ms count >= 0; got ${ms}`);
    if (ms === 0) return from;
    let remaining = ms;
    let { day, msOfDay: position } = toLocal(from);
    for (;;) {
      if (this.isWorkingDay(day)) {
        for (const [start, end] of this.sessions) {
          const segmentStart = Math.max(start, position);
          if (segmentStart >= end) continue;
          const available = end - segmentStart;
          if (remaining <= available) return fromLocal(day, segmentStart + remaining);
          remaining -= available;
        }
      }
      day += 1;
      position = 0;
    }
  }
}

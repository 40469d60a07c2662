/**
 * Instants (JS `Date`) ↔ Vietnamese wall-clock time.
 *
 * Asia/Ho_Chi_Minh is UTC+7 all year with no daylight saving (since 1975), so a fixed offset is
 * exact and no time-zone database is needed at run time.
 */
import { formatIsoDate, type IsoDate, parseIsoDate } from './civil-date';

export const VN_OFFSET_MS = 7 * 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/** A wall-clock position: the civil day number and the milliseconds since local midnight. */
export interface LocalTime {
  day: number;
  msOfDay: number;
}

export function toLocal(instant: Date): LocalTime {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Invalid Date');
  const local = t + VN_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, msOfDay: local - day * MS_PER_DAY };
}

export function fromLocal(day: number, msOfDay: number): Date {
  return new Date(day * MS_PER_DAY + msOfDay - VN_OFFSET_MS);
}

/** A day-level input: an instant (its Vietnamese date is used) or a `YYYY-MM-DD` string. */
export type DateInput = Date | IsoDate;

export function dayOf(input: DateInput): number {
  return typeof input === 'string' ? parseIsoDate(input) : toLocal(input).day;
}

/** The instant at a Vietnamese wall-clock date and time, e.g. `vnTime('2026-02-13', '16:30')`. */
export function vnTime(date: IsoDate, clock = '00:00'): Date {
  return fromLocal(parseIsoDate(date), parseClock(clock) * MS_PER_MINUTE);
}

/** ISO 8601 with the +07:00 offset, e.g. `2026-02-23T17:00:00+07:00` (seconds kept, ms dropped). */
export function toVnIso(instant: Date): string {
  const { day, msOfDay } = toLocal(instant);
  const seconds = Math.floor(msOfDay / 1000);
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  return `${formatIsoDate(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}+07:00`;
}

const CLOCK = /^(\d{2}):(\d{2})$/;

/** `HH:MM` → minutes since midnight; `24:00` is allowed as the end of the day. */
export function parseClock(clock: string): number {
  const match = CLOCK.exec(clock);
  if (!match) throw new RangeError(`Not an HH:MM clock time: ${JSON.stringify(clock)}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`No such clock time: ${clock}`);
  return minutes;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

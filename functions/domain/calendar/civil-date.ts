/**
 * Civil (wall-calendar) dates as integer day numbers.
 *
 * A "day number" counts days since 1970-01-01 in the proleptic Gregorian calendar. Integer day
 * numbers keep every working-day loop to plain additions and make the per-year lookup tables
 * indexable in O(1). The ISO string form `YYYY-MM-DD` is what data files and callers use.
 */

/** `YYYY-MM-DD`, a Vietnamese wall-calendar date (no time, no zone). */
export type IsoDate = string;

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

const MS_PER_DAY = 86_400_000;
/** Julian Day Number of 1970-01-01 (the lunar algorithm works in JDN). */
const JDN_OF_EPOCH = 2_440_588;

export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function civilDate(dayNo: number): CivilDate {
  const d = new Date(dayNo * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNo: number): boolean {
  const w = weekday(dayNo);
  return w === 0 || w === 6;
}

export function toJdn(dayNo: number): number {
  return dayNo + JDN_OF_EPOCH;
}

export function fromJdn(jdn: number): number {
  return jdn - JDN_OF_EPOCH;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD`; rejects impossible dates such as 2025-02-30. */
export function parseIsoDate(iso: IsoDate): number {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`No such date: ${iso}`);
  }
  return dayNumber(year, month, day);
}

export function formatIsoDate(dayNo: number): IsoDate {
  const { year, month, day } = civilDate(dayNo);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** `dd/mm/yyyy`, the way Vietnamese forms print dates. */
export function formatVietnameseDate(dayNo: number): string {
  const { year, month, day } = civilDate(dayNo);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

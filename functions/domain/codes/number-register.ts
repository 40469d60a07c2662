/**
 * The day's numbers of a receiving agency, as the register (Sổ theo dõi hồ sơ) accounts for them.
 *
 * An acceptance first reserves the next number (an atomic increment that never conflicts), then
 * commits the dossier with it. A number is therefore in one of three states:
 * - USED: a dossier carries it (written in the acceptance's own transaction);
 * - VOID: reserved but never given to a dossier, with the reason (the acceptance's transaction
 *   failed, or the process stopped between the two steps and the nightly sweep found it);
 * - unrecorded: reserved, and its acceptance has not finished yet (or crashed; the sweep voids it).
 *
 * So the day's sequence may have gaps, but only where the register says why (docs/rules.md,
 * "Dossier numbers and void numbers").
 */

export type NumberState = 'USED' | 'VOID';

export type VoidReason = 'ACCEPTANCE_FAILED' | 'PROCESS_STOPPED';

/** What the register prints for a void number, in the receiving office's words. */
export const VOID_REASON_TEXT: Readonly<Record<VoidReason, string>> = {
  ACCEPTANCE_FAILED: 'Số đã cấp nhưng không tiếp nhận được hồ sơ (giao dịch không hoàn tất), không sử dụng',
  PROCESS_STOPPED: 'Số đã cấp nhưng quá trình tiếp nhận bị gián đoạn, không sử dụng',
};

export interface VoidNumber {
  agencyCode: string;
  /** Vietnam date of the number, yymmdd. */
  day: string;
  number: number;
  reason: VoidReason;
  /** The error code of the failed acceptance, when there was one (STALE_VERSION, CONFLICT, …). */
  detail?: string;
  /** The dossier whose acceptance reserved it, when known. */
  dossierId?: string;
  /** When it was voided. */
  at: string;
}

/**
 * Numbers reserved (1 … last) that have no record: in flight, or left by a stopped process. A
 * number above the day's limit never became a code, so it is not a gap.
 */
export function unrecordedNumbers(last: number, recorded: ReadonlySet<number>, maxSequence: number): number[] {
  const gaps: number[] = [];
  for (let number = 1; number <= Math.min(last, maxSequence); number += 1) if (!recorded.has(number)) gaps.push(number);
  return gaps;
}

/** The voids a sweep writes for one agency's day: every unrecorded number, as stopped. */
export function sweepVoids(
  day: { agencyCode: string; day: string; last: number; recorded: ReadonlySet<number> },
  maxSequence: number,
  at: Date,
): VoidNumber[] {
  return unrecordedNumbers(day.last, day.recorded, maxSequence).map((number) => ({
    agencyCode: day.agencyCode,
    day: day.day,
    number,
    reason: 'PROCESS_STOPPED',
    at: at.toISOString(),
  }));
}

/** A day the sweep may close: strictly before the Vietnam day of `now` (today's numbers may still be in flight). */
export const sweepable = (day: string, today: string): boolean => day < today;

/** A number's day as a calendar date: `261203` → `2026-12-03` (codes carry years 2000–2099). */
export const isoDayOf = (yymmdd: string): string => `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;

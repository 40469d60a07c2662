import type { Duration } from './catalog';
import { VIETNAM_OFFSET_MS } from './vietnam-time';

/**
 * The one place the platform asks "when is this due?". Everything else calls `dueAtFor`, so the
 * working-day calendar behind it can grow (holidays, make-up Saturdays, office hours) without
 * touching callers.
 *
 * Counting (Civil Code 2015 art. 147): the day of acceptance is not counted; the N-th following
 * working day is the due day, and the dossier is due by the end of office hours on that day.
 */
const END_OF_OFFICE_DAY_HOUR = 17;
const WORKING_HOURS_PER_DAY = 8;

export function dueAtFor(acceptedAt: Date, duration: Duration): Date {
  const days = duration.unit === 'WORKING_DAYS' ? duration.value : Math.ceil(duration.value / WORKING_HOURS_PER_DAY);
  let local = vietnamMidnight(acceptedAt);
  let remaining = Math.max(days, 1);
  while (remaining > 0) {
    local = new Date(local.getTime() + 24 * 60 * 60 * 1000);
    if (isWeekday(local)) remaining -= 1;
  }
  return new Date(local.getTime() + END_OF_OFFICE_DAY_HOUR * 60 * 60 * 1000 - VIETNAM_OFFSET_MS);
}

/** Midnight of the Vietnamese calendar date, expressed on a UTC-shifted clock. */
function vietnamMidnight(instant: Date): Date {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

function isWeekday(shiftedLocalMidnight: Date): boolean {
  const day = shiftedLocalMidnight.getUTCDay();
  return day !== 0 && day !== 6;
}

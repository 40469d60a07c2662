/**
 * Vietnam keeps UTC+7 all year (no daylight saving), so plain offset arithmetic is exact.
 * Instants are JS Dates; "Vietnamese calendar date" means the date on a wall clock in Hà Nội.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `YYMMDD` of the Vietnamese calendar date of an instant (the dossier code's date part). */
export function vietnamYymmdd(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const yy = String(local.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(local.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

/** ISO 8601 with the +07:00 offset, as forms and the national portal show times. */
export function toVietnamIso(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

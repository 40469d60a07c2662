import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The short secret printed on the receipt (Form 01) beside the dossier code: with both, anyone
 * can look up the dossier's status; with the code alone, nobody can. It is derived from the code
 * with a keyed hash, so nothing extra is stored and the key can be rotated by the province.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud at the counter
export const LOOKUP_SECRET_LENGTH = 6;

export function lookupSecret(dossierCode: string, key: string): string {
  const digest = createHmac('sha256', key).update(dossierCode).digest();
  return Array.from(digest.subarray(0, LOOKUP_SECRET_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** Constant-time comparison; case and spaces as people type them are forgiven. */
export function secretMatches(dossierCode: string, given: string, key: string): boolean {
  const expected = Buffer.from(lookupSecret(dossierCode, key));
  const typed = Buffer.from(given.replace(/\s+/g, '').toUpperCase());
  return typed.length === expected.length && timingSafeEqual(typed, expected);
}

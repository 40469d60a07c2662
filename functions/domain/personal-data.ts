import { createHmac } from 'node:crypto';

/**
 * Personal data rules. The citizen ID number (CCCD: 12 digits encoding birth province, sex,
 * century and year) is never a key, an index key, a log field or an ID: dossiers are found by it
 * through a keyed hash, and responses show it masked unless the caller's role needs it.
 */
export function citizenIdHash(idNumber: string, key: string): string {
  return createHmac('sha256', key).update(idNumber.replace(/\s+/g, '')).digest('base64url');
}

/** Keeps the last `visible` characters: `006190001234` → `*********234`. */
export function mask(value: string, visible = 3): string {
  if (value.length <= visible) return '*'.repeat(value.length);
  return '*'.repeat(value.length - visible) + value.slice(-visible);
}

/** `nguyen.lan@example.vn` → `n***@example.vn`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? mask(email) : `${email[0]}***${email.slice(at)}`;
}

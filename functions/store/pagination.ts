import { DomainError } from '#domain/errors';

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Cursors are opaque to clients: the DynamoDB key to resume from, base64url-encoded. A cursor is
 * only accepted for the partition it came from, so a client cannot page into another agency's
 * inbox by editing one.
 */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, mustMatch: Record<string, string>): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.values(key).every((value) => typeof value === 'string') &&
    Object.entries(mustMatch).every(([name, value]) => (key as Record<string, unknown>)[name] === value);
  if (!valid) throw new DomainError('BAD_INPUT', 'The pagination cursor is not valid for this list', { field: 'after' });
  return key as Record<string, unknown>;
}

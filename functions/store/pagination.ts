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

/**
 * The same, for a Query whose sort key is bounded (a register period): the cursor must also resume
 * inside [from, to], or DynamoDB would refuse a start key outside the key condition (a 500 instead
 * of BAD_INPUT when a client reuses a cursor with another period).
 */
export function decodeCursorWithin(
  cursor: string,
  mustMatch: Record<string, string>,
  sortKey: string,
  [from, to]: readonly [string, string],
): Record<string, unknown> {
  const key = decodeCursor(cursor, mustMatch);
  const resumeAt = key[sortKey];
  if (typeof resumeAt !== 'string' || resumeAt < from || resumeAt > to)
    throw new DomainError('BAD_INPUT', 'The pagination cursor is not valid for this list', { field: 'after' });
  return key;
}

/** A page from a Query of `first + 1` items: the extra one tells whether a next page exists; the cursor names the last item's keys. */
export function pageOfItems<T>(
  items: Record<string, unknown>[],
  first: number,
  keyNames: readonly string[],
  map: (item: Record<string, unknown>) => T,
): Page<T> {
  const pageItems = items.slice(0, first);
  const last = pageItems.at(-1);
  const hasNextPage = items.length > first && last !== undefined;
  return {
    items: pageItems.map(map),
    hasNextPage,
    endCursor: hasNextPage ? encodeCursor(Object.fromEntries(keyNames.map((name) => [name, last[name]]))) : null,
  };
}

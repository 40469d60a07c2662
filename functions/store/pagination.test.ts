import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors';
import { decodeCursor, encodeCursor } from './pagination';

describe('inbox cursors', () => {
  const key = { PK: 'DOSSIER#1', SK: 'DOSSIER', GSI1PK: 'INBOX#06.063', GSI1SK: '2025-11-24T10:00:00.000Z#1' };

  it('resume from the key they were made from', () => {
    expect(decodeCursor(encodeCursor(key), { GSI1PK: 'INBOX#06.063' })).toEqual(key);
  });

  it('cannot be pointed at another agency’s inbox', () => {
    const forged = encodeCursor({ ...key, GSI1PK: 'INBOX#06.064' });
    expect(() => decodeCursor(forged, { GSI1PK: 'INBOX#06.063' })).toThrow(DomainError);
  });

  it('reject garbage with BAD_INPUT', () => {
    for (const cursor of ['%%%', 'bnVsbA', encodeCursor({ PK: 1 } as unknown as Record<string, unknown>)]) {
      expect(() => decodeCursor(cursor, { GSI1PK: 'INBOX#06.063' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });
});

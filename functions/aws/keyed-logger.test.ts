import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyedLogger } from './keyed-logger';

/** The JSON records the logger writes (to stdout, and warnings and errors to stderr) while `work` runs. */
function recordsOf(work: () => void): Record<string, unknown>[] {
  const chunks: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
  }
  try {
    work();
  } finally {
    vi.restoreAllMocks();
  }
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a keyed logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the request’s keys, the keys added later and the record’s own attributes, as a child logger would', () => {
    const shared = new Logger({ serviceName: 'graphql', logLevel: 'INFO' });
    const [record] = recordsOf(() => {
      const log = keyedLogger(shared, { requestId: 'r-1', officerId: 'tn-1' });
      log.appendKeys({ dossierId: 'd-1' });
      log.info('Dossier accepted', { code: '06-261203-0001' });
    });
    expect(record).toMatchObject({
      level: 'INFO',
      message: 'Dossier accepted',
      service: 'graphql',
      requestId: 'r-1',
      officerId: 'tn-1',
      dossierId: 'd-1',
      code: '06-261203-0001',
    });
  });

  it('keeps each request’s keys to itself when one process serves two at once', () => {
    const shared = new Logger({ serviceName: 'graphql', logLevel: 'INFO' });
    const records = recordsOf(() => {
      const first = keyedLogger(shared, { requestId: 'r-1' });
      const second = keyedLogger(shared, { requestId: 'r-2' });
      first.appendKeys({ dossierId: 'd-1' });
      second.warn('Redrive incomplete', { error: new Error('queue gone') });
      first.info('Dossier accepted');
    });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ level: 'WARN', requestId: 'r-2', error: { message: 'queue gone' } });
    expect(records[0]).not.toHaveProperty('dossierId');
    expect(records[1]).toMatchObject({ level: 'INFO', requestId: 'r-1', dossierId: 'd-1' });
  });

  it('writes nothing below the shared logger’s level', () => {
    const shared = new Logger({ serviceName: 'graphql', logLevel: 'WARN' });
    const records = recordsOf(() => {
      const log = keyedLogger(shared, { requestId: 'r-1' });
      log.info('Dossier accepted');
      log.error('Unexpected', { error: new Error('boom') });
    });
    expect(records.map((record) => record.level)).toEqual(['ERROR']);
  });
});

import { processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { GroupedBatchProcessor } from './grouped-processor';

const record = (messageId: string, group: string): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body: messageId,
  attributes: { ApproximateReceiveCount: '1', MessageGroupId: group } as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:queue.fifo',
  awsRegion: 'ap-southeast-1',
});

/** A promise settled from outside: a message's handling waits on it, so the test decides what finishes when. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const run = (records: SQSRecord[], handle: (record: SQSRecord) => Promise<void>) =>
  processPartialResponse({ Records: records }, handle, GroupedBatchProcessor.fifo());

describe('GroupedBatchProcessor on an SQS FIFO batch', () => {
  it('handles other dossiers while one dossier’s message is still being handled, each dossier in order', async () => {
    const aFirst = gate();
    const log: string[] = [];
    const response = run([record('a1', 'A'), record('b1', 'B'), record('a2', 'A'), record('b2', 'B')], async ({ messageId }) => {
      log.push(`start ${messageId}`);
      if (messageId === 'a1') await aFirst.opened;
      // Dossier B is done while a1 is still held: the groups run side by side.
      if (messageId === 'b2') aFirst.open();
      log.push(`end ${messageId}`);
    });

    expect((await response).batchItemFailures).toEqual([]);
    expect(log.indexOf('end b2')).toBeLessThan(log.indexOf('end a1'));
    // Within dossier A, a2 starts only once a1 has finished.
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.indexOf('start b2')).toBeGreaterThan(log.indexOf('end b1'));
  });

  it('stops a dossier at its first failure and returns it with its later messages; other dossiers go on', async () => {
    const handled: string[] = [];
    const response = await run(
      [record('a1', 'A'), record('b1', 'B'), record('a2', 'A'), record('b2', 'B'), record('c1', 'C'), record('a3', 'A')],
      async ({ messageId }) => {
        handled.push(messageId);
        if (messageId === 'a2') throw new Error('a2 failed');
      },
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['a2', 'a3']);
    // a3 was never attempted: it would have overtaken a2.
    expect(handled.sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('fails the whole batch, as Powertools does, when every message failed', async () => {
    await expect(
      run([record('a1', 'A'), record('b1', 'B')], async () => {
        throw new Error('down');
      }),
    ).rejects.toThrow(/All records failed/);
  });
});

const streamRecord = (sequenceNumber: string, dossier: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { SequenceNumber: sequenceNumber, Keys: { PK: { S: `DOSSIER#${dossier}` }, SK: { S: `EVENT#${sequenceNumber}` } } },
});

describe('GroupedBatchProcessor on a stream batch', () => {
  it('keeps each dossier’s records in stream order, holds back the rest of a dossier after its failure, and lets others through', async () => {
    const handled: string[] = [];
    const response = await processPartialResponse(
      { Records: [streamRecord('1', 'a'), streamRecord('2', 'b'), streamRecord('3', 'a'), streamRecord('4', 'b'), streamRecord('5', 'a')] },
      async (record: DynamoDBRecord) => {
        const sequence = record.dynamodb?.SequenceNumber ?? '';
        handled.push(sequence);
        if (sequence === '3') throw new Error('queue unavailable');
      },
      GroupedBatchProcessor.byPartition(),
    );

    // Lambda retries from the earliest reported record (3); 5 never overtook it.
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['3', '5']);
    expect(handled.sort()).toEqual(['1', '2', '3', '4']);
  });
});

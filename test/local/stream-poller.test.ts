import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscardedBatch, type StreamPoller, type StreamPollerOptions, startStreamPoller } from '../../local/pollers/stream-poller';
import { useEmulators } from '../support/emulators';

const stoppers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

/** A fresh table per test: each test reads its own stream from the start. */
async function tableWithItems(count: number, first = 1) {
  const emulators = useEmulators();
  await emulators.createTable();
  await putItems(emulators, first, count);
  return emulators;
}

async function putItems(emulators: ReturnType<typeof useEmulators>, first: number, count: number) {
  for (let n = first; n < first + count; n += 1) {
    await emulators.dynamo.send(
      new PutItemCommand({
        TableName: emulators.tableName,
        Item: { PK: { S: 'ITEM' }, SK: { S: `N#${n}` }, n: { N: String(n) }, bytes: { B: new Uint8Array([n]) } },
      }),
    );
  }
}

async function start(
  emulators: ReturnType<typeof useEmulators>,
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>,
  options: Partial<StreamPollerOptions> = {},
): Promise<StreamPoller> {
  const poller = await startStreamPoller({
    endpoint: emulators.dynamoEndpoint,
    tableName: emulators.tableName,
    handler,
    pollIntervalMs: 50,
    onError: () => undefined,
    ...options,
  });
  stoppers.push(() => poller.stop());
  return poller;
}

const itemNumber = (record: DynamoDBRecord) => Number(record.dynamodb?.NewImage?.n?.N);
const sequenceNumber = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber as string;

describe('stream poller', () => {
  it('delivers inserted items in order, in Lambda batches of the wire shape', async () => {
    const emulators = await tableWithItems(5);
    const events: DynamoDBStreamEvent[] = [];
    const poller = await start(emulators, async (event) => void events.push(event), { batchSize: 2 });

    await poller.drain();

    expect(events.map((event) => event.Records.map(itemNumber))).toEqual([[1, 2], [3, 4], [5]]);
    const first = events[0]?.Records[0];
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        Keys: { PK: { S: 'ITEM' }, SK: { S: 'N#1' } },
        NewImage: { n: { N: '1' }, bytes: { B: Buffer.from([1]).toString('base64') } },
        StreamViewType: 'NEW_IMAGE',
      },
    });
    expect(typeof first?.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('reads a backlog through at once, full page after full page, without waiting for the next poll', async () => {
    const emulators = await tableWithItems(5);
    const events: DynamoDBStreamEvent[] = [];
    // A poll interval far longer than the test: only full pages may be followed by an immediate read.
    let arrived: () => void = () => undefined;
    const allFive = new Promise<void>((resolve) => (arrived = resolve));
    await start(
      emulators,
      async (event) => {
        events.push(event);
        if (events.flatMap((each) => each.Records).length === 5) arrived();
      },
      { batchSize: 2, pollIntervalMs: 60_000 },
    );
    await allFive;
    expect(events.map((event) => event.Records.map(itemNumber))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('retries from the first reported failure without skipping or re-delivering earlier records', async () => {
    const emulators = await tableWithItems(5);
    const deliveries: number[][] = [];
    let failedOnce = false;
    const poller = await start(emulators, async (event) => {
      deliveries.push(event.Records.map(itemNumber));
      const third = event.Records.find((record) => itemNumber(record) === 3);
      if (!third || failedOnce) return { batchItemFailures: [] };
      failedOnce = true;
      // Item 4 is reported too: the retry still starts at the lowest failure, item 3.
      const fourth = event.Records.find((record) => itemNumber(record) === 4) as DynamoDBRecord;
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber(fourth) }, { itemIdentifier: sequenceNumber(third) }] };
    });

    await poller.drain();

    expect(deliveries).toEqual([
      [1, 2, 3, 4, 5],
      [3, 4, 5],
    ]);
  });

  it('retries the whole batch when the handler throws', async () => {
    const emulators = await tableWithItems(3);
    const deliveries: number[][] = [];
    const poller = await start(emulators, async (event) => {
      deliveries.push(event.Records.map(itemNumber));
      if (deliveries.length < 3) throw new Error('table is busy');
    });

    await poller.drain();

    expect(deliveries).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('resumes after its persisted checkpoint when restarted, losing nothing written meanwhile', async () => {
    const emulators = await tableWithItems(3);
    const checkpointFile = join(await mkdtemp(join(tmpdir(), 'lienthong-checkpoints-')), 'stream-checkpoints.json');
    const delivered: number[] = [];
    const collect = async (event: DynamoDBStreamEvent) => void delivered.push(...event.Records.map(itemNumber));

    const before = await start(emulators, collect, { checkpointFile });
    await before.drain();
    await before.stop();
    await putItems(emulators, 4, 2);
    // LATEST would skip items 4 and 5; the checkpoint takes precedence, as on Lambda.
    const after = await start(emulators, collect, { checkpointFile, startingPosition: 'LATEST' });
    await after.drain();

    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    const saved = JSON.parse(await readFile(checkpointFile, 'utf8'));
    expect(saved.streamArn).toBe(after.streamArn);
  });

  it('starts at the end of the stream with LATEST and no checkpoint', async () => {
    const emulators = await tableWithItems(2);
    const delivered: number[] = [];
    const poller = await start(emulators, async (event) => void delivered.push(...event.Records.map(itemNumber)), {
      startingPosition: 'LATEST',
    });
    await putItems(emulators, 3, 1);

    await poller.drain();

    expect(delivered).toEqual([3]);
  });

  it('skips the records its filter rejects, checkpointing past them as Lambda event filtering does', async () => {
    const emulators = await tableWithItems(5);
    const checkpointFile = join(await mkdtemp(join(tmpdir(), 'lienthong-checkpoints-')), 'stream-checkpoints.json');
    const filtered: number[] = [];
    const even = (record: DynamoDBRecord) => itemNumber(record) % 2 === 0;
    const first = await start(emulators, async (event) => void filtered.push(...event.Records.map(itemNumber)), {
      checkpointFile,
      filter: even,
    });
    await first.drain();
    await first.stop();
    const after: number[] = [];
    const second = await start(emulators, async (event) => void after.push(...event.Records.map(itemNumber)), { checkpointFile });
    await putItems(emulators, 6, 1);
    await second.drain();

    expect(filtered).toEqual([2, 4]);
    // Item 5 was filtered out, not left behind: the restart delivers only what came after it.
    expect(after).toEqual([6]);
  });

  it('hands a batch to the failure destination after maxRetryAttempts and reads on', async () => {
    const emulators = await tableWithItems(3);
    const deliveries: number[][] = [];
    const discarded: DiscardedBatch[] = [];
    const poller = await start(
      emulators,
      async (event) => {
        deliveries.push(event.Records.map(itemNumber));
        const poison = event.Records.filter((record) => itemNumber(record) === 2);
        return { batchItemFailures: poison.map((record) => ({ itemIdentifier: sequenceNumber(record) })) };
      },
      { maxRetryAttempts: 2, onDiscard: async (batch) => void discarded.push(batch) },
    );
    await poller.drain();
    await putItems(emulators, 4, 1);
    await poller.drain();

    expect(deliveries).toEqual([[1, 2, 3], [2, 3], [2, 3], [4]]);
    expect(discarded.map((batch) => ({ items: batch.records.map(itemNumber), attempts: batch.attempts }))).toEqual([
      { items: [2, 3], attempts: 3 },
    ]);
  });
});

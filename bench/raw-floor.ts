import { randomUUID } from 'node:crypto';
import { type AttributeValue, QueryCommand, ScanCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { cpuPercent, sampleCpu } from './cpu';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * The raw floors of the throughput bench: TransactWriteItems straight from the SDK, with no
 * GraphQL, no reads and no domain, to the same DynamoDB Local in the same run. Two shapes:
 *
 * - `pair`: every transaction writes a dossier head and one event (2 items), the floor the bench
 *   has always printed;
 * - `shaped`: the transactions copy the transitions' own items, in the handler's mix (per 5: two
 *   submits = head + SUBMITTED event, two accepts = head + ACCEPTED event + the number's record,
 *   one transfer = head + TRANSFERRED event + handoff record), so the floor writes what the
 *   handler writes, item for item and byte for byte; only the reads and the process's work differ.
 *
 * Every item gets a fresh partition key (its own prefix and a UUID) and is put under
 * `attribute_not_exists(PK)`, as the handler's conditional puts are.
 */

type Item = Record<string, AttributeValue>;
export type RawShape = 'pair' | 'shaped';

export interface RawTemplates {
  /** head + event per transaction, in the order they are cycled through. */
  pair: Item[][];
  shaped: Item[][];
  /** Bytes as DynamoDB JSON, for the printout. */
  bytes: { head: number; event: number; shaped: number[] };
}

export interface RawRow {
  done: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: Summary;
  cpu: { self: number; jvm: number | undefined };
  itemsPerTransaction: number;
}

const size = (item: Item) => JSON.stringify(item).length;

async function partition(platform: Platform, pk: string): Promise<Item[]> {
  const { Items = [] } = await platform.raw.send(
    new QueryCommand({
      TableName: platform.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** The number record an acceptance wrote for `dossierId` (one scan, at set-up). */
async function numberRecord(platform: Platform, dossierId: string): Promise<Item | undefined> {
  let startKey: Item | undefined;
  do {
    const page = await platform.raw.send(
      new ScanCommand({
        TableName: platform.tableName,
        FilterExpression: 'entity = :number AND dossierId = :id',
        ExpressionAttributeValues: { ':number': { S: 'NUMBER' }, ':id': { S: dossierId } },
        ExclusiveStartKey: startKey,
      }),
    );
    if (page.Items?.[0]) return page.Items[0];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return undefined;
}

/**
 * The items of an accepted dossier (`simple`) and of a transferred one (`transferred`), as the
 * handler stored them.
 */
export async function readRawTemplates(platform: Platform, simpleId: string, transferredId: string): Promise<RawTemplates> {
  const simple = await partition(platform, `DOSSIER#${simpleId}`);
  const moved = await partition(platform, `DOSSIER#${transferredId}`);
  const sk = (item: Item) => item.SK?.S ?? '';
  const head = simple.find((item) => sk(item) === 'DOSSIER');
  const events = moved.filter((item) => sk(item).startsWith('EVENT#'));
  const movedHead = moved.find((item) => sk(item) === 'DOSSIER');
  const handoff = moved.find((item) => sk(item).startsWith('HANDOFF#'));
  const number = await numberRecord(platform, transferredId);
  const [submitted, accepted, transferred] = events;
  if (!head || !movedHead || !submitted || !accepted || !transferred || !handoff || !number) {
    throw new Error(`Could not read back dossiers ${simpleId} and ${transferredId} for the raw templates`);
  }
  const lastEvent = simple.filter((item) => sk(item).startsWith('EVENT#')).at(-1) ?? accepted;
  const shaped = [
    [movedHead, submitted],
    [movedHead, accepted, number],
    [movedHead, submitted],
    [movedHead, accepted, number],
    [movedHead, transferred, handoff],
  ];
  return {
    pair: [[head, lastEvent]],
    shaped,
    bytes: { head: size(head), event: size(lastEvent), shaped: shaped.map((items) => items.reduce((sum, item) => sum + size(item), 0)) },
  };
}

/** Runs jobs on `concurrency` workers, `total` in all. */
async function pool(concurrency: number, total: number, run: (index: number) => Promise<void>): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) await run(started++);
    }),
  );
}

export async function runRaw(
  platform: Platform,
  tableName: string,
  templates: RawTemplates,
  options: { shape: RawShape; concurrency: number; transactions: number },
): Promise<RawRow> {
  const cycle = templates[options.shape];
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let items = 0;
  const transaction = async (index: number): Promise<void> => {
    const template = cycle[index % cycle.length] ?? [];
    items += template.length;
    const began = performance.now();
    try {
      await platform.raw.send(
        new TransactWriteItemsCommand({
          TransactItems: template.map((item) => ({
            Put: {
              TableName: tableName,
              Item: { ...item, PK: { S: `${item.PK?.S?.split('#')[0] ?? 'RAW'}#${randomUUID()}` } },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        }),
      );
      latencies.push(performance.now() - began);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      errors[name] = (errors[name] ?? 0) + 1;
    }
  };
  const cpuBefore = sampleCpu();
  const started = performance.now();
  await pool(options.concurrency, options.transactions, transaction);
  const seconds = (performance.now() - started) / 1000;
  return {
    done: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
    cpu: cpuPercent(cpuBefore, sampleCpu()),
    itemsPerTransaction: items / Math.max(1, options.transactions),
  };
}

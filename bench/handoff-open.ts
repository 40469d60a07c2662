import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { withoutSdkLogger } from '#aws/sdk-logger';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { ensureTable } from '../local/provision';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * The handoff bench's open loop and its baseline. The pace: how many handoffs per second DynamoDB
 * Local allows, measured in the same run as its raw rate of TransactWriteItems shaped like a
 * handoff's (three conditional puts: head, event, handoff record, copied from a delivered handoff)
 * divided by the transactions one handoff commits (two: the transfer, the delivery). The open loop
 * offers transfers at a fixed rate whatever the pipeline does, so a backlog shows as latency and a
 * delivered rate below the offered one, which a closed loop hides by slowing its senders down.
 */

export type Item = Record<string, AttributeValue>;

/** Transactions a handoff commits: the transfer (head, event, handoff record SENT), the delivery (head, event, record DELIVERED). */
export const TRANSACTIONS_PER_HANDOFF = 2;

export interface Pace {
  inFlight: number;
  transactions: number;
  itemsPerTransaction: number;
  bytesPerTransaction: number;
  transactionsPerSecond: number;
  /** Handoffs per second the raw rate allows: transactionsPerSecond ÷ TRANSACTIONS_PER_HANDOFF. */
  handoffsPerSecond: number;
  latency: Summary;
}

/** The three items a delivery commits, read back from a delivered handoff: the raw transactions copy them. */
export async function readHandoffTemplate(platform: Platform, dossierId: string): Promise<Item[]> {
  const pk = { S: `DOSSIER#${dossierId}` };
  const { Item: head } = await platform.raw.send(
    new GetItemCommand({ TableName: platform.tableName, Key: { PK: pk, SK: { S: 'DOSSIER' } }, ConsistentRead: true }),
  );
  const query = async (prefix: string) =>
    (
      await platform.raw.send(
        new QueryCommand({
          TableName: platform.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': { S: prefix } },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  const event = (await query('EVENT#')).at(-1);
  const handoff = (await query('HANDOFF#')).at(-1);
  if (!head || !event || !handoff) throw new Error(`Could not read back the handoff of dossier ${dossierId} for the pace baseline`);
  return [head, event, handoff];
}

/** The raw rate of handoff-shaped TransactWriteItems, to a table of the same design (with its stream). */
export async function measurePace(
  platform: Platform,
  template: readonly Item[],
  inFlight: number,
  transactions: number,
  /** Called when the timed part begins, after the warm-up. */
  onTimed?: () => void,
): Promise<Pace> {
  const table = `${platform.tableName}-pace`;
  await ensureTable(platform.raw, table);
  // A client of its own, as lean as the pipeline's (no logger middleware): this process's CPU per
  // transaction is taken from the JVM's share, so a heavier client here would lower the pace.
  const client = withoutSdkLogger(
    new DynamoDBClient({ endpoint: platform.dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  const latencies: number[] = [];
  const transaction = async () => {
    const pk: AttributeValue = { S: `DOSSIER#${randomUUID()}` };
    const began = performance.now();
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: template.map((item) => ({
          Put: { TableName: table, Item: { ...item, PK: pk }, ConditionExpression: 'attribute_not_exists(PK)' },
        })),
      }),
    );
    latencies.push(performance.now() - began);
  };
  let started = 0;
  const run = (count: number) =>
    Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (started < count) {
          started += 1;
          await transaction();
        }
      }),
    );
  await run(Math.min(transactions, 50)); // warm-up
  latencies.length = 0;
  started = 0;
  onTimed?.();
  const began = performance.now();
  await run(transactions);
  const seconds = (performance.now() - began) / 1000;
  client.destroy();
  const transactionsPerSecond = latencies.length / seconds;
  return {
    inFlight,
    transactions: latencies.length,
    itemsPerTransaction: template.length,
    bytesPerTransaction: template.reduce((sum, item) => sum + JSON.stringify(item).length, 0),
    transactionsPerSecond,
    handoffsPerSecond: transactionsPerSecond / TRANSACTIONS_PER_HANDOFF,
    latency: summarize(latencies),
  };
}

/**
 * Copies of a received dossier's head under new ids, written straight to the table (untimed,
 * 25 a request): many dossiers ready for a transfer in a second, where submitting and accepting
 * each through the handler would take minutes and is not what is measured here. A transfer reads
 * only the head (and the target agency), so a copy behaves as the original would.
 */
export async function cloneDossiers(platform: Platform, head: Item, count: number): Promise<{ id: string; version: number }[]> {
  const id = head.id?.S;
  const version = Number(head.version?.N);
  if (!id || !Number.isInteger(version)) throw new Error('The template head has no id or version');
  const text = JSON.stringify(head);
  const clones = Array.from({ length: count }, () => {
    const cloneId = randomUUID();
    return { id: cloneId, item: JSON.parse(text.replaceAll(id, cloneId)) as Item };
  });
  for (let start = 0; start < clones.length; start += 25) {
    let pending: WriteRequest[] = clones.slice(start, start + 25).map(({ item }) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await sleep(20 * attempt);
      const { UnprocessedItems } = await platform.raw.send(new BatchWriteItemCommand({ RequestItems: { [platform.tableName]: pending } }));
      pending = UnprocessedItems?.[platform.tableName] ?? [];
    }
  }
  return clones.map((clone) => ({ id: clone.id, version }));
}

export interface OpenStep {
  /** Transfers per second asked for. */
  offered: number;
  /** Transfers committed per second (the senders' achieved rate: below `offered` when the sender side saturates). */
  committed: number;
  /** Deliveries per second, between the first and the last delivery: below `offered` when a backlog builds up. */
  delivered: number;
  done: number;
  failed: number;
  latency: Summary;
  /** Delivered at ≥ 95 % of the offered rate, every one of them, with p95 commit → commit under 2 s. */
  holds: boolean;
  /** Handoffs/s: the higher of the paces measured right before and right after the step. */
  pace?: number;
}

export const HOLD_P95_MS = 2_000;

/**
 * Events per second between the first and the last: (n − 1) intervals over that span. At a steady
 * rate with a steady latency this is the offered rate, whatever the latency; a growing backlog
 * spreads the arrivals out and lowers it.
 */
function rateOf(times: readonly number[]): number {
  if (times.length < 2) return Number.NaN;
  return (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
}
const HOLD_RATE = 0.95;

/**
 * Starts `units.length` handoffs at `offered` per second, on a schedule that does not wait for them
 * (open loop). Each unit commits a transfer, returns its commit time, then resolves with its
 * latency once delivered.
 */
export async function openLoopStep(offered: number, units: readonly (() => Promise<{ latency: Promise<number> }>)[]): Promise<OpenStep> {
  const intervalMs = 1000 / offered;
  const latencies: number[] = [];
  let failed = 0;
  const commits: number[] = [];
  const arrivals: number[] = [];
  const began = performance.now();
  const running: Promise<void>[] = [];
  for (const [index, unit] of units.entries()) {
    const due = began + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(
      (async () => {
        try {
          const { latency } = await unit();
          commits.push(performance.now());
          latencies.push(await latency);
          arrivals.push(performance.now());
        } catch {
          failed += 1;
        }
      })(),
    );
  }
  await Promise.all(running);
  const committed = rateOf(commits);
  const delivered = rateOf(arrivals);
  const latency = summarize(latencies);
  return {
    offered,
    committed,
    delivered,
    done: latencies.length,
    failed,
    latency,
    holds: failed === 0 && delivered >= HOLD_RATE * offered && latency.p95 < HOLD_P95_MS,
  };
}

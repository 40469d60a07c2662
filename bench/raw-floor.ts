import { randomUUID } from 'node:crypto';
import { type AttributeValue, QueryCommand, ScanCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand as DocumentQueryCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cpuPercent, sampleCpu } from './cpu';
import { roundsOf, type TraceEntry } from './ddb-counter';
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
 * - `requests`: the shaped transactions, each after the other requests its transition sent through
 *   the handler (captured from the handler's client, `captureRequests`), replayed on the handler's
 *   own client in the same round trips: the same reads of the same items, and the number's
 *   UpdateItem (sent to this floor's table, so the platform's day sequence keeps no gap). What
 *   the handler adds on top of this floor is GraphQL, the domain and the process's own work; what
 *   this floor loses to `shaped` is the reads the decisions make.
 *
 * Every item gets a fresh partition key (its own prefix and a UUID) and is put under
 * `attribute_not_exists(PK)`, as the handler's conditional puts are.
 */

type Item = Record<string, AttributeValue>;
export type RawShape = 'pair' | 'shaped' | 'requests';

/** A request a transition sent besides its transaction, with its input as the handler's client had it. */
export interface ReplayedRequest {
  command: string;
  input: Record<string, unknown>;
}

/** Per transition, in the order of `shaped`: its other requests, in round trips (those in one went out together). */
export type TransitionRequests = ReplayedRequest[][][];

export interface RawTemplates {
  /** head + event per transaction, in the order they are cycled through. */
  pair: Item[][];
  shaped: Item[][];
  /** The transitions' other requests, per entry of `shaped` (empty until captured). */
  requests: TransitionRequests;
  /** Bytes as DynamoDB JSON, for the printout. */
  bytes: { head: number; event: number; shaped: number[] };
}

export interface RawRow {
  done: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: Summary;
  /** The latencies `latency` sums up, in ms (a row measured in slices pools them). */
  latencies: number[];
  cpu: { self: number; jvm: number | undefined };
  itemsPerTransaction: number;
  /** DynamoDB requests per transaction sent, the transaction included. */
  requestsPerTransaction: number;
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
    requests: [],
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

/**
 * Splits a trace of the handler's client, taken while transitions ran one at a time in the order
 * of `shaped`, at the moments each transition ended (`endedAt`), and keeps each one's requests but
 * its transaction, in round trips.
 */
export function transitionRequests(trace: readonly TraceEntry[], endedAt: readonly number[]): TransitionRequests {
  return endedAt.map((end, index) => {
    const start = index === 0 ? -Infinity : (endedAt[index - 1] ?? -Infinity);
    const own = trace.filter((entry) => entry.startedMs >= start && entry.startedMs < end && entry.command !== 'TransactWriteItems');
    return roundsOf(own).map((round) => round.map(({ command, input }) => ({ command, input })));
  });
}

/** The handler's client sends `request` again: reads as they were, writes to `tableName` instead of the platform's table. */
function replay(platform: Platform, request: ReplayedRequest, tableName: string): Promise<unknown> {
  const input = request.input as never;
  const elsewhere = { ...request.input, TableName: tableName } as never;
  const client = platform.documents;
  switch (request.command) {
    case 'GetItem':
      return client.send(new GetCommand(input));
    case 'BatchGetItem':
      return client.send(new BatchGetCommand(input));
    case 'Query':
      return client.send(new DocumentQueryCommand(input));
    case 'UpdateItem':
      return client.send(new UpdateCommand(elsewhere));
    case 'PutItem':
      return client.send(new PutCommand(elsewhere));
    default:
      throw new Error(`The raw floor cannot replay a transition's ${request.command}`);
  }
}

export async function runRaw(
  platform: Platform,
  tableName: string,
  templates: RawTemplates,
  options: { shape: RawShape; concurrency: number; transactions: number },
): Promise<RawRow> {
  const cycle = options.shape === 'pair' ? templates.pair : templates.shaped;
  if (options.shape === 'requests' && templates.requests.length !== cycle.length) {
    throw new Error(`The raw floor has the requests of ${templates.requests.length} transitions, not ${cycle.length}`);
  }
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let items = 0;
  let requests = 0;
  const transaction = async (index: number): Promise<void> => {
    const template = cycle[index % cycle.length] ?? [];
    const before = options.shape === 'requests' ? (templates.requests[index % cycle.length] ?? []) : [];
    items += template.length;
    requests += 1 + before.reduce((sum, round) => sum + round.length, 0);
    const began = performance.now();
    try {
      for (const round of before) await Promise.all(round.map((request) => replay(platform, request, tableName)));
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
    latencies,
    cpu: cpuPercent(cpuBefore, sampleCpu()),
    itemsPerTransaction: items / Math.max(1, options.transactions),
    requestsPerTransaction: requests / Math.max(1, options.transactions),
  };
}

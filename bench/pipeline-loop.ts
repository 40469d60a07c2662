import { setTimeout as sleep } from 'node:timers/promises';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { startSqsPoller } from '../local/pollers/sqs-poller';
import { startStreamPoller } from '../local/pollers/stream-poller';
import { provisionAgencyQueues } from '../local/provision';
import { fixed, printTable } from './format';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * What the pipeline benches (4: handoffs, 5: portal sync) share: the closed loop that times units
 * from a commit to their arrival at the end of the pipeline, the arrivals those units wait for,
 * the raw stream and queue round trips they are shown beside, and their table.
 */
export interface HandoffRow {
  path: 'stream' | 'sqs' | 'handoff';
  label: string;
  concurrency: number;
  done: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
}

const ARRIVAL_TIMEOUT_MS = 30_000;

/**
 * Closed loop: runs `total` timed units on `concurrency` workers, each starting its next unit once
 * the last one resolved (with its own latency in ms), so per s = in flight ÷ latency.
 */
export async function measure(
  path: HandoffRow['path'],
  label: string,
  concurrency: number,
  total: number,
  unit: () => Promise<number>,
  thinkMs = 0,
): Promise<HandoffRow> {
  const latencies: number[] = [];
  let started = 0;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started += 1;
        if (thinkMs > 0) await sleep(Math.random() * thinkMs);
        latencies.push(await unit());
      }
    }),
  );
  const seconds = (performance.now() - begun) / 1000;
  // With pauses between units the rate says more about the pauses than the platform: not reported.
  const perSecond = thinkMs > 0 ? Number.NaN : latencies.length / seconds;
  return { path, label, concurrency, done: latencies.length, seconds, perSecond, latency: summarize(latencies) };
}

/** Runs `task(index)` for 0…count-1 on `concurrency` workers (untimed preparation). */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export function printRows(rows: readonly HandoffRow[]): void {
  printTable(
    ['in flight', 'path', 'done', 'p50 ms', 'p95 ms', 'max ms', 'per s'],
    rows.map((row) => [
      String(row.concurrency),
      row.label,
      String(row.done),
      fixed(row.latency.p50),
      fixed(row.latency.p95),
      fixed(row.latency.max),
      fixed(row.perSecond),
    ]),
    ['in flight', 'done', 'p50 ms', 'p95 ms', 'max ms', 'per s'],
  );
}

/** Promises of arrivals by key, settled by whichever handler sees the key. */
export class Arrivals {
  private readonly waiting = new Map<string, (at: number) => void>();
  private readonly arrived = new Map<string, number>();

  arrive(key: string, at = performance.now()): void {
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve(at);
    } else this.arrived.set(key, at);
  }

  async after(key: string, since: number, timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<number> {
    const early = this.arrived.get(key);
    const at =
      early ??
      (await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key} did not arrive within ${timeoutMs} ms`)), timeoutMs);
        this.waiting.set(key, (time) => {
          clearTimeout(timer);
          resolve(time);
        });
      }));
    this.arrived.delete(key);
    return at - since;
  }
}

export interface Baselines {
  putItem(): Promise<number>;
  sendMessage(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The same pollers with handlers that only note what arrived: a second reader of the platform
 * table's stream (DynamoDB allows two per shard; the relay ignores these items), and a queue of
 * its own on the same emulator.
 */
export async function startBaselines(platform: Platform, sqsEndpoint: string): Promise<Baselines> {
  const { tableName } = platform;
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const [queue] = [...(await provisionAgencyQueues(sqs, { queueNamePrefix: 'bench-baseline-', agencyCodes: ['00'] })).values()];
  const arrivals = new Arrivals();
  const stream = await startStreamPoller({
    endpoint: platform.dynamoEndpoint,
    tableName,
    startingPosition: 'LATEST',
    handler: async (event) => {
      const at = performance.now();
      for (const record of event.Records) {
        const key = record.dynamodb?.Keys?.PK?.S;
        if (key?.startsWith('BASELINE#')) arrivals.arrive(key, at);
      }
    },
  });
  const sqsPoller = startSqsPoller({
    endpoint: sqsEndpoint,
    queues: [queue!],
    handler: async (event) => {
      const at = performance.now();
      for (const record of event.Records) arrivals.arrive(record.body, at);
    },
  });
  let sequence = 0;
  return {
    async putItem() {
      sequence += 1;
      const key = `BASELINE#${sequence}`;
      await platform.raw.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: key }, SK: { S: 'ITEM' } } }));
      return arrivals.after(key, performance.now());
    },
    async sendMessage() {
      sequence += 1;
      const body = `baseline-${sequence}`;
      // A group per message, as dossiers are: the FIFO queue hands out one message per group at a time.
      await sqs.send(
        new SendMessageCommand({ QueueUrl: queue!.queueUrl, MessageBody: body, MessageGroupId: body, MessageDeduplicationId: body }),
      );
      return arrivals.after(body, performance.now());
    },
    async stop() {
      await Promise.all([stream.stop(), sqsPoller.stop()]);
      sqs.destroy();
    },
  };
}

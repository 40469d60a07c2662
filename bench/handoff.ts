import { setTimeout as sleep } from 'node:timers/promises';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { type SqsPoller, startSqsPoller } from '../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../local/pollers/stream-poller';
import { provisionAgencyQueues } from '../local/provision';
import { receptionOfficer, transition } from './dossier-flow';
import { fixed, printTable, section } from './format';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * Bench 4: a handoff from the sender's commit (the transfer mutation returns) to the receiver's
 * commit (the consumer has written DELIVERED and returned), through the stream poller, the relay,
 * the agency's FIFO queue, the SQS poller and the consumer, all in this process with the settings
 * `npm start` uses (stream polled every 250 ms like Lambda, SQS long polling). Side by side, in the
 * same run and through the same pollers with handlers that do nothing: a PutItem until its stream
 * record reaches the handler, and a SendMessage until the message reaches the handler. Their sum is
 * the floor the handoff path stands on; the rest is the relay's send and the consumer's transaction.
 *
 * Closed loop: `in flight` senders each start their next handoff (message, item) once the previous
 * one arrived, so per s = in flight ÷ latency, and latency is not inflated by a backlog.
 */
export interface HandoffBenchOptions {
  handoffs: number;
  concurrencies: number[];
  warmup: number;
}

export interface HandoffRow {
  path: 'stream' | 'sqs' | 'handoff';
  label: string;
  concurrency: number;
  done: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
}

const QUEUE_PREFIX = 'bench-';
/** Communes sending, taken in turn from each district, so the handoffs spread over the districts' queues. */
const COMMUNES_USED = 16;
/** One in flight: a random pause before each unit, so arrivals fall anywhere in the stream's 250 ms poll cycle. */
const THINK_MS = 500;
const ARRIVAL_TIMEOUT_MS = 30_000;

export async function runHandoffBench(
  platform: Platform,
  sqsEndpoint: string,
  options: HandoffBenchOptions,
): Promise<{ rows: HandoffRow[] }> {
  section('4. Handoff latency: sender’s commit → receiver’s commit, next to raw stream and queue round trips');
  const sites = spreadOverDistricts(platform.communes, COMMUNES_USED);
  const pipeline = await startHandoffPipeline(platform, sqsEndpoint, [...new Set(sites.map((site) => site.districtCode))]);
  const baselines = await startBaselines(platform, sqsEndpoint);
  const rows: HandoffRow[] = [];
  try {
    const warmup = Math.min(options.warmup, 20);
    await measure('handoff', 'warm-up', 4, warmup, await pipeline.prepare(warmup, sites));
    await measure('stream', 'warm-up', 4, warmup, () => baselines.putItem());
    await measure('sqs', 'warm-up', 4, warmup, () => baselines.sendMessage());
    for (const concurrency of options.concurrencies) {
      const think = concurrency === 1 ? THINK_MS : 0;
      rows.push(
        await measure(
          'stream',
          'raw PutItem → stream poller, empty handler',
          concurrency,
          options.handoffs,
          () => baselines.putItem(),
          think,
        ),
      );
      rows.push(
        await measure(
          'sqs',
          'raw SendMessage → SQS poller, empty handler',
          concurrency,
          options.handoffs,
          () => baselines.sendMessage(),
          think,
        ),
      );
      const handoff = await pipeline.prepare(options.handoffs, sites);
      rows.push(await measure('handoff', 'handoff: transfer returns → DELIVERED written', concurrency, options.handoffs, handoff, think));
    }
  } finally {
    await Promise.all([pipeline.stop(), baselines.stop()]);
  }
  console.log(
    `  ${options.handoffs} per row. 1 in flight: each one starts after a random pause of 0–${THINK_MS} ms, so it lands anywhere in ` +
      `the stream's poll cycle (per s not reported). More in flight: closed loop, each sender starts its next one as soon as ` +
      `its last one arrived: per s is the sustained rate.\n` +
      `  Handoffs go from ${sites.length} communes to their ${new Set(sites.map((site) => site.districtCode)).size} districts' FIFO queues; ` +
      `dossiers are submitted and accepted beforehand, untimed. Pollers as \`npm start\` runs them: the stream read again 250 ms ` +
      `after an empty read (Lambda's rate), up to 100 records a batch; SQS long polling, up to 10 messages a batch, one loop per queue.`,
  );
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
  const [stream, sqs, handoff] = (['stream', 'sqs', 'handoff'] as const).map((path) =>
    rows.find((row) => row.path === path && row.concurrency === 1),
  );
  if (stream && sqs && handoff) {
    const floor = stream.latency.p50 + sqs.latency.p50;
    console.log(
      `  1 in flight: handoff p50 ${fixed(handoff.latency.p50)} ms against a floor of ${fixed(floor)} ms (stream p50 + queue p50); ` +
        `the rest is the relay's send and the consumer's read and transaction.`,
    );
  }
  return { rows };
}

/** Runs `total` timed units on `concurrency` workers, each unit resolving with its own latency in ms. */
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

/** `count` communes, taking one from each district in turn. */
function spreadOverDistricts(communes: readonly Site[], count: number): Site[] {
  const byDistrict = new Map<string, Site[]>();
  for (const commune of communes) byDistrict.set(commune.districtCode, [...(byDistrict.get(commune.districtCode) ?? []), commune]);
  const chosen: Site[] = [];
  for (let round = 0; chosen.length < count && round < communes.length; round += 1) {
    for (const list of byDistrict.values()) if (list[round] && chosen.length < count) chosen.push(list[round]!);
  }
  return chosen;
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

  async after(key: string, since: number): Promise<number> {
    const early = this.arrived.get(key);
    const at =
      early ??
      (await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key} did not arrive within ${ARRIVAL_TIMEOUT_MS} ms`)), ARRIVAL_TIMEOUT_MS);
        this.waiting.set(key, (time) => {
          clearTimeout(timer);
          resolve(time);
        });
      }));
    this.arrived.delete(key);
    return at - since;
  }
}

interface HandoffPipeline {
  /**
   * Receives `count` dossiers (submitted and accepted, untimed) spread over the sites, and returns
   * the unit that hands the next one to its district and resolves with that handoff's latency.
   */
  prepare(count: number, sites: readonly Site[]): Promise<() => Promise<number>>;
  stop(): Promise<void>;
}

interface Site {
  code: string;
  districtCode: string;
}

/** Dossiers received at once while preparing a row. */
const PREPARE_CONCURRENCY = 8;

/** The real relay and consumer behind the pollers, on the platform's table and the emulator's queues. */
async function startHandoffPipeline(platform: Platform, sqsEndpoint: string, districts: string[]): Promise<HandoffPipeline> {
  // The handlers build their SQS clients from the environment when imported: point them at the emulator.
  process.env.AWS_ENDPOINT_URL_SQS = sqsEndpoint;
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const queues = await provisionAgencyQueues(sqs, { queueNamePrefix: QUEUE_PREFIX, agencyCodes: districts });
  sqs.destroy();
  const [relay, consumer] = await Promise.all([import('#relay/handler'), import('#transfer-consumer/handler')]);
  const arrivals = new Arrivals();
  const timedConsumer = async (event: SQSEvent, context: never): Promise<SQSBatchResponse> => {
    const response = await consumer.handler(event, context);
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const at = performance.now();
    for (const record of event.Records) {
      if (!failed.has(record.messageId)) arrivals.arrive((JSON.parse(record.body) as { handoffId: string }).handoffId, at);
    }
    return response;
  };
  // LATEST: the table already holds the other benches' transfers; they are not this bench's to relay.
  const stream: StreamPoller = await startStreamPoller({
    endpoint: platform.dynamoEndpoint,
    tableName: platform.tableName,
    handler: relay.handler,
    startingPosition: 'LATEST',
  });
  const sqsPoller: SqsPoller = startSqsPoller({ endpoint: sqsEndpoint, queues: [...queues.values()], handler: timedConsumer as never });
  return {
    async prepare(count, sites) {
      const ready: { site: Site; id: string; version: number }[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: PREPARE_CONCURRENCY }, async () => {
          while (next < count) {
            const site = sites[next++ % sites.length]!;
            ready.push({ site, ...(await receivedDossier(platform, site.code)) });
          }
        }),
      );
      return async () => {
        const { site, id, version } = ready.pop()!;
        const response = await platform.gql<{ transferDossier: { pendingHandoff: { id: string } | null } }>(
          `mutation ($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { pendingHandoff { id } } }`,
          { id, to: site.districtCode, v: version },
          receptionOfficer(site.code, 'tn-bench'),
        );
        const committed = performance.now();
        const handoffId = response.data?.transferDossier.pendingHandoff?.id;
        if (!handoffId) throw new Error(`transfer failed: ${JSON.stringify(response.errors)}`);
        return arrivals.after(handoffId, committed);
      };
    },
    async stop() {
      await Promise.all([stream.stop(), sqsPoller.stop()]);
    },
  };
}

/** Submitted and accepted, untimed: the dossier a handoff starts from. */
async function receivedDossier(platform: Platform, commune: string): Promise<{ id: string; version: number }> {
  const claims = receptionOfficer(commune, 'tn-bench');
  const submitted = await transition(platform.gql, 'submit', { input: submitInputFor(commune) }, claims, 'minimal');
  const accepted =
    submitted.dossier &&
    (await transition(platform.gql, 'accept', { id: submitted.dossier.id, v: submitted.dossier.version }, claims, 'minimal'));
  if (!accepted?.dossier)
    throw new Error(`could not receive a dossier at ${commune}: ${accepted?.outcome.message ?? submitted.outcome.message}`);
  return accepted.dossier;
}

const submitInputFor = (commune: string) => ({
  procedureCode: '1.001776',
  applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: commune } },
  documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
});

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
  const [queue] = [...(await provisionAgencyQueues(sqs, { queueNamePrefix: `${QUEUE_PREFIX}baseline-`, agencyCodes: ['00'] })).values()];
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

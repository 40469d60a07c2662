import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { messagesOf } from '#queue/outbox';
import { createDocumentClient } from '#store/clients';
import { servicesForTable } from '../functions/services';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { TRANSFER_CONSUMER_MAPPING } from '../local/consumer-mapping';
import { type SqsPoller, startSqsPoller } from '../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../local/pollers/stream-poller';
import { provisionAgencyQueues } from '../local/provision';
import { RELAY_MAPPING } from '../local/relay-mapping';
import { receptionOfficer, transition } from './dossier-flow';
import { fixed, section } from './format';
import {
  cloneDossiers,
  HOLD_P95_MS,
  type Item,
  measurePace,
  type OpenStep,
  openLoopStep,
  type Pace,
  readHandoffTemplate,
  TRANSACTIONS_PER_HANDOFF,
} from './handoff-open';
import { emptyStages, printOpenSteps, printTimeGoes, type StageRow, type Stages, stageRow } from './handoff-report';
import { Arrivals, type HandoffRow, inParallel, measure, printRows, startBaselines } from './pipeline-loop';
import type { Platform } from './platform';

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
 * one arrived, so per s = in flight ÷ latency, and latency is not inflated by a backlog. Open loop
 * (handoff-open.ts): transfers offered at fixed rates, stepped up as fractions of the pace DynamoDB
 * Local allows for handoffs, measured in the same run.
 */
export interface HandoffBenchOptions {
  handoffs: number;
  concurrencies: number[];
  warmup: number;
  /** Open loop: seconds per offered-rate step. */
  openSeconds: number;
  /** Open loop: the offered rates, as fractions of the pace measured in the same run. */
  openSteps: number[];
  /** How transfers are committed: the transfer use case called directly (default), or the GraphQL mutation. */
  via: 'service' | 'graphql';
}

export type { HandoffRow } from './pipeline-loop';

export interface HandoffResult {
  rows: HandoffRow[];
  pace: Pace;
  open: OpenStep[];
  /** The highest offered rate that held, per s, and as a fraction of the pace. */
  sustained: { perSecond: number; ofPace: number } | null;
  /** Where the time goes, per closed row and open step. */
  timeGoes: StageRow[];
}

const QUEUE_PREFIX = 'bench-';
/** Communes sending, taken in turn from each district, so the handoffs spread over the districts' queues. */
const COMMUNES_USED = 16;
/** One in flight: a random pause before each unit, so arrivals fall anywhere in the stream's 250 ms poll cycle. */
const THINK_MS = 500;
/** The raw transactions of the pace baseline: in flight, and how many. */
const PACE_IN_FLIGHT = 16;
const PACE_TRANSACTIONS = 400;

export async function runHandoffBench(platform: Platform, sqsEndpoint: string, options: HandoffBenchOptions): Promise<HandoffResult> {
  section('4. Handoffs: sender’s commit → receiver’s commit, closed and open loop, beside the pace DynamoDB Local allows');
  const sites = spreadOverDistricts(platform.communes, COMMUNES_USED);
  const pipeline = await startHandoffPipeline(platform, sqsEndpoint, sites, options.via);
  const baselines = await startBaselines(platform, sqsEndpoint);
  const rows: HandoffRow[] = [];
  const open: OpenStep[] = [];
  const timeGoes: StageRow[] = [];
  let pace: Pace;
  try {
    const warmup = Math.max(Math.min(options.warmup, 40), 4);
    const warmed = await pipeline.prepare(warmup, sites);
    const lastWarmed = warmed[0]!;
    await measure('handoff', 'warm-up', 4, warmup, pipeline.closedUnit(warmed));
    await measure('stream', 'warm-up', 4, Math.min(warmup, 20), () => baselines.putItem());
    await measure('sqs', 'warm-up', 4, Math.min(warmup, 20), () => baselines.sendMessage());
    const template = await readHandoffTemplate(platform, lastWarmed.id);
    const paceBefore = await measurePace(platform, template, PACE_IN_FLIGHT, PACE_TRANSACTIONS);
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
      const unit = pipeline.closedUnit(await pipeline.prepare(options.handoffs, sites));
      pipeline.takeStages();
      rows.push(await measure('handoff', 'handoff: transfer returns → DELIVERED written', concurrency, options.handoffs, unit, think));
      timeGoes.push(stageRow(`closed, ${concurrency} in flight`, pipeline.takeStages()));
    }
    for (const fraction of options.openSteps) {
      const offered = Math.max(1, Math.round(fraction * paceBefore.handoffsPerSecond * 10) / 10);
      const ready = await pipeline.prepare(Math.max(10, Math.round(offered * options.openSeconds)), sites);
      const step = await openLoopStep(
        offered,
        ready.map((dossier) => () => pipeline.send(dossier)),
      );
      open.push(step);
      timeGoes.push(stageRow(`open, ${step.offered}/s offered`, pipeline.takeStages()));
      // Past the rate that holds the backlog only grows: the next steps would say the same, slower.
      if (!step.holds) break;
    }
    // DynamoDB Local's own rate drifts (JIT, GC) by up to 4× within minutes on this machine: the
    // pace is measured again after the open loop, and the higher of the two is the baseline, so a
    // slow first measurement cannot make the ratios look better than they are.
    const paceAfter = await measurePace(platform, template, PACE_IN_FLIGHT, PACE_TRANSACTIONS);
    console.log(
      `  Pace measured before the closed rows ${fixed(paceBefore.handoffsPerSecond)} and after the open loop ${fixed(paceAfter.handoffsPerSecond)} ` +
        'handoffs/s; the higher is the baseline below (the open loop offered fractions of the first).',
    );
    pace = paceAfter.handoffsPerSecond > paceBefore.handoffsPerSecond ? paceAfter : paceBefore;
  } finally {
    await Promise.all([pipeline.stop(), baselines.stop()]);
  }
  console.log(
    `  Pace: ${fixed(pace.transactionsPerSecond)} raw TransactWriteItems/s (${pace.itemsPerTransaction} conditional puts, ` +
      `${pace.bytesPerTransaction} B as DynamoDB JSON, copied from a delivered handoff's head, event and record; ${pace.inFlight} in flight, ` +
      `p50 ${fixed(pace.latency.p50)} ms) ÷ ${TRANSACTIONS_PER_HANDOFF} transactions a handoff commits = ` +
      `${fixed(pace.handoffsPerSecond)} handoffs/s.`,
  );
  console.log(
    `  Closed loop, ${options.handoffs} per row. 1 in flight: each one starts after a random pause of 0–${THINK_MS} ms, so it lands ` +
      `anywhere in the stream's poll cycle (per s not reported). More in flight: each sender starts its next one as soon as ` +
      `its last one arrived.\n` +
      `  Handoffs go from ${sites.length} communes to their ${new Set(sites.map((site) => site.districtCode)).size} districts' FIFO queues; ` +
      `the dossiers are copies of a received one, written beforehand (untimed); transfers ` +
      `committed ${options.via === 'service' ? 'by the transfer use case called directly (no GraphQL in this process)' : 'through the GraphQL mutation'}. Pollers as \`npm start\` runs them: the stream read ` +
      `again 250 ms after an empty read (Lambda's rate), up to 100 records a batch; SQS long polling, up to 10 messages a batch, ` +
      `up to 5 batches of one queue at once (the stack's mapping).`,
  );
  printRows(rows);
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
  console.log(
    `\n  Open loop: transfers started at the offered rate for about ${options.openSeconds} s each, whether or not earlier ones ` +
      `arrived; "holds" = every one delivered, at ≥ 95 % of the offered rate, p95 < ${HOLD_P95_MS} ms. Stops at the first step that does not hold.`,
  );
  for (const row of rows.filter((r) => r.path === 'handoff' && r.concurrency > 1 && r.perSecond !== undefined)) {
    console.log(
      `  Closed loop, ${row.concurrency} in flight: ${fixed(row.perSecond ?? 0)} handoffs/s = ${fixed((row.perSecond ?? 0) / pace.handoffsPerSecond, 2)}× the pace.`,
    );
  }
  printOpenSteps(open, pace);
  printTimeGoes(timeGoes);
  const held = open.filter((step) => step.holds).at(-1);
  const sustained = held ? { perSecond: held.delivered, ofPace: held.delivered / pace.handoffsPerSecond } : null;
  console.log(
    sustained
      ? `  Sustained: ${fixed(sustained.perSecond)} handoffs/s delivered = ${fixed(sustained.ofPace, 2)}× the pace (${fixed(pace.handoffsPerSecond)}/s).`
      : '  Sustained: no offered rate held.',
  );
  return { rows, pace, open, sustained, timeGoes };
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

interface Prepared {
  site: Site;
  id: string;
  version: number;
}

interface HandoffPipeline {
  /** `count` dossiers ready for a transfer, spread over the sites (copies of one received dossier per site, untimed). */
  prepare(count: number, sites: readonly Site[]): Promise<Prepared[]>;
  /** Transfers the dossier to its district; resolves at the commit, with the latency until its delivery. */
  send(dossier: Prepared): Promise<{ latency: Promise<number> }>;
  /** The stage times of the handoffs delivered since the last call. */
  takeStages(): Stages;
  /** A closed-loop unit that transfers the next of these dossiers and resolves with its latency. */
  closedUnit(ready: Prepared[]): () => Promise<number>;
  stop(): Promise<void>;
}

interface Site {
  code: string;
  districtCode: string;
}

/** The real relay and consumer behind the pollers, on the platform's table and the emulator's queues. */
async function startHandoffPipeline(
  platform: Platform,
  sqsEndpoint: string,
  sites: readonly Site[],
  via: 'service' | 'graphql',
): Promise<HandoffPipeline> {
  // The handlers build their SQS clients from the environment when imported: point them at the emulator.
  process.env.AWS_ENDPOINT_URL_SQS = sqsEndpoint;
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const districts = [...new Set(sites.map((site) => site.districtCode))];
  const queues = await provisionAgencyQueues(sqs, { queueNamePrefix: QUEUE_PREFIX, agencyCodes: districts });
  sqs.destroy();
  const [relay, consumer] = await Promise.all([import('#relay/handler'), import('#transfer-consumer/handler')]);
  const arrivals = new Arrivals();
  // Where each handoff's time goes: when its relay batch returned, when its consumer batch began.
  const relayedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  let stages: Stages = emptyStages();
  const timedRelay = async (event: DynamoDBStreamEvent, context: never): Promise<DynamoDBBatchResponse> => {
    const response = await relay.handler(event, context);
    const at = performance.now();
    for (const record of event.Records) {
      const outbox = relay.outboxEventOf(record);
      for (const message of outbox ? messagesOf(outbox) : []) if (!relayedAt.has(message.handoffId)) relayedAt.set(message.handoffId, at);
    }
    return response;
  };
  const timedConsumer = async (event: SQSEvent, context: never): Promise<SQSBatchResponse> => {
    const began = performance.now();
    for (const record of event.Records) {
      const { handoffId } = JSON.parse(record.body) as { handoffId: string };
      if (!receivedAt.has(handoffId)) receivedAt.set(handoffId, began);
    }
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
    ...RELAY_MAPPING,
    handler: timedRelay as never,
    startingPosition: 'LATEST',
  });
  const sqsPoller: SqsPoller = startSqsPoller({
    ...TRANSFER_CONSUMER_MAPPING,
    endpoint: sqsEndpoint,
    queues: [...queues.values()],
    handler: timedConsumer as never,
  });
  // One dossier received through the handler per site: the template its copies are made from.
  const templates = new Map<string, Item>();
  await inParallel(sites.length, PREPARE_CONCURRENCY, async (index) => {
    const site = sites[index]!;
    const { id } = await receivedDossier(platform, site.code);
    const { Item } = await platform.raw.send(
      new GetItemCommand({
        TableName: platform.tableName,
        Key: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'DOSSIER' } },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new Error(`The received dossier ${id} is not in the table`);
    templates.set(site.code, Item);
  });
  // The sender's own services (and client): the transfer use case as the resolver calls it, without
  // GraphQL, whose CPU would otherwise come out of the relay's and consumer's share of this one process.
  const services = via === 'service' ? servicesForTable(platform.tableName, { db: createDocumentClient() }) : undefined;
  const transfer = async ({ site, id, version }: Prepared): Promise<string | undefined> => {
    if (services) {
      const caller = { officerId: 'tn-bench', name: 'Tiếp nhận', agencyCode: site.code, roles: ['RECEPTION_OFFICER'] };
      return (await services.dossiers.transfer(caller, { id, toAgency: site.districtCode, expectedVersion: version })).handoff?.id;
    }
    const response = await platform.gql<{ transferDossier: { pendingHandoff: { id: string } | null } }>(
      `mutation ($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { pendingHandoff { id } } }`,
      { id, to: site.districtCode, v: version },
      receptionOfficer(site.code, 'tn-bench'),
    );
    const handoffId = response.data?.transferDossier.pendingHandoff?.id;
    if (!handoffId) throw new Error(`transfer failed: ${JSON.stringify(response.errors)}`);
    return handoffId;
  };
  const send = async (dossier: Prepared) => {
    const handoffId = await transfer(dossier);
    const committed = performance.now();
    if (!handoffId) throw new Error(`transfer of ${dossier.id} sent no handoff`);
    const latency = arrivals.after(handoffId, committed).then((ms) => {
      const relayed = relayedAt.get(handoffId);
      const received = receivedAt.get(handoffId);
      if (relayed !== undefined && received !== undefined) {
        stages.relay.push(relayed - committed);
        stages.queue.push(received - relayed);
        stages.consumer.push(committed + ms - received);
      }
      relayedAt.delete(handoffId);
      receivedAt.delete(handoffId);
      return ms;
    });
    return { latency };
  };
  return {
    async prepare(count, wanted) {
      const ready: Prepared[] = [];
      await inParallel(wanted.length, PREPARE_CONCURRENCY, async (index) => {
        const site = wanted[index]!;
        const share = Math.floor(count / wanted.length) + (index < count % wanted.length ? 1 : 0);
        for (const clone of await cloneDossiers(platform, templates.get(site.code)!, share)) ready.push({ site, ...clone });
      });
      // Interleaved by site, as the closed loop and the open schedule take them in turn.
      return ready.sort((a, b) => a.id.localeCompare(b.id));
    },
    send,
    takeStages() {
      const taken = stages;
      stages = emptyStages();
      return taken;
    },
    closedUnit(ready) {
      return async () => (await send(ready.pop()!)).latency;
    },
    async stop() {
      await Promise.all([stream.stop(), sqsPoller.stop()]);
    },
  };
}

/** Dossiers received at once while preparing the templates. */
const PREPARE_CONCURRENCY = 8;

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

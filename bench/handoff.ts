import { fixed, section } from './format';
import { CostMeter, type CostRow, mergeCosts, printCosts, profiledStep } from './handoff-cost';
import {
  HOLD_P95_MS,
  type Item,
  measurePace,
  type OpenStep,
  openLoopStep,
  type Pace,
  readHandoffTemplate,
  TRANSACTIONS_PER_HANDOFF,
} from './handoff-open';
import { spreadOverDistricts, startHandoffPipeline } from './handoff-pipeline';
import { type PaceMeasurement, printOpenSteps, printPaces, printTimeGoes, type StageRow, stageRow } from './handoff-report';
import { type Baselines, type HandoffRow, measure, printRows, startBaselines } from './pipeline-loop';
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
  /** The highest pace measured in the run. */
  pace: Pace;
  /** Every pace measurement, in order: before the closed rows, before the open loop, after each open step. */
  paces: PaceMeasurement[];
  open: OpenStep[];
  /**
   * The highest offered rate that held: delivered per s, as a fraction of the higher of the paces
   * measured right before and right after it, and of the highest pace of the run.
   */
  sustained: { perSecond: number; pace: number; ofPace: number; ofHighest: number } | null;
  /** Where the time goes, per closed row and open step. */
  timeGoes: StageRow[];
  /** What a handoff costs (requests, CPU), per pace measurement, closed row and open step. */
  costs: CostRow[];
}

/** Communes sending, taken in turn from each district, so the handoffs spread over the districts' queues. */
const COMMUNES_USED = 16;
/**
 * One in flight: a random pause before each unit, so arrivals fall anywhere in the stream's 250 ms
 * poll cycle. A pause uniform over one cycle is enough for a uniform phase (it was 0–500 ms: a
 * minute longer for the same figure).
 */
const THINK_MS = 250;
/** The raw transactions of the pace baseline: in flight, and how many. */
const PACE_IN_FLIGHT = 16;
const PACE_TRANSACTIONS = 300;

export async function runHandoffBench(platform: Platform, sqsEndpoint: string, options: HandoffBenchOptions): Promise<HandoffResult> {
  section('4. Handoffs: sender’s commit → receiver’s commit, closed and open loop, beside the pace DynamoDB Local allows');
  const sites = spreadOverDistricts(platform.communes, COMMUNES_USED);
  const pipeline = await startHandoffPipeline(platform, sqsEndpoint, sites, options.via);
  let baselines: Baselines | undefined = await startBaselines(platform, sqsEndpoint);
  const stopBaselines = async () => {
    const stopping = baselines?.stop();
    baselines = undefined;
    await stopping;
  };
  const rows: HandoffRow[] = [];
  const open: OpenStep[] = [];
  const timeGoes: StageRow[] = [];
  const costs: CostRow[] = [];
  const paceCosts: CostRow[] = [];
  const paces: PaceMeasurement[] = [];
  const meter = new CostMeter();
  // DynamoDB Local's own rate drifts (JIT, GC, the other work on the machine) by up to 4× within
  // minutes: the pace is measured right before and right after every open step, and each step is
  // held against the higher of its two neighbours; the closed rows against the paces around them.
  const measuredPace = async (label: string) => {
    const measured = await measurePace(platform, template, PACE_IN_FLIGHT, PACE_TRANSACTIONS, () => meter.reset());
    paceCosts.push(meter.take(label, measured.transactions / TRANSACTIONS_PER_HANDOFF));
    paces.push({ label, ...measured });
    return measured;
  };
  let template: Item[] = [];
  let closedPace: Pace;
  try {
    const warmup = Math.max(Math.min(options.warmup, 40), 4);
    const warmed = await pipeline.prepare(warmup, sites);
    const lastWarmed = warmed[0]!;
    await measure('handoff', 'warm-up', 4, warmup, pipeline.closedUnit(warmed));
    const raw = baselines;
    await measure('stream', 'warm-up', 4, Math.min(warmup, 20), () => raw.putItem());
    await measure('sqs', 'warm-up', 4, Math.min(warmup, 20), () => raw.sendMessage());
    template = await readHandoffTemplate(platform, lastWarmed.id);
    const paceBefore = await measuredPace('before the closed rows');
    for (const concurrency of options.concurrencies) {
      const think = concurrency === 1 ? THINK_MS : 0;
      rows.push(
        await measure('stream', 'raw PutItem → stream poller, empty handler', concurrency, options.handoffs, () => raw.putItem(), think),
      );
      rows.push(
        await measure('sqs', 'raw SendMessage → SQS poller, empty handler', concurrency, options.handoffs, () => raw.sendMessage(), think),
      );
      const unit = pipeline.closedUnit(await pipeline.prepare(options.handoffs, sites));
      pipeline.takeStages();
      meter.reset();
      rows.push(await measure('handoff', 'handoff: transfer returns → DELIVERED written', concurrency, options.handoffs, unit, think));
      costs.push(meter.take(`closed, ${concurrency}`, rows.at(-1)?.done ?? 0));
      timeGoes.push(stageRow(`closed, ${concurrency} in flight`, pipeline.takeStages()));
    }
    // The raw round trips are done: their stream reader (a second one on the table, reading every
    // handoff's records again) and queue poller are not part of a handoff, so they stop here.
    await stopBaselines();
    const paceOpen = await measuredPace('before the open loop');
    closedPace = higher(paceBefore, paceOpen);
    let previous = paceOpen;
    for (const fraction of options.openSteps) {
      const offered = Math.max(1, Math.round(fraction * paceOpen.handoffsPerSecond * 10) / 10);
      const ready = await pipeline.prepare(Math.max(10, Math.round(offered * options.openSeconds)), sites);
      meter.reset();
      const step = await profiledStep(String(offered), () =>
        openLoopStep(
          offered,
          ready.map((dossier) => () => pipeline.send(dossier)),
        ),
      );
      costs.push(meter.take(`open, ${step.offered}/s`, step.done));
      timeGoes.push(stageRow(`open, ${step.offered}/s offered`, pipeline.takeStages()));
      const after = await measuredPace(`after the ${step.offered}/s step`);
      open.push({ ...step, pace: higher(previous, after).handoffsPerSecond });
      previous = after;
      // Past the rate that holds the backlog only grows: the next steps would say the same, slower.
      if (!step.holds) break;
    }
  } finally {
    meter.stop();
    await Promise.all([pipeline.stop(), stopBaselines()]);
  }
  const pace = paces.reduce(higher);
  printPaces(paces, TRANSACTIONS_PER_HANDOFF);
  console.log(
    `  Closed loop, ${options.handoffs} per row. 1 in flight: each one starts after a random pause of 0–${THINK_MS} ms, so it lands ` +
      `anywhere in the stream's poll cycle (per s not reported). More in flight: each sender starts its next one as soon as ` +
      `its last one arrived.\n` +
      `  Handoffs go from ${sites.length} communes to their ${new Set(sites.map((site) => site.districtCode)).size} districts' FIFO queues; ` +
      `the dossiers are copies of a received one, written beforehand (untimed); transfers ` +
      `committed ${options.via === 'service' ? 'by the transfer use case called directly (no GraphQL in this process)' : 'through the GraphQL mutation'}. Pollers as \`npm start\` runs them: the stream read ` +
      `every 250 ms (Lambda's base rate; at once only after a full page), up to 100 records a batch; SQS long polling, up to 10 messages a batch, ` +
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
      `  Closed loop, ${row.concurrency} in flight: ${fixed(row.perSecond ?? 0)} handoffs/s = ${fixed((row.perSecond ?? 0) / closedPace.handoffsPerSecond, 2)}× ` +
        `the higher pace around the closed rows (${fixed(closedPace.handoffsPerSecond)}/s), ${fixed((row.perSecond ?? 0) / pace.handoffsPerSecond, 2)}× the run's highest.`,
    );
  }
  printOpenSteps(open, pace);
  printTimeGoes(timeGoes);
  printCosts([mergeCosts(`pace, all ${paces.length}`, paceCosts), ...costs]);
  const held = open.filter((step) => step.holds).at(-1);
  const stepPace = held?.pace ?? Number.NaN;
  const sustained = held
    ? { perSecond: held.delivered, pace: stepPace, ofPace: held.delivered / stepPace, ofHighest: held.delivered / pace.handoffsPerSecond }
    : null;
  console.log(
    sustained
      ? `  Sustained: ${fixed(sustained.perSecond)} handoffs/s delivered = ${fixed(sustained.ofPace, 2)}× the higher pace around its step ` +
          `(${fixed(sustained.pace)}/s), ${fixed(sustained.ofHighest, 2)}× the highest pace of the run (${fixed(pace.handoffsPerSecond)}/s).`
      : '  Sustained: no offered rate held.',
  );
  return { rows, pace, paces, open, sustained, timeGoes, costs: [...paceCosts, ...costs] };
}

const higher = <T extends Pace>(a: T, b: T): T => (b.handoffsPerSecond > a.handoffsPerSecond ? b : a);

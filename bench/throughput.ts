import { withoutSdkLogger } from '#aws/sdk-logger';
import { ensureTable } from '../local/provision';
import { type BurstResult, runAcceptanceBurst } from './acceptance-burst';
import { cpuPercent, sampleCpu } from './cpu';
import { type Counts, totalAttempts } from './ddb-counter';
import {
  DEMO_COMMUNE,
  DEMO_DISTRICT,
  FLOW_LENGTH,
  type FlowKind,
  receptionOfficer,
  runFlow,
  type Site,
  type TransitionName,
  type TransitionOutcome,
} from './dossier-flow';
import { figureColumns, fixed, printTable, section } from './format';
import type { Platform } from './platform';
import {
  type RawRow,
  type RawShape,
  type RawTemplates,
  readRawTemplates,
  runRaw,
  type TransitionRequests,
  transitionRequests,
} from './raw-floor';
import { type Summary, summarize } from './stats';

const TRANSITION_HEADERS = [
  'in flight',
  'path',
  'done',
  'errors',
  'per s',
  'p50 ms',
  'p95 ms',
  'DDB req/op',
  'vs raw 2-item',
  'vs raw shaped',
  'vs raw requests',
  'CPU ms/op node+JVM',
  'CPU % node/JVM',
];

/**
 * Bench 2: state transitions per second through the GraphQL handler (submit, accept and, for the
 * interconnected procedure, transfer), side by side with the raw TransactWriteItems rate of the same
 * DynamoDB Local in the same run, to a table of the same design, in two shapes (raw-floor.ts):
 * two-item transactions (a head and its event), and transactions that copy each transition's own
 * items (2 or 3). The gap is what the handler adds: GraphQL, reads before each write, marshalling,
 * field resolvers.
 */

export type AgencySpread = 'one' | 'spread';

export interface ThroughputOptions {
  /** Transitions (handler) or transactions (raw) per measured row. */
  transitions: number;
  concurrencies: number[];
  /** Which agency layouts to run at concurrency > 1 (concurrency 1 always runs at one commune). */
  spreads: AgencySpread[];
  /** Transitions and transactions run before measuring, to warm the JIT of both processes. */
  warmup: number;
  /** Acceptances sent at once at one agency, and the same spread over `burstAgencies` (0: no burst rows). */
  burst: number;
  burstAgencies: number;
}

export interface Row {
  concurrency: number;
  path: 'raw' | 'handler';
  label: string;
  /** Raw rows: which floor (raw-floor.ts). */
  shape?: RawShape;
  spread?: AgencySpread;
  done: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: Summary;
  byTransition?: Partial<Record<TransitionName, Summary>>;
  /** DynamoDB HTTP requests per transition, retries included (handler rows). */
  requestsPerTransition?: number;
  /** TransactWriteItems cancelled (a lost race for the day's sequence counter, then retried). */
  cancelledTransactions?: number;
  /** The same, by cancellation reasons item by item (head, event, extra item). */
  cancellationReasons?: Record<string, number>;
  counts?: Counts;
  /** Handler rate over the 2-item raw rate at the same concurrency. */
  ratioToRaw?: number;
  /**
   * Handler rate over the raw rate of transactions shaped like the transitions' own (the verdict's);
   * on the `requests` raw row, that row's rate over the shaped one (what the reads alone cost).
   */
  ratioToShaped?: number;
  /** Handler rate over the raw rate of the transitions' own requests, reads and all (what GraphQL and the domain cost). */
  ratioToRequests?: number;
  /** DynamoDB requests per transition (raw rows). */
  requestsPerTransaction?: number;
  /** Percent of one core used by this process (handler or raw client) and by DynamoDB Local's JVM. */
  cpu: { self: number; jvm: number | undefined };
  /** CPU time per completed operation: this process, and DynamoDB Local's JVM. */
  cpuMsPerOp: { self: number; jvm: number | undefined };
}

export interface ThroughputResult {
  transitions: number;
  rawTemplateBytes: RawTemplates['bytes'];
  mix: string;
  rows: Row[];
  burst?: BurstResult;
}

export async function runThroughputBench(platform: Platform, options: ThroughputOptions): Promise<ThroughputResult> {
  section('2. Transitions per second: GraphQL handler vs raw TransactWriteItems, same DynamoDB Local');
  const rawTable = `${platform.tableName}-raw`;
  // The handler's client goes without the SDK's logger middleware (functions/store/clients.ts); so
  // does the floor's, or the floor would carry a per-request cost the handler does not.
  withoutSdkLogger(platform.raw);
  await ensureTable(platform.raw, rawTable);

  // Warm both paths; the handler's warm-up also leaves the dossiers whose items the raw rows copy.
  const warm = await runHandler(platform, { concurrency: 4, transitions: Math.max(options.warmup, 5), spread: 'spread' });
  if (!warm.lastDossierId || !warm.lastTransferredId) {
    throw new Error(`The handler warm-up completed no dossier: ${JSON.stringify(warm.errors)} (first: ${warm.firstMessage ?? 'none'})`);
  }
  const templates = await readRawTemplates(platform, warm.lastDossierId, warm.lastTransferredId);
  templates.requests = await captureRequests(platform);
  const raw = (shape: RawShape, concurrency: number, transactions: number) =>
    runRaw(platform, rawTable, templates, { shape, concurrency, transactions }).then((result) => rawRow(result, shape, concurrency));
  for (const shape of RAW_SHAPES) await raw(shape, 4, Math.max(options.warmup, 5));

  const rows: Row[] = [];
  const perSlice = Math.max(1, Math.ceil(options.transitions / SLICES));
  for (const concurrency of options.concurrencies) {
    const spreads: AgencySpread[] = concurrency === 1 ? ['one'] : options.spreads;
    // The rows take turns, a slice each, so a drift of DynamoDB Local's pace (its JIT, its
    // collector, the machine) falls on every row alike rather than on whichever ran last.
    const slices: { raw: Record<RawShape, Slice[]>; handler: Slice[][] } = {
      raw: { pair: [], shaped: [], requests: [] },
      handler: spreads.map(() => []),
    };
    for (let slice = 0; slice < SLICES; slice += 1) {
      for (const shape of RAW_SHAPES) {
        const result = await runRaw(platform, rawTable, templates, { shape, concurrency, transactions: perSlice });
        slices.raw[shape].push({ row: rawRow(result, shape, concurrency), latencies: result.latencies, outcomes: [] });
      }
      for (const [index, spread] of spreads.entries()) {
        const { row, outcomes } = await runHandler(platform, { concurrency, transitions: perSlice, spread });
        slices.handler[index]?.push({ row, latencies: okLatencies(outcomes), outcomes });
      }
    }
    const [pair, shaped, requests] = RAW_SHAPES.map((shape) => mergeSlices(slices.raw[shape])) as [Row, Row, Row];
    requests.ratioToShaped = requests.perSecond / shaped.perSecond;
    rows.push(pair, shaped, requests);
    for (const handlerSlices of slices.handler) {
      const row = mergeSlices(handlerSlices);
      row.ratioToRaw = row.perSecond / pair.perSecond;
      row.ratioToShaped = row.perSecond / shaped.perSecond;
      row.ratioToRequests = row.perSecond / requests.perSecond;
      rows.push(row);
    }
  }

  console.log(
    `  ${perSlice * SLICES} transitions per row, in ${SLICES} slices of ${perSlice} taken in turn by the rows of each concurrency; handler mix per 2 dossiers: 2 submit + 2 accept + 1 transfer ` +
      `(${'2.000815'} and ${'1.001776'} alternating). Raw, 2 items: head ${templates.bytes.head} B + event ${templates.bytes.event} B; ` +
      `raw, as the transitions: per 5, ${templates.shaped.map((items, index) => `${items.length} items ${templates.bytes.shaped[index]} B`).join(', ')} ` +
      `(DynamoDB JSON, conditional puts, same table design).`,
  );
  printTable(
    TRANSITION_HEADERS,
    rows.map((row) => [
      String(row.concurrency),
      row.label,
      String(row.done),
      describeErrors(row.errors),
      fixed(row.perSecond),
      fixed(row.latency.p50),
      fixed(row.latency.p95),
      fixed(row.requestsPerTransition ?? row.requestsPerTransaction ?? 1, 2),
      ratio(row.ratioToRaw),
      ratio(row.ratioToShaped),
      ratio(row.ratioToRequests),
      `${fixed(row.cpuMsPerOp.self)} + ${fixed(row.cpuMsPerOp.jvm)}`,
      `${fixed(row.cpu.self, 0)} / ${fixed(row.cpu.jvm, 0)}`,
    ]),
    figureColumns(TRANSITION_HEADERS, ['path', 'errors']),
  );
  const rawErrors = rows.filter((row) => row.path === 'raw' && Object.keys(row.errors).length > 0);
  if (rawErrors.length) console.log(`  raw errors: ${rawErrors.map((row) => describeErrors(row.errors)).join('; ')}`);

  console.log('\n  Handler latency by mutation, p50 / p95 ms (cancelled = TransactWriteItems lost a race and was retried):');
  const handlerRows = rows.filter((row) => row.path === 'handler');
  printTable(
    ['in flight', 'agencies', 'submit', 'accept', 'transfer', 'cancelled tx'],
    handlerRows.map((row) => [
      String(row.concurrency),
      row.spread === 'spread' ? `${Math.min(row.concurrency, platform.communes.length)} communes` : DEMO_COMMUNE,
      pair(row.byTransition?.submit),
      pair(row.byTransition?.accept),
      pair(row.byTransition?.transfer),
      String(row.cancelledTransactions ?? 0),
    ]),
    ['in flight', 'submit', 'accept', 'transfer', 'cancelled tx'],
  );
  for (const row of handlerRows) {
    const reasons = Object.entries(row.cancellationReasons ?? {});
    if (reasons.length === 0) continue;
    console.log(`  ${row.label} at ${row.concurrency} in flight, cancellation reasons (head, event, extra item):`);
    for (const [reason, count] of reasons.sort((a, b) => b[1] - a[1]))
      console.log(`    ${String(count).padStart(5)}  ${reason.replace(/^[^:]+: /, '')}`);
  }

  const burst =
    options.burst > 0 ? await runAcceptanceBurst(platform, { acceptances: options.burst, agencies: options.burstAgencies }) : undefined;

  return {
    ...(burst ? { burst } : {}),
    transitions: options.transitions,
    rawTemplateBytes: templates.bytes,
    mix: '2.000815 submit+accept and 1.001776 submit+accept+transfer, alternating',
    rows,
  };
}

/** Each row is measured in this many slices, the rows of one concurrency taking turns. */
const SLICES = 3;
const RAW_SHAPES = ['pair', 'shaped', 'requests'] as const satisfies readonly RawShape[];

/** One slice of a row, with the samples the whole row's figures are pooled from. */
interface Slice {
  row: Row;
  latencies: number[];
  outcomes: TransitionOutcome[];
}

const okLatencies = (outcomes: readonly TransitionOutcome[]) => outcomes.filter((outcome) => !outcome.error).map((outcome) => outcome.ms);

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function addCounts(maps: readonly (Record<string, number> | undefined)[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const map of maps) for (const [key, count] of Object.entries(map ?? {})) total[key] = (total[key] ?? 0) + count;
  return total;
}

function byTransitionOf(outcomes: readonly TransitionOutcome[]): Partial<Record<TransitionName, Summary>> {
  const ok = outcomes.filter((outcome) => !outcome.error);
  const byTransition: Partial<Record<TransitionName, Summary>> = {};
  for (const name of ['submit', 'accept', 'transfer'] as const) {
    byTransition[name] = summarize(ok.filter((outcome) => outcome.name === name).map((outcome) => outcome.ms));
  }
  return byTransition;
}

/** A row from its slices: work and time summed, latencies pooled, CPU and requests weighted by each slice's share. */
function mergeSlices(slices: readonly Slice[]): Row {
  const first = slices[0]?.row;
  if (!first) throw new Error('A throughput row was measured in no slice');
  const seconds = sum(slices.map(({ row }) => row.seconds));
  const done = sum(slices.map(({ row }) => row.done));
  const overTime = (value: (row: Row) => number | undefined) => {
    const values = slices.map(({ row }) => value(row));
    return values.some((entry) => entry === undefined)
      ? undefined
      : sum(values.map((entry, index) => (entry ?? 0) * (slices[index]?.row.seconds ?? 0))) / seconds;
  };
  const perDone = (value: (row: Row) => number | undefined) => {
    const values = slices.map(({ row }) => value(row));
    return values.some((entry) => entry === undefined)
      ? undefined
      : sum(values.map((entry, index) => (entry ?? 0) * (slices[index]?.row.done ?? 0))) / Math.max(1, done);
  };
  const cpu = { self: overTime((row) => row.cpu.self) ?? 0, jvm: overTime((row) => row.cpu.jvm) };
  const outcomes = slices.flatMap((slice) => slice.outcomes);
  const requestsPerTransition = perDone((row) => row.requestsPerTransition);
  const requestsPerTransaction = perDone((row) => row.requestsPerTransaction);
  const { counts: _counts, ...common } = first;
  return {
    ...common,
    done,
    seconds,
    perSecond: done / seconds,
    errors: addCounts(slices.map(({ row }) => row.errors)),
    latency: summarize(slices.flatMap((slice) => slice.latencies)),
    ...(first.path === 'handler'
      ? {
          byTransition: byTransitionOf(outcomes),
          cancelledTransactions: sum(slices.map(({ row }) => row.cancelledTransactions ?? 0)),
          cancellationReasons: addCounts(slices.map(({ row }) => row.cancellationReasons)),
        }
      : {}),
    ...(requestsPerTransition === undefined ? {} : { requestsPerTransition }),
    ...(requestsPerTransaction === undefined ? {} : { requestsPerTransaction }),
    cpu,
    cpuMsPerOp: perOp(cpu, seconds, done),
  };
}

const perOp = (cpu: { self: number; jvm: number | undefined }, seconds: number, done: number) => ({
  self: (cpu.self * seconds * 10) / Math.max(1, done),
  jvm: cpu.jvm === undefined ? undefined : (cpu.jvm * seconds * 10) / Math.max(1, done),
});

const ratio = (value: number | undefined) => (value === undefined ? '' : `${fixed(value, 2)}×`);

/**
 * The requests each transition sends besides its transaction, read from the handler's client
 * while one flow of each kind runs at the demo commune, one transition at a time, in the order of
 * the shaped floor's cycle (submit, accept; submit, accept, transfer).
 */
async function captureRequests(platform: Platform): Promise<TransitionRequests> {
  const site: Site = { commune: DEMO_COMMUNE, district: DEMO_DISTRICT };
  const claims = receptionOfficer(DEMO_COMMUNE, 'tn-capture');
  const endedAt: number[] = [];
  const noteEnd = (outcome: TransitionOutcome) => {
    if (outcome.error) throw new Error(`A transition failed while its requests were captured: ${outcome.error}: ${outcome.message}`);
    endedAt.push(performance.now());
  };
  platform.counter.tracing = true;
  try {
    const { trace } = await platform.counter.measure(async () => {
      for (const kind of ['simple', 'interconnected'] as const) await runFlow(platform.gql, kind, site, claims, noteEnd);
    });
    return transitionRequests(trace, endedAt);
  } finally {
    platform.counter.tracing = false;
  }
}

const pair = (summary: Summary | undefined) => (summary?.n ? `${fixed(summary.p50)} / ${fixed(summary.p95)}` : '–');

const describeErrors = (errors: Record<string, number>) => {
  const entries = Object.entries(errors);
  return entries.length ? entries.map(([code, count]) => `${count} ${code}`).join(', ') : '0';
};

/**
 * Runs jobs on `concurrency` workers until `total` units have been started. A job's units are
 * counted when it starts, so the run stops within one job per worker of the target.
 */
async function pool(
  concurrency: number,
  total: number,
  plan: (worker: number) => { units: number; run: () => Promise<void> },
): Promise<void> {
  let started = 0;
  const worker = async (index: number) => {
    while (started < total) {
      const job = plan(index);
      started += job.units;
      await job.run();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
}

async function runHandler(
  platform: Platform,
  options: { concurrency: number; transitions: number; spread: AgencySpread },
): Promise<{
  row: Row;
  outcomes: TransitionOutcome[];
  errors: Record<string, number>;
  firstMessage?: string;
  lastDossierId?: string;
  lastTransferredId?: string;
}> {
  const sites: Site[] = Array.from({ length: options.concurrency }, (_, index) => {
    if (options.spread === 'one') return { commune: DEMO_COMMUNE, district: DEMO_DISTRICT };
    const commune = platform.communes[index % platform.communes.length];
    if (!commune) throw new Error('The seeded province has no commune under a district');
    return { commune: commune.code, district: commune.districtCode };
  });
  const outcomes: TransitionOutcome[] = [];
  let flows = 0;
  let lastDossierId: string | undefined;
  let lastTransferredId: string | undefined;
  platform.counter.reset();
  const cpuBefore = sampleCpu();
  const started = performance.now();
  await pool(options.concurrency, options.transitions, (worker) => {
    const kind: FlowKind = flows++ % 2 === 0 ? 'simple' : 'interconnected';
    const site = sites[worker] as Site;
    const claims = receptionOfficer(site.commune, `tn-${worker}`);
    return {
      units: FLOW_LENGTH[kind],
      run: async () => {
        const dossier = await runFlow(platform.gql, kind, site, claims, (outcome) => outcomes.push(outcome));
        if (dossier && kind === 'simple') lastDossierId = dossier.id;
        if (dossier && kind === 'interconnected') lastTransferredId = dossier.id;
      },
    };
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPercent(cpuBefore, sampleCpu());
  const counts = platform.counter.snapshot();
  platform.counter.reset();

  const ok = outcomes.filter((outcome) => !outcome.error);
  const errors: Record<string, number> = {};
  for (const outcome of outcomes) if (outcome.error) errors[outcome.error] = (errors[outcome.error] ?? 0) + 1;
  const byTransition = byTransitionOf(outcomes);
  const row: Row = {
    concurrency: options.concurrency,
    path: 'handler',
    label:
      options.spread === 'one' ? 'handler, one commune' : `handler, ${Math.min(options.concurrency, platform.communes.length)} communes`,
    spread: options.spread,
    done: ok.length,
    errors,
    seconds,
    perSecond: ok.length / seconds,
    latency: summarize(ok.map((outcome) => outcome.ms)),
    byTransition,
    requestsPerTransition: totalAttempts(counts) / Math.max(1, outcomes.length),
    cancelledTransactions: counts.TransactWriteItems?.failures.TransactionCanceledException ?? 0,
    cancellationReasons: Object.fromEntries(
      Object.entries(counts.TransactWriteItems?.failures ?? {}).filter(([name]) => name.includes(': ')),
    ),
    counts,
    cpu,
    cpuMsPerOp: perOp(cpu, seconds, ok.length),
  };
  const firstMessage = outcomes.find((outcome) => outcome.error)?.message;
  return {
    row,
    outcomes,
    errors,
    ...(firstMessage ? { firstMessage } : {}),
    ...(lastDossierId ? { lastDossierId } : {}),
    ...(lastTransferredId ? { lastTransferredId } : {}),
  };
}

const RAW_LABELS: Record<RawShape, (result: RawRow) => string> = {
  pair: () => 'raw TransactWriteItems, 2 items',
  shaped: (result) => `raw, as the transitions (${fixed(result.itemsPerTransaction, 1)} items)`,
  requests: () => "raw, the transitions' own requests",
};

const rawRow = (result: Awaited<ReturnType<typeof runRaw>>, shape: RawShape, concurrency: number): Row => ({
  concurrency,
  path: 'raw',
  shape,
  label: RAW_LABELS[shape](result),
  requestsPerTransaction: result.requestsPerTransaction,
  done: result.done,
  errors: result.errors,
  seconds: result.seconds,
  perSecond: result.perSecond,
  latency: result.latency,
  cpu: result.cpu,
  cpuMsPerOp: perOp(result.cpu, result.seconds, result.done),
});

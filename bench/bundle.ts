import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { fixed, kilobytes, printTable, section } from './format';
import { median } from './stats';

/**
 * Bench 1: bundle size and cold init of the GraphQL Lambda handler, next to a bare Apollo Server 5
 * handler bundled the same way in the same run.
 *
 * The bundle is built as infra/province-function.ts has CDK's NodejsFunction build it: esbuild,
 * platform node, target node22, ESM with a `createRequire` banner (the CommonJS packages esbuild
 * inlines `require` Node builtins at run time), main fields module,main, minified, AWS SDK inside.
 * Source maps are off for the size figures; one extra variant adds them back the way the stack
 * deploys them (external .map and NODE_OPTIONS=--enable-source-maps) to show what that costs.
 *
 * Cold init is the wall time of a fresh `node` that imports the bundle (and, in a second
 * measurement, also answers one `{ __typename }` request), minus a bare `node -e` start; and the
 * CPU time the child reports for itself, which other work on the machine disturbs less.
 */

export interface BundleOptions {
  /** Measured runs per variant; one more warm-up round is run first and discarded. */
  runs: number;
  /** Scratch directory for the bundles; the caller removes it. */
  tempDir: string;
  nodeBinary: string;
}

const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

interface Variant {
  id: 'baseline' | 'handler' | 'handlerSourceMaps';
  label: string;
  entry: string;
  sourceMaps: boolean;
}

const VARIANTS: Variant[] = [
  { id: 'baseline', label: 'baseline: bare Apollo 5 + aws-lambda', entry: 'bench/baseline/bare-apollo-handler.ts', sourceMaps: false },
  { id: 'handler', label: 'functions/graphql/handler.ts', entry: 'functions/graphql/handler.ts', sourceMaps: false },
  {
    id: 'handlerSourceMaps',
    label: 'handler + .map, --enable-source-maps',
    entry: 'functions/graphql/handler.ts',
    sourceMaps: true,
  },
];

export interface BuiltBundle {
  id: Variant['id'];
  label: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number | null;
  buildMs: number;
  warnings: number;
  /** By package (node_modules) or by source folder (the project's own code), largest first. */
  contributors: { name: string; isPackage: boolean; bytes: number; share: number }[];
}

export interface ColdInit {
  id: Variant['id'] | 'bare';
  label: string;
  /** Wall time of `node` importing the bundle, all runs, ms. */
  importRuns: number[];
  /** Wall time of `node` importing the bundle and answering one request, all runs, ms. */
  firstRequestRuns: number[];
  importMedianMs: number;
  firstRequestMedianMs: number;
  /** Medians minus the bare node start. */
  importOverBareMs: number;
  firstRequestOverBareMs: number;
  /**
   * CPU time (user + system, all threads) the child reports for itself at the end, median, minus
   * the bare node's. Less sensitive than wall time to other work on the machine.
   */
  importCpuOverBareMs: number;
  firstRequestCpuOverBareMs: number;
  /** The CPU times themselves, all runs, ms. */
  importCpuRuns: number[];
  firstRequestCpuRuns: number[];
}

export interface BundleResult {
  format: string;
  runs: number;
  bundles: BuiltBundle[];
  coldInit: ColdInit[];
}

export async function runBundleBench(options: BundleOptions): Promise<BundleResult> {
  section('1. Bundle size and cold init (esbuild as CDK NodejsFunction: ESM + createRequire banner, minified, SDK bundled)');
  const bundles: BuiltBundle[] = [];
  for (const variant of VARIANTS) bundles.push(await build(variant, options.tempDir));

  printTable(
    ['bundle', 'bytes', 'gzip', 'build', 'warnings'],
    bundles.map((bundle) => [
      bundle.label,
      `${bundle.bytes.toLocaleString('en-US')} (${kilobytes(bundle.bytes)})`,
      kilobytes(bundle.gzipBytes),
      `${fixed(bundle.buildMs, 0)} ms`,
      String(bundle.warnings),
    ]),
    ['bytes', 'gzip', 'build', 'warnings'],
  );
  const withMap = bundles.find((bundle) => bundle.mapBytes !== null);
  if (withMap?.mapBytes) console.log(`  (source map of the last variant, not counted above: ${kilobytes(withMap.mapBytes)})`);

  for (const bundle of bundles.filter((candidate) => candidate.id !== 'handlerSourceMaps')) {
    const ownBytes = bundle.contributors.filter((entry) => !entry.isPackage).reduce((total, entry) => total + entry.bytes, 0);
    console.log(
      `\n  Top contributors, ${bundle.label} (esbuild metafile, bytes in output; ` +
        `${bundle.contributors.length} packages/folders, project source ${kilobytes(ownBytes)}):`,
    );
    printTable(
      ['package / source folder', 'size', 'share'],
      bundle.contributors.slice(0, 6).map((entry) => [entry.name, kilobytes(entry.bytes), `${fixed(entry.share * 100)} %`]),
      ['size', 'share'],
    );
  }

  const coldInit = measureColdInit(bundles, options);
  const bare = coldInit.find((entry) => entry.id === 'bare');
  console.log(
    `\n  Cold init of a fresh Node ${process.versions.node} process (NODE_EXTRA_CA_CERTS unset), median of ${options.runs} runs, ` +
      `minus a bare \`node -e\` (${fixed(bare?.importMedianMs)} ms wall; min–max in brackets):`,
  );
  const bareWall = bare?.importMedianMs ?? 0;
  printTable(
    ['bundle', 'import, wall', 'import, CPU', '+ 1st request, wall', '+ 1st request, CPU'],
    coldInit
      .filter((entry) => entry.id !== 'bare')
      .map((entry) => [
        entry.label,
        `+${fixed(entry.importOverBareMs, 0)} ms (${range(entry.importRuns, bareWall)})`,
        `+${fixed(entry.importCpuOverBareMs, 0)} ms`,
        `+${fixed(entry.firstRequestOverBareMs, 0)} ms (${range(entry.firstRequestRuns, bareWall)})`,
        `+${fixed(entry.firstRequestCpuOverBareMs, 0)} ms`,
      ]),
    ['import, wall', 'import, CPU', '+ 1st request, wall', '+ 1st request, CPU'],
  );
  const baseline = coldInit.find((entry) => entry.id === 'baseline');
  const handler = coldInit.find((entry) => entry.id === 'handler');
  if (baseline && handler) {
    console.log(
      `  handler − baseline: import ${fixed(handler.importMedianMs - baseline.importMedianMs, 0)} ms wall, ` +
        `${fixed(handler.importCpuOverBareMs - baseline.importCpuOverBareMs, 0)} ms CPU; ` +
        `import + 1st request ${fixed(handler.firstRequestMedianMs - baseline.firstRequestMedianMs, 0)} ms wall, ` +
        `${fixed(handler.firstRequestCpuOverBareMs - baseline.firstRequestCpuOverBareMs, 0)} ms CPU`,
    );
  }
  return { format: 'esm + createRequire banner', runs: options.runs, bundles, coldInit };
}

const range = (runs: number[], minus: number) =>
  runs.length ? `${fixed(Math.min(...runs) - minus, 0)}–${fixed(Math.max(...runs) - minus, 0)}` : '–';

async function build(variant: Variant, tempDir: string): Promise<BuiltBundle> {
  const outDir = join(tempDir, variant.id);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  const started = performance.now();
  const result = await esbuild.build({
    entryPoints: [resolve(variant.entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: variant.sourceMaps ? 'external' : false,
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    // CDK's NodejsFunction writes a linked .map, whose comment --enable-source-maps follows.
    ...(variant.sourceMaps ? { footer: { js: '//# sourceMappingURL=index.mjs.map' } } : {}),
    tsconfig: resolve('tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
  });
  const buildMs = performance.now() - started;
  const content = readFileSync(file);
  const output = Object.values(result.metafile.outputs).find((entry) => entry.entryPoint !== undefined);
  const contributors = new Map<string, number>();
  const packages = new Set<string>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const name = contributorName(path);
    if (path.includes('node_modules/')) packages.add(name);
    contributors.set(name, (contributors.get(name) ?? 0) + input.bytesInOutput);
  }
  const mapFile = `${file}.map`;
  return {
    id: variant.id,
    label: variant.label,
    file,
    bytes: content.length,
    gzipBytes: gzipSync(content).length,
    mapBytes: variant.sourceMaps ? statSync(mapFile).size : null,
    buildMs,
    warnings: result.warnings.length,
    contributors: [...contributors.entries()]
      .map(([name, bytes]) => ({ name, isPackage: packages.has(name), bytes, share: bytes / content.length }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

/** A package name for node_modules paths (the innermost one), else the source file's folder. */
export function contributorName(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at === -1) return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : path;
  const [first = '', second = ''] = path.slice(at + marker.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** Every child ends by printing its own CPU time (user + system, µs) on a line of its own. */
const PRINT_CPU = "{ const u = process.cpuUsage(); process.stdout.write('\\nCPU ' + (u.user + u.system) + '\\n'); }";

/** `{ __typename }` through the handler, as API Gateway's HTTP API would deliver it; no database. */
const FIRST_REQUEST_SCRIPT = `
const { handler } = await import(process.argv[1]);
const event = {
  version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '',
  headers: { 'content-type': 'application/json' }, isBase64Encoded: false,
  body: JSON.stringify({ query: '{ __typename }' }),
  requestContext: { accountId: 'bench', apiId: 'bench', domainName: 'localhost', domainPrefix: 'localhost',
    http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'cold', routeKey: 'POST /graphql', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now() },
};
const result = await handler(event, { awsRequestId: 'cold', functionName: 'graphql', getRemainingTimeInMillis: () => 30000 });
if (result.statusCode !== 200 || !String(result.body).includes('"Query"')) {
  console.error('unexpected response', result.statusCode, result.body);
  process.exit(3);
}
${PRINT_CPU}
`;

const IMPORT_SCRIPT = `await import(process.argv[1]); ${PRINT_CPU}`;

interface Job {
  id: ColdInit['id'];
  kind: 'import' | 'firstRequest';
  args: string[];
  sourceMaps: boolean;
}

function measureColdInit(bundles: BuiltBundle[], options: BundleOptions): ColdInit[] {
  const jobs: Job[] = [{ id: 'bare', kind: 'import', args: ['-e', PRINT_CPU], sourceMaps: false }];
  for (const bundle of bundles) {
    const url = pathToFileURL(bundle.file).href;
    const sourceMaps = bundle.mapBytes !== null;
    jobs.push({ id: bundle.id, kind: 'import', args: ['--input-type=module', '-e', IMPORT_SCRIPT, url], sourceMaps });
    jobs.push({ id: bundle.id, kind: 'firstRequest', args: ['--input-type=module', '-e', FIRST_REQUEST_SCRIPT, url], sourceMaps });
  }
  const samples = new Map<string, number[]>();
  const cpuSamples = new Map<string, number[]>();
  // Round-robin, starting one job later each round, so no variant always runs first or last;
  // round 0 warms the file cache and is discarded.
  for (let round = 0; round <= options.runs; round += 1) {
    for (let index = 0; index < jobs.length; index += 1) {
      const job = jobs[(index + round) % jobs.length] as Job;
      const { wallMs, cpuMs } = timeNode(options.nodeBinary, job);
      if (round === 0) continue;
      const key = `${job.id}:${job.kind}`;
      samples.set(key, [...(samples.get(key) ?? []), wallMs]);
      cpuSamples.set(key, [...(cpuSamples.get(key) ?? []), cpuMs]);
    }
  }
  const bareRuns = samples.get('bare:import') ?? [];
  const bareMedian = median(bareRuns);
  const bareCpuMedian = median(cpuSamples.get('bare:import') ?? []);
  const labels = new Map<ColdInit['id'], string>([['bare', 'bare node -e ""'], ...bundles.map((b) => [b.id, b.label] as const)]);
  return [...labels.entries()].map(([id, label]) => {
    const importRuns = samples.get(`${id}:import`) ?? [];
    const firstRequestRuns = id === 'bare' ? [] : (samples.get(`${id}:firstRequest`) ?? []);
    const importMedianMs = median(importRuns);
    const firstRequestMedianMs = median(firstRequestRuns);
    return {
      id,
      label,
      importRuns,
      firstRequestRuns,
      importMedianMs,
      firstRequestMedianMs,
      importOverBareMs: importMedianMs - bareMedian,
      firstRequestOverBareMs: firstRequestMedianMs - bareMedian,
      importCpuOverBareMs: median(cpuSamples.get(`${id}:import`) ?? []) - bareCpuMedian,
      firstRequestCpuOverBareMs: median(cpuSamples.get(`${id}:firstRequest`) ?? []) - bareCpuMedian,
      importCpuRuns: cpuSamples.get(`${id}:import`) ?? [],
      firstRequestCpuRuns: cpuSamples.get(`${id}:firstRequest`) ?? [],
    };
  });
}

/** A clean environment: no NODE_EXTRA_CA_CERTS (+~50 ms a start here), no tsx loader, no NODE_OPTIONS. */
function childEnvironment(sourceMaps: boolean): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    // What the handler reads at load time; nothing is called over the network.
    TABLE_NAME: 'bench-cold-init',
    STAGE: 'prod',
    AWS_REGION: 'ap-southeast-1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    // Every request hashes its client's address (issue 13's lookup budget): a production stage
    // refuses to run without its keys. Deployed, they come from Secrets Manager at cold start.
    LOOKUP_SECRET_KEY: 'bench-cold-init-key',
    PERSONAL_DATA_KEY: 'bench-cold-init-key',
    ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
  };
}

function timeNode(nodeBinary: string, job: Job): { wallMs: number; cpuMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(nodeBinary, job.args, { env: childEnvironment(job.sourceMaps), stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = /^CPU (\d+)$/m.exec(child.stdout.toString());
  if (child.status !== 0 || !cpu) {
    throw new Error(`${job.id} (${job.kind}) exited with ${child.status ?? child.signal}:\n${child.stderr.toString().slice(-2000)}`);
  }
  return { wallMs, cpuMs: Number(cpu[1]) / 1000 };
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LAMBDA_ASSETS } from '../infra/lambda-assets';
import { ALIASES, buildLambda, HANDLER_NAMES, type HandlerName, type LambdaBuild, type LambdaSpec } from '../infra/lambda-build';
import { type ColdInit, measureColdInit, withEmptyDynamoDb } from './bundle-init';
import { deployedEnvironments } from './deployed-env';
import { fixed, kilobytes, printTable, section } from './format';

/**
 * Bench 1: what every Lambda ships and how long a fresh Node takes to load it, beside a baseline
 * built in the same run. Every bundle comes from infra/lambda-build.ts, the build CDK deploys.
 *
 * Baseline (issue 14): bare Apollo Server 5 + @as-integrations/aws-lambda + `new DynamoDBClient({})`
 * at module top, with the same PLATFORM options (target, format, banner, minify, mainFields, maps,
 * splitting) but not the product's ALIASES: those stand in for the product's own dependency choices
 * and are product work, like the code changes (bench/README.md, docs/benchmarks.md).
 */

export interface BundleOptions {
  /** Cold-init runs per side (after one discarded warm-up round). */
  runs: number;
  /** Only these functions (default: all). */
  handlers?: readonly HandlerName[];
  tempDir: string;
  nodeBinary: string;
}

export interface BundleFigures {
  name: string;
  /** Every file of the asset (what the zip holds), and the part Node loads at import. */
  shippedBytes: number;
  shippedGzip: number;
  initBytes: number;
  files: number;
  /** The same function built without any ALIASES (shipped bytes). */
  withoutAliasesBytes: number;
  /** Source maps written beside, not shipped. */
  mapBytes: number;
}

export interface BundleResult {
  runs: number;
  baseline: BundleFigures;
  functions: BundleFigures[];
  /** Bytes each alias saves (shipped), per measured function: built without that one alias. */
  aliasSavings: { alias: string; savings: Record<string, number> }[];
  coldInit: ColdInit[];
}

const BASELINE: LambdaSpec = { handler: { entry: resolve('bench/baseline/bare-apollo-handler.ts'), name: 'baseline' } };

export async function runBundleBench(options: BundleOptions): Promise<BundleResult> {
  section('1. Bundles and cold init (infra/lambda-build.ts: the build CDK deploys), beside bare Apollo + DynamoDB client');
  const handlers = options.handlers ?? HANDLER_NAMES;
  const specs: LambdaSpec[] = handlers.map((handler) => ({
    handler,
    ...(LAMBDA_ASSETS[handler] ? { assets: LAMBDA_ASSETS[handler] } : {}),
  }));
  const dir = (name: string, variant: string) => join(options.tempDir, variant, name);
  const mapsDir = (name: string) => join(options.tempDir, 'maps', name);

  const started = performance.now();
  const baselineBuild = await buildLambda(
    BASELINE,
    dir('baseline', 'built'),
    { aliases: false, unreachable: false },
    { mapsDir: mapsDir('baseline') },
  );
  const builds: LambdaBuild[] = [];
  const unaliased = new Map<string, number>();
  for (const spec of specs) {
    const built = await buildLambda(spec, dir(nameOf(spec), 'built'), {}, { mapsDir: mapsDir(nameOf(spec)) });
    builds.push(built);
    unaliased.set(built.name, shipped(await buildLambda(spec, dir(nameOf(spec), 'plain'), { aliases: false, unreachable: false })).bytes);
  }
  // What each alias saves: the function built with every alias but that one.
  const ledgerSpecs = specs.filter((spec) => ['graphql', 'relay'].includes(nameOf(spec)));
  const aliasSavings: BundleResult['aliasSavings'] = [];
  for (const alias of Object.keys(ALIASES)) {
    const savings: Record<string, number> = {};
    for (const spec of ledgerSpecs) {
      const others = Object.keys(ALIASES).filter((name) => name !== alias);
      const without = await buildLambda(spec, dir(nameOf(spec), `no-${alias.replaceAll('/', '_')}`), { aliases: others });
      const full = builds.find((built) => built.name === nameOf(spec));
      savings[nameOf(spec)] = shipped(without).bytes - (full ? shipped(full).bytes : 0);
    }
    aliasSavings.push({ alias, savings });
  }
  console.log(
    `  built ${builds.length + 1} functions (+ ${builds.length} without aliases, alias ledger) in ${fixed((performance.now() - started) / 1000)} s`,
  );

  const baseline = figures(baselineBuild, shipped(baselineBuild).bytes);
  const functions = builds.map((built) => figures(built, unaliased.get(built.name) ?? Number.NaN));
  printTable(
    ['function', 'shipped', 'gzip', 'files', 'at init', 'vs baseline', 'no aliases', 'maps (kept aside)'],
    [baseline, ...functions].map((entry) => [
      entry.name,
      bytesText(entry.shippedBytes),
      kilobytes(entry.shippedGzip),
      String(entry.files),
      bytesText(entry.initBytes),
      `${fixed(entry.shippedBytes / baseline.shippedBytes, 2)}×`,
      bytesText(entry.withoutAliasesBytes),
      kilobytes(entry.mapBytes),
    ]),
    ['shipped', 'gzip', 'files', 'at init', 'vs baseline', 'no aliases', 'maps (kept aside)'],
  );
  if (aliasSavings.length && ledgerSpecs.length) {
    console.log('\n  What each alias saves (shipped bytes; built with every other alias):');
    printTable(
      ['alias', ...ledgerSpecs.map(nameOf)],
      aliasSavings.map(({ alias, savings }) => [alias, ...ledgerSpecs.map((spec) => bytesText(savings[nameOf(spec)] ?? Number.NaN))]),
      ledgerSpecs.map(nameOf),
    );
  }

  const environments = await deployedEnvironments();
  const coldInit = await withEmptyDynamoDb(options.nodeBinary, (dynamodbEndpoint) =>
    measureColdInit({
      dynamodbEndpoint,
      runs: options.runs,
      nodeBinary: options.nodeBinary,
      baseline: join(baselineBuild.outDir, 'index.mjs'),
      functions: builds.map((built) => ({
        name: built.name,
        file: join(built.outDir, 'index.mjs'),
        firstRequest: built.name === 'graphql',
        environment: environments.get(built.name as HandlerName) ?? {},
      })),
    }),
  );
  return { runs: options.runs, baseline, functions, aliasSavings, coldInit };
}

const nameOf = (spec: LambdaSpec) => (typeof spec.handler === 'string' ? spec.handler : spec.handler.name);

const bytesText = (bytes: number) => (Number.isFinite(bytes) ? `${bytes.toLocaleString('en-US')} (${kilobytes(bytes)})` : '–');

function shipped(built: LambdaBuild): { bytes: number; gzip: number } {
  let bytes = 0;
  let gzip = 0;
  for (const file of built.files) {
    const content = readFileSync(join(built.outDir, file.path));
    bytes += content.length;
    // A zip compresses file by file: the sum of each file's deflate is close to the zip's size.
    gzip += gzipSync(content).length;
  }
  return { bytes, gzip };
}

/** The entry chunk and every chunk it imports statically: what `import()` of the bundle reads and compiles. */
function initBytes(built: LambdaBuild): number {
  const outputs = built.metafile.outputs;
  const key = Object.keys(outputs).find((path) => path.endsWith('/index.mjs'));
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  if (key) visit(key);
  return [...seen].reduce((total, path) => total + (outputs[path]?.bytes ?? 0), 0);
}

function figures(built: LambdaBuild, withoutAliasesBytes: number): BundleFigures {
  const { bytes, gzip } = shipped(built);
  return {
    name: built.name,
    shippedBytes: bytes,
    shippedGzip: gzip,
    initBytes: initBytes(built),
    files: built.files.length,
    withoutAliasesBytes,
    mapBytes: built.maps.reduce((total, path) => total + readFileSync(path).length, 0),
  };
}

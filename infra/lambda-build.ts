import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type BuildOptions, type BuildResult, build, buildSync, type Metafile, type OutputFile } from 'esbuild';
import { repoPath } from './paths';

/**
 * THE build of every Lambda function: CDK (infra/province-function.ts, through local bundling) and
 * the bench (bench/bundle.ts) both call this module, so what the bench measures is what deploys.
 *
 * - platform options: Node 22 ESM, minified, the AWS SDK inside (the pinned version we test), the
 *   `createRequire` banner, and code splitting, so what a function loads only on some requests
 *   (`await import(…)`: the dossier files, the Lambda invoke, exceljs, Secrets Manager) sits in a
 *   sibling chunk that Node reads when first needed, not at init;
 * - source maps are written, but NOT into the asset: they go to `mapsDir` (cdk.out/source-maps/),
 *   so Node neither ships nor parses them at init (scripts/symbolicate.ts maps a trace back);
 * - ALIASES: product decisions that replace code a Lambda never runs;
 * - UNREACHABLE: modules a package imports lazily by a relative path (which no alias can reach)
 *   in a case our code rules out; they stay out of the asset.
 *
 * No esbuild plugins, on purpose: CDK's local bundling is synchronous, and `buildSync` runs without
 * plugins. Everything here is plain options, so both entry points run the same build in-process.
 */

/** The Lambda entry points, one folder each under functions/ with a `handler.ts` exporting `handler`. */
export type HandlerName =
  | 'graphql'
  | 'print'
  | 'relay'
  | 'projector'
  | 'transfer-consumer'
  | 'seed'
  | 'pre-token'
  | 'redrive'
  | 'portal-sync'
  | 'portal-intake'
  | 'reconcile'
  | 'files-sweeper';

export const HANDLER_NAMES: readonly HandlerName[] = [
  'graphql',
  'print',
  'relay',
  'projector',
  'transfer-consumer',
  'seed',
  'pre-token',
  'redrive',
  'portal-sync',
  'portal-intake',
  'reconcile',
  'files-sweeper',
];

export const handlerEntry = (name: HandlerName): string => repoPath('functions', name, 'handler.ts');

/** The module every function's asset starts from: Lambda's handler setting is `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * ESM has no `require`, but the CommonJS packages esbuild inlines still call it for Node builtins
 * (Apollo Server's CommonJS dependencies, exceljs), which esbuild's shim turns into "Dynamic
 * require of ... is not supported" at the first call. The banner gives every chunk a real `require`.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Options shared by every Lambda bundle AND the bench's baseline: what any Node 22 Lambda built
 * with esbuild would use. The baseline gets these and nothing else (bench/README.md).
 */
export const PLATFORM_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: 'external',
  sourcesContent: false,
  banner: { js: REQUIRE_BANNER },
  splitting: true,
  outExtension: { '.js': '.mjs' },
  // Chunks beside index.mjs: modules that find files next to themselves (print's chart.js) keep working.
  chunkNames: '[name]-[hash]',
  tsconfig: repoPath('tsconfig.json'),
  logLevel: 'silent',
} as const satisfies BuildOptions;

/**
 * Module replacements in every Lambda bundle: the one table. A target is a package path
 * (`pkg/file`) or a repository path (`./infra/…`); `resolvedAliases` fails the build if one is
 * missing, so a package upgrade that moves a file stops the build instead of the function.
 */
export const ALIASES: Record<string, { target: string; why: string }> = {
  '@apollo/usage-reporting-protobuf': {
    target: './infra/lambda-stubs/usage-reporting-protobuf.ts',
    why: 'usage reporting, schema reporting and inline traces never run here (no APOLLO_KEY; the server installs the Disabled plugins): −2 × 106 KB and @apollo/protobufjs',
  },
  '@apollo/utils.usagereporting': {
    target: './infra/lambda-stubs/usagereporting.ts',
    why: 'only the usage-reporting plugin calls it, which never runs here: drops it and lodash.sortby (the CommonJS Apollo copy pulls it in at init)',
  },
  '@graphql-tools/schema': {
    target: './infra/lambda-stubs/graphql-tools-schema.ts',
    why: 'Apollo calls makeExecutableSchema only for typeDefs/resolvers; our servers get a schema built ahead of time (functions/graphql/schema.ts): drops graphql-tools',
  },
  '@apollo/utils.createhash': {
    target: './infra/lambda-stubs/createhash.ts',
    why: 'node:crypto is always there on Lambda; drops the browser fallback sha.js',
  },
  'lru-cache': {
    target: 'lru-cache/dist/esm/node/index.min.js',
    why: 'CommonJS-only Apollo packages require() it, which picks the CommonJS build beside the ESM one: one copy',
  },
  'graphql/language/parser': {
    target: 'graphql/language/parser.mjs',
    why: "graphql 16 has no exports map and Armor's max-tokens plugin deep-imports the parser, which resolves to the CommonJS copy of graphql/language/*",
  },
  '@aws-sdk/credential-provider-node': {
    target: './infra/lambda-stubs/credential-provider-env-only.ts',
    why: "Lambda gives the role's credentials in the environment; the rest of the default chain (SSO, ini, process, metadata, STS clients) never answers there",
  },
  '@smithy/core/event-streams': {
    target: './infra/lambda-stubs/event-streams.ts',
    why: 'the SDK loads its event-stream codec only for event-stream operations; no client our functions hold has one (S3 and Lambda are signed fetches): −15 KB in every SDK function',
  },
  bowser: {
    target: './infra/lambda-stubs/bowser.ts',
    why: "@aws-sdk/core's Node index re-exports a browser-only user-agent parser that imports bowser lazily; on Node the SDK never calls it: −35 KB in every function",
  },
};

/**
 * Imports left out of every Lambda bundle: modules a package imports lazily, by a relative
 * `await import('./…')` that ALIASES cannot reach (an alias only replaces package paths), and only
 * in a case our code rules out. esbuild's `external` matches the import path as written, so the
 * `import()` stays in the chunk verbatim and names a file the zip does not hold: it fails
 * (ERR_MODULE_NOT_FOUND) if it is ever reached, and bundling.test.ts answers a request through the
 * built GraphQL bundle, which would reach it. Keyed by the import path; `importer` is the one file
 * allowed to write it (the build fails if any other file's import matches, or if the importer no
 * longer writes it: a package upgrade must not silently change what is left out).
 */
export const UNREACHABLE: Record<string, { importer: string; why: string }> = {
  './plugin/usageReporting/index.js': {
    importer: '@apollo/server/dist/esm/ApolloServer.js',
    why: 'imported only with APOLLO_KEY and without ApolloServerPluginUsageReportingDisabled, which functions/graphql/server.ts installs (−21 KB and retry)',
  },
  './plugin/schemaReporting/index.js': {
    importer: '@apollo/server/dist/esm/ApolloServer.js',
    why: 'imported only with APOLLO_SCHEMA_REPORTING and without ApolloServerPluginSchemaReportingDisabled, which the server installs (−5.6 KB)',
  },
  './plugin/inlineTrace/index.js': {
    importer: '@apollo/server/dist/esm/ApolloServer.js',
    why: 'imported only without ApolloServerPluginInlineTraceDisabled, which the server installs (−1.5 KB, and the trace tree builder it shares with usage reporting)',
  },
  './plugin/landingPage/default/index.js': {
    importer: '@apollo/server/dist/esm/ApolloServer.js',
    why: 'imported only without ApolloServerPluginLandingPageDisabled, which the server installs: the API serves no landing page (−6.8 KB)',
  },
  './plugin/cacheControl/index.js': {
    importer: '@apollo/server/dist/esm/ApolloServer.js',
    why: 'imported only without ApolloServerPluginCacheControlDisabled, which the server installs: no field has a cache hint, so no answer was cacheable anyway (−3.4 KB)',
  },
};

export class LambdaBuildError extends Error {
  readonly code = 'LAMBDA_BUILD_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LambdaBuildError';
  }
}

/** The alias table as esbuild takes it, every target checked to exist (absolute paths). */
export function resolvedAliases(table: Record<string, { target: string }> = ALIASES): Record<string, string> {
  const missing: string[] = [];
  const resolved: Record<string, string> = {};
  for (const [name, { target }] of Object.entries(table)) {
    // A package path is a file inside the package as installed at the repository's top level (an
    // exports map may hide it from require.resolve, and esbuild's alias does not consult it either).
    const path = target.startsWith('./') ? repoPath(target) : repoPath('node_modules', target);
    if (!existsSync(path)) missing.push(`${name} → ${target}`);
    else resolved[name] = path;
  }
  if (missing.length)
    throw new LambdaBuildError(`Lambda build: alias targets missing (infra/lambda-build.ts ALIASES): ${missing.join(', ')}`);
  return resolved;
}

/**
 * The UNREACHABLE import paths as esbuild's `external` takes them, each checked to be still written
 * by its importer (package path as installed at the repository's top level).
 */
export function unreachableExternals(table: Record<string, { importer: string }> = UNREACHABLE): string[] {
  const stale: string[] = [];
  for (const [path, { importer }] of Object.entries(table)) {
    const file = repoPath('node_modules', importer);
    if (!existsSync(file) || !readFileSync(file, 'utf8').includes(`'${path}'`)) stale.push(`${importer} → ${path}`);
  }
  if (stale.length)
    throw new LambdaBuildError(
      `Lambda build: unreachable imports no longer written (infra/lambda-build.ts UNREACHABLE): ${stale.join(', ')}`,
    );
  return Object.keys(table);
}

/** Fails if an UNREACHABLE import path matched in any file but its importer (the path is not unique). */
function checkUnreachable(metafile: Metafile, name: string): void {
  const strays: string[] = [];
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const imported of imports) {
      const entry = imported.external ? UNREACHABLE[imported.path] : undefined;
      if (entry && !input.endsWith(`node_modules/${entry.importer}`)) strays.push(`${input} → ${imported.path}`);
    }
  }
  if (strays.length)
    throw new LambdaBuildError(`Lambda build of ${name}: UNREACHABLE import paths matched elsewhere: ${strays.join(', ')}`);
}

export interface LambdaSpec {
  /** A handler under functions/, or any entry file (the bench's baseline). */
  handler: HandlerName | { entry: string; name: string };
  /** Files copied beside the bundle (repository-relative source → file name), read at run time. */
  assets?: Record<string, string>;
}

export interface BuildChoices {
  /** Apply ALIASES (default), or only some of them (the bench measures each one's saving), or none (the baseline). */
  aliases?: boolean | readonly string[];
  /** Leave the UNREACHABLE imports out (default), or keep them (the baseline). */
  unreachable?: boolean;
}

/** The esbuild options for one function, written to memory (`write: false`) for `emit`. */
export function lambdaBuildOptions(spec: LambdaSpec, outDir: string, choices: BuildChoices = {}): BuildOptions {
  const entry = typeof spec.handler === 'string' ? handlerEntry(spec.handler) : spec.handler.entry;
  const wanted = choices.aliases ?? true;
  const table =
    wanted === true
      ? ALIASES
      : wanted === false
        ? {}
        : Object.fromEntries(Object.entries(ALIASES).filter(([name]) => wanted.includes(name)));
  return {
    ...PLATFORM_OPTIONS,
    entryPoints: { index: entry },
    outdir: outDir,
    alias: resolvedAliases(table),
    external: choices.unreachable === false ? [] : unreachableExternals(),
    metafile: true,
    write: false,
  };
}

export interface LambdaBuild {
  name: string;
  /** Where the asset is: index.mjs, chunks/, assets. Exactly what the zip holds. */
  outDir: string;
  /** Asset files (relative to outDir) and their sizes. */
  files: { path: string; bytes: number }[];
  /** Source maps written outside the asset (absolute paths). */
  maps: string[];
  metafile: Metafile;
  warnings: number;
}

export interface EmitOptions {
  /** Where the source maps go; default: not written at all. */
  mapsDir?: string;
}

/** Builds one function into `outDir` (created, emptied first) with the same options CDK deploys. */
export function buildLambdaSync(spec: LambdaSpec, outDir: string, choices: BuildChoices = {}, emitOptions: EmitOptions = {}): LambdaBuild {
  let result: BuildResult;
  try {
    result = buildSync(lambdaBuildOptions(spec, outDir, choices));
  } catch (error) {
    throw new LambdaBuildError(`Lambda build of ${specName(spec)} failed: ${(error as Error).message}`, { cause: error });
  }
  return emit(spec, outDir, result, emitOptions);
}

/** The same build, without blocking the event loop (the bench). */
export async function buildLambda(
  spec: LambdaSpec,
  outDir: string,
  choices: BuildChoices = {},
  emitOptions: EmitOptions = {},
): Promise<LambdaBuild> {
  let result: BuildResult;
  try {
    result = await build(lambdaBuildOptions(spec, outDir, choices));
  } catch (error) {
    throw new LambdaBuildError(`Lambda build of ${specName(spec)} failed: ${(error as Error).message}`, { cause: error });
  }
  return emit(spec, outDir, result, emitOptions);
}

const specName = (spec: LambdaSpec) => (typeof spec.handler === 'string' ? spec.handler : spec.handler.name);

function emit(spec: LambdaSpec, outDir: string, result: BuildResult, { mapsDir }: EmitOptions): LambdaBuild {
  checkUnreachable(result.metafile as Metafile, specName(spec));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files: LambdaBuild['files'] = [];
  const maps: string[] = [];
  for (const file of result.outputFiles ?? ([] as OutputFile[])) {
    const path = relative(outDir, file.path);
    if (path.endsWith('.map')) {
      if (!mapsDir) continue;
      const target = join(mapsDir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
      maps.push(target);
      continue;
    }
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
    files.push({ path, bytes: file.contents.length });
  }
  for (const [from, name] of Object.entries(spec.assets ?? {})) {
    const target = join(outDir, name);
    copyFileSync(repoPath(from), target);
    files.push({ path: name, bytes: statSync(target).size });
  }
  return {
    name: specName(spec),
    outDir,
    files,
    maps,
    metafile: result.metafile as Metafile,
    warnings: result.warnings.length,
  };
}

/**
 * Codemod: one import style for the whole repository, so it can be re-run after any merge.
 *
 * - An import that reaches into a top-level folder of functions/ from outside that folder
 *   (`../../domain/dossier` from functions/graphql/resolvers/, `../../functions/store/clients` from
 *   test/api/) becomes the alias `#domain/dossier`, `#store/clients`.
 * - An alias that points into the importing file's own top-level folder becomes relative again
 *   (`#domain/errors` inside functions/domain/ → `./errors`): inside a folder, relative paths say
 *   "this belongs together"; across folders, the alias says which layer is used.
 *
 * The aliases are tsconfig.json's `paths` entry `#*` → `./functions/*`, which tsc, tsx, esbuild
 * (CDK's NodejsFunction and the bench) and vitest (`resolve.tsconfigPaths`) all read. Unlike
 * package.json `imports`, tsconfig paths resolve extensionless and directory imports, so
 * `#domain/lifecycle` keeps working when lifecycle.ts becomes lifecycle/index.ts.
 *
 * Idempotent: a second run changes nothing. `--check` writes nothing, lists what it would change
 * and exits 1 when something would. Run `npm run lint:fix` afterwards: rewritten specifiers sort
 * differently and Biome puts the imports back in order.
 *
 * The import forms are matched with one regular expression over the source text rather than a
 * parser: TypeScript 7 has no JS API, and the forms are few (`from '…'`, `import '…'`,
 * `import('…')`, `typeof import('…')`, `require('…')`, `vi.mock('…')`). Generated code
 * (functions/graphql/generated/) is left alone: codegen.yml owns its import paths.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FUNCTIONS = join(ROOT, 'functions');
const ALIAS = '#';
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts)$/;
const SKIPPED = [/^functions\/graphql\/generated\//, /(?:^|\/)node_modules\//];

/** `from '…'`, `import '…'`, `import('…')`, `require('…')`, `vi.mock('…')`: the quote and the specifier. */
const SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.(?:mock|doMock|unmock|importActual)\s*\(\s*)(['"])([^'"\n]+)\2/g;

/** The top-level folder of functions/ that an absolute path lies in, with the rest of the path. */
function insideFunctions(absolute: string): { folder: string; rest: string } | undefined {
  const fromFunctions = relative(FUNCTIONS, absolute);
  if (fromFunctions.startsWith('..') || fromFunctions === '') return undefined;
  const [folder, ...rest] = fromFunctions.split(sep);
  // A file directly in functions/ (none today) has no folder to alias.
  if (!folder || rest.length === 0) return undefined;
  return { folder, rest: rest.join('/') };
}

/** The specifier this file should use for `specifier`, or undefined when it is already right. */
export function canonicalSpecifier(file: string, specifier: string): string | undefined {
  const from = insideFunctions(file);
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = insideFunctions(resolve(dirname(file), specifier));
    if (!target || target.folder === from?.folder) return undefined;
    return `${ALIAS}${target.folder}/${target.rest}`;
  }
  if (specifier.startsWith(ALIAS) && from) {
    const [folder, ...rest] = specifier.slice(ALIAS.length).split('/');
    if (folder !== from.folder || rest.length === 0) return undefined;
    const path = relative(dirname(file), join(FUNCTIONS, folder, ...rest))
      .split(sep)
      .join('/');
    return path.startsWith('.') ? path : `./${path}`;
  }
  return undefined;
}

export function rewrite(file: string, source: string): { text: string; changes: string[] } {
  const changes: string[] = [];
  const text = source.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    const canonical = canonicalSpecifier(file, specifier);
    if (canonical === undefined) return whole;
    changes.push(`${specifier} → ${canonical}`);
    return `${lead}${quote}${canonical}${quote}`;
  });
  return { text, changes };
}

/** Tracked and new files that git does not ignore: what a commit would carry. */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\n'))].filter((path) => SOURCE_FILE.test(path) && !SKIPPED.some((skip) => skip.test(path))).sort();
}

function main(): void {
  const check = process.argv.includes('--check');
  let changedFiles = 0;
  let changedImports = 0;
  for (const path of sourceFiles()) {
    const file = join(ROOT, path);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // listed by git but deleted in the work tree
    }
    const { text, changes } = rewrite(file, source);
    if (changes.length === 0) continue;
    changedFiles += 1;
    changedImports += changes.length;
    if (check) console.log(`${path}: ${changes.join(', ')}`);
    else writeFileSync(file, text);
  }
  const verb = check ? 'would rewrite' : 'rewrote';
  console.log(`imports-to-aliases: ${verb} ${changedImports} imports in ${changedFiles} files`);
  if (check && changedFiles > 0) {
    console.log('Run `npm run fix:imports && npm run lint:fix`.');
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

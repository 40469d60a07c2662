/**
 * Fails when the generated GraphQL code is missing or does not match schema/*.graphql.
 * It regenerates, compares with what was there, and puts the original files back, so a failed
 * check leaves the tree as it found it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const GENERATED = [
  'functions/graphql/generated/resolvers-types.ts',
  'functions/graphql/generated/type-defs.ts',
  'functions/graphql/generated/served-schema.ts',
];

const before = new Map(GENERATED.map((path) => [path, existsSync(path) ? readFileSync(path, 'utf8') : null]));
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
// What the function serves, derived from the SDL just written (scripts/codegen-schema.ts).
execFileSync('npx', ['tsx', 'scripts/codegen-schema.ts'], { stdio: 'inherit' });
const stale = GENERATED.filter((path) => before.get(path) !== readFileSync(path, 'utf8'));

for (const [path, content] of before) {
  if (content === null) rmSync(path, { force: true });
  else writeFileSync(path, content);
}

if (stale.length > 0) {
  console.error(`codegen: generated code is missing or stale: ${stale.join(', ')}. Run \`npm run codegen\` and commit.`);
  process.exit(1);
}
console.log('codegen: generated code matches the schema');

/**
 * Generates functions/portal/contract/generated/validators.ts: the national portal contract's four
 * parts as ajv *standalone* validators, so no Lambda compiles the schema at cold start (issue 14:
 * ajv and its compile step were ~122 KB and ~85 ms in every function). Same ajv options as the
 * runtime checks used before. `--check` fails when the file is missing or stale (CI, with
 * codegen:check); test/contract/validators.test.ts checks the same.
 *
 *   npx tsx scripts/contract-validators.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { contractValidatorsSource, VALIDATORS_FILE } from '#portal/contract/generate';

const source = contractValidatorsSource();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(VALIDATORS_FILE, 'utf8');
  } catch {
    // Missing: reported as stale below.
  }
  if (current !== source) {
    console.error(`contract: ${VALIDATORS_FILE} is missing or stale. Run \`npx tsx scripts/contract-validators.ts\` and commit.`);
    process.exit(1);
  }
  console.log('contract: generated validators match v1.schema.json');
} else {
  writeFileSync(VALIDATORS_FILE, source);
  console.log(`contract: wrote ${VALIDATORS_FILE}`);
}

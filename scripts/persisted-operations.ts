/**
 * Generates functions/graphql/persisted/manifest.json from the operation documents in
 * functions/graphql/persisted/operations/*.graphql:
 *
 *   npx tsx scripts/persisted-operations.ts          # write the manifest
 *   npx tsx scripts/persisted-operations.ts --check  # exit 1 if it is stale (the hardening tests check it too)
 *
 * Run it after changing an operation document or the schema.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { typeDefs } from '#graphql/generated/type-defs';
import { buildPersistedManifest } from '#graphql/persisted/build';

export const OPERATIONS_DIR = 'functions/graphql/persisted/operations';
export const MANIFEST_PATH = 'functions/graphql/persisted/manifest.json';

/** The manifest's text as generated from the documents on disk. */
export function generatedManifestText(root = '.'): string {
  const dir = join(root, OPERATIONS_DIR);
  const sources = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ name: join(OPERATIONS_DIR, file), text: readFileSync(join(dir, file), 'utf8') }));
  return `${JSON.stringify(buildPersistedManifest(sources, typeDefs), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generatedManifestText();
  if (process.argv.includes('--check')) {
    if (readFileSync(MANIFEST_PATH, 'utf8') !== text) {
      console.error(`persisted operations: ${MANIFEST_PATH} is stale. Run \`npx tsx scripts/persisted-operations.ts\` and commit.`);
      process.exit(1);
    }
    console.log('persisted operations: the manifest matches the documents');
  } else {
    writeFileSync(MANIFEST_PATH, text);
    const count = (JSON.parse(text) as { operations: unknown[] }).operations.length;
    console.log(`persisted operations: ${count} operations written to ${MANIFEST_PATH}`);
  }
}

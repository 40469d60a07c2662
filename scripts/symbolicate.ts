/**
 * Maps a Lambda stack trace back to the sources. The functions ship no source maps (issue 14: Node
 * would read and parse them at every cold start); the build keeps them beside the cloud assembly,
 * in cdk.out/source-maps/<function>/ (infra/lambda-build.ts). Keep that folder with the deployment's
 * artefacts, then:
 *
 *   npx tsx scripts/symbolicate.ts cdk.out/source-maps/graphql < trace.txt
 *
 * Every `/var/task/<file>.mjs:<line>:<column>` in the input is followed by the source position
 * (and name, where the map has one). The maps must come from the same build as the deployed code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';

const mapsDir = process.argv[2];
if (!mapsDir || !existsSync(mapsDir)) {
  console.error('usage: npx tsx scripts/symbolicate.ts <cdk.out/source-maps/<function>> < trace.txt');
  process.exit(2);
}

const maps = new Map<string, SourceMap | null>();
function mapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    const path = join(mapsDir as string, `${file}.map`);
    maps.set(file, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(file) ?? null;
}

const input = readFileSync(0, 'utf8');
const output = input.replace(
  /(?:file:\/\/)?\/var\/task\/([\w.-]+\.mjs):(\d+):(\d+)/g,
  (whole, file: string, line: string, column: string) => {
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return whole;
    const named = entry as { name?: string };
    const name = named.name ? ` ${named.name}` : '';
    return `${whole} [${entry.originalSource.replace(/^.*?(functions|node_modules)\//, '$1/')}:${entry.originalLine + 1}:${entry.originalColumn + 1}${name}]`;
  },
);
process.stdout.write(output);

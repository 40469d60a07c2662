import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Platform, PlatformStep } from './platform';
import { parseStartOptions, StartOptionsError, USAGE } from './start-options';

/**
 * `npm start`: the whole platform on this machine, for front-end teams and demos. Flags are
 * checked before anything starts; a bad one exits with code 2 and a stable error code.
 */
const DATA_DIR = fileURLToPath(new URL('../.local', import.meta.url));

const STEP_LABELS: Record<PlatformStep, string> = {
  emulators: 'Starting DynamoDB Local and the SQS emulator',
  queues: 'Creating the table and the agencies’ queues',
  seed: 'Seeding agencies and the procedure catalog',
  handlers: 'Starting the handlers, pollers and HTTP API',
};

function main(): Promise<void> | void {
  let options;
  try {
    options = parseStartOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof StartOptionsError)) throw error;
    process.stderr.write(`error ${error.code}: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  return run(options);
}

async function run(options: ReturnType<typeof parseStartOptions>): Promise<void> {
  const startedAt = performance.now();
  let platform: Platform | undefined;
  let stopping = false;
  const shutdown = async () => {
    // tsx relays a terminal's Ctrl-C to this process a second time: a repeat must not cut the
    // shutdown short. If stopping hangs, give up after a while rather than never.
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    setTimeout(() => process.exit(1), 15_000).unref();
    await platform?.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const { startPlatform } = await import('./platform');
  try {
    platform = await startPlatform({
      provinceCode: options.provinceCode,
      unitsEdition: options.unitsEdition,
      port: options.port,
      fresh: options.fresh,
      externalAgencies: options.externalAgencies,
      dataDir: options.ephemeral ? undefined : DATA_DIR,
      onProgress: showProgress,
    });
  } catch (error) {
    process.stderr.write(`\nerror START_FAILED: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  }
  if (stopping) return;
  process.stdout.write(banner(platform, performance.now() - startedAt, !options.ephemeral));
}

let lastLine = '';
function showProgress(step: PlatformStep, done: number, total: number): void {
  const line = total > 2 ? `${STEP_LABELS[step]} ${done}/${total}` : STEP_LABELS[step];
  const finished = done === total;
  if (process.stdout.isTTY) {
    process.stdout.write(`\r\x1b[K${line}${finished ? ' ✓\n' : '…'}`);
  } else if (finished || line !== lastLine) {
    // Piped output gets one line per step start and end, not hundreds of counter updates.
    if (done === 0 || finished) process.stdout.write(`${line}${finished ? ' ✓' : '…'}\n`);
  }
  lastLine = line;
}

function banner(platform: Platform, elapsedMs: number, kept: boolean): string {
  const { province, counts, timings } = platform;
  const width = Math.max(...platform.tokens.map((officer) => officer.role.length));
  const officers = platform.tokens
    .map((officer) => `  ${officer.role.padEnd(width)}  ${officer.agency} ${officer.agencyName} (${officer.name})  ${officer.token}`)
    .join('\n');
  return `
Liên Thông local platform is up in ${(elapsedMs / 1000).toFixed(1)} s (emulators ${timings.emulators} ms, queues ${timings.queues} ms, seed ${timings.seed} ms)

  Province   ${province.code} ${province.name}, unit list ${province.unitsEdition}: ${counts.agencies} agencies, ${counts.procedures} procedures, ${counts.queues} queues
  GraphQL    ${platform.url}
  Explorer   ${platform.explorerUrl}  (open it in a browser; works offline)
  Forms      ${platform.formsUrl}/{01..07}/{dossierId}, ${platform.formsUrl}/07?from=YYYY-MM-DD&to=YYYY-MM-DD (with the token)
  DynamoDB   ${platform.endpoints.dynamodb}  table ${platform.tableName}
  SQS        ${platform.endpoints.sqs}  queues ${platform.queueNamePrefix}*.fifo, relay failures ${platform.queueNamePrefix}relay-failures
  Data       ${kept ? `${relative(process.cwd(), DATA_DIR)}/ survives restarts; npm start -- --fresh wipes it` : 'in memory only (--ephemeral)'}

Demo officers: send "Authorization: Bearer <token>" (the explorer has a picker)
${officers}

Ctrl-C stops everything.
`;
}

await main();

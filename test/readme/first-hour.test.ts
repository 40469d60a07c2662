import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-env';
import { banner } from '../../local/banner';
import { startSqsEmulator } from '../../local/emulators';
import { type Platform, startPlatform } from '../../local/platform';
import { readDoc, section } from './markdown';
import { fillIn, pathValue, steps } from './steps';

/**
 * What a newcomer meets in the first hour after `npm start -- --external 06.063`: the banner's
 * addresses work from other programs as printed, and examples/agency-subscriber/README.md works
 * as written (the subscriber runs as its own process with the values the banner printed).
 */

const run = promisify(execFile);
let platform: Platform;
let printed: string;
let subscriber: ChildProcess | undefined;
let subscriberOutput = '';

beforeAll(async () => {
  const suffix = randomUUID().slice(0, 8);
  platform = await startPlatform({
    provinceCode: '06',
    port: 0,
    externalAgencies: ['06.063'],
    emulators: { dynamodb: inject('dynamoEndpoint'), sqs: inject('sqsEndpoint') },
    names: { tableName: `lienthong-first-${suffix}`, queueNamePrefix: `f${suffix}-` },
  });
  printed = banner(platform, { elapsedMs: 0, dataDir: undefined });
});

afterAll(async () => {
  if (subscriber?.exitCode === null) {
    subscriber.kill('SIGINT');
    await new Promise((done) => subscriber?.once('exit', done));
  }
  await platform?.stop();
});

/** A value the banner prints, as a reader copies it. */
function fromBanner(pattern: RegExp): string {
  const value = pattern.exec(printed)?.[1];
  if (!value) throw new Error(`${pattern} is not in the banner:\n${printed}`);
  return value;
}

/** Node without this process's DNS patch for `*.localhost`: any other program on the machine. */
async function inAnotherProgram(script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: LOCAL_REGION, ...env },
  });
  return stdout.trim();
}

describe('the banner', () => {
  it('names the public endpoint, and it answers the catalog without a token', async () => {
    const publicUrl = fromBanner(/^ {2}Public +(\S+)/m);

    const response = await fetch(publicUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ procedures { code } }"}',
    });

    expect(publicUrl).toMatch(/\/public\/graphql$/);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('1.001776');
  });

  it('prints an SQS endpoint and each external agency’s queue URL that work from another program, AWS SDK defaults', async () => {
    const endpoint = fromBanner(/^ {2}SQS +(\S+)/m);
    const queueUrl = fromBanner(/^ {4}queue {2}(\S+)/m);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(queueUrl).toBe(`${endpoint}/000000000000/${platform.queueNamePrefix}06-063.fifo`);

    const answer = await inAnotherProgram(
      `import { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
       const sqs = new SQSClient({ endpoint: process.env.ENDPOINT });
       const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: process.env.QUEUE_URL, AttributeNames: ['QueueArn', 'FifoQueue'] }));
       console.log(JSON.stringify(Attributes));`,
      { ENDPOINT: endpoint, QUEUE_URL: queueUrl },
    );

    expect(JSON.parse(answer)).toEqual({ QueueArn: expect.stringMatching(/06-063\.fifo$/), FifoQueue: 'true' });
  });

  it('names no external section without --external', () => {
    expect(banner({ ...platform, externalAgencies: [] }, { elapsedMs: 0, dataDir: '.local' })).not.toContain('External subscribers');
  });
});

describe('examples/agency-subscriber/README.md, as written', () => {
  it('the subscriber started with the banner’s values takes over the dossier the commune hands it', { timeout: 120_000 }, async () => {
    const walk = steps(section(readDoc('examples/agency-subscriber/README.md'), 'Against the local platform (`npm start`)'));
    expect(walk.map((step) => `${step.caller} ${step.operationName}`)).toEqual([
      'RECEPTION_OFFICER Submit',
      'RECEPTION_OFFICER Accept',
      'RECEPTION_OFFICER Transfer',
      'HANDLING_OFFICER Held',
    ]);

    // Step 2: `npx tsx examples/agency-subscriber/main.ts` with the four values from the banner.
    subscriber = spawn(process.execPath, ['--import', 'tsx', 'examples/agency-subscriber/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        GRAPHQL_URL: fromBanner(/^ {2}GraphQL +(\S+)/m),
        SQS_ENDPOINT: fromBanner(/SQS_ENDPOINT=(\S+?),/),
        QUEUE_URL: fromBanner(/^ {4}queue {2}(\S+)/m),
        AGENCY_TOKEN: fromBanner(/^ {4}token {2}(\S+)/m),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    subscriber.stdout?.on('data', (chunk) => (subscriberOutput += chunk));
    subscriber.stderr?.on('data', (chunk) => (subscriberOutput += chunk));
    await until(() => subscriberOutput.includes('Ctrl-C stops.'));
    expect(subscriberOutput).toContain(`Reading ${fromBanner(/^ {4}queue {2}(\S+)/m)}; Ctrl-C stops.`);

    // Step 3, then step 4 once the subscriber says it accepted.
    const answers: Record<string, unknown>[] = [];
    for (const step of walk) {
      if (step.operationName === 'Held') {
        await platform.pollers.drain();
        await until(() => subscriberOutput.includes(': accepted'));
      }
      const officer = platform.tokens.find((candidate) => candidate.role === step.caller);
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer?.token}` },
        body: JSON.stringify({ query: step.query, variables: fillIn(step.variables, answers) }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      expect({ step: step.operationName, errors: body.errors }).toEqual({ step: step.operationName, errors: undefined });
      answers.push(body.data ?? {});
    }

    const held = answers.at(-1);
    expect(pathValue(held, 'dossier.holderAgency.code')).toBe('06.063');
    expect((pathValue(held, 'dossier.history') as { type: string }[]).map((event) => event.type).slice(-3)).toEqual([
      'TRANSFERRED',
      'DELIVERED',
      'HANDOFF_ACCEPTED',
    ]);
  });
});

describe('npm start a second time, with the data it kept', () => {
  it('hands out queue URLs on the new port, so sends to kept queues arrive', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lienthong-sqs-'));
    const client = (endpoint: string) => new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      const first = await startSqsEmulator({ dataDir });
      const before = client(first.endpoint);
      await before.send(new CreateQueueCommand({ QueueName: 'kept.fifo', Attributes: { FifoQueue: 'true' } }));
      before.destroy();
      await first.stop();

      const second = await startSqsEmulator({ dataDir });
      const after = client(second.endpoint);
      try {
        const { QueueUrl } = await after.send(new GetQueueUrlCommand({ QueueName: 'kept.fifo' }));
        expect(new URL(QueueUrl ?? '').port).toBe(new URL(second.endpoint).port);
        const sent = await after.send(
          new SendMessageCommand({ QueueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd' }),
        );
        expect(sent.MessageId).toBeTruthy();
      } finally {
        after.destroy();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** Waits for something another process does; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    if (subscriber?.exitCode !== null && subscriber?.exitCode !== undefined) throw new Error(`The subscriber exited:\n${subscriberOutput}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

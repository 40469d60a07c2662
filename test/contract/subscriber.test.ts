import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSubscriber, type HandoffMessage, handleMessage, sqsClient } from '../../examples/agency-subscriber/subscriber';
import { readExample } from './contract-schema';

/**
 * The example subscriber (examples/agency-subscriber) as an agency would run it: sqs-consumer
 * polling a real FIFO queue in the SQS emulator, GraphQL calls going to a fake endpoint that
 * records them and answers like the platform (or fails when told to).
 */

interface Call {
  /** Each run posts to its own path, so a stopped run's late call is never counted in the next. */
  path: string;
  operation: string;
  variables: Record<string, unknown>;
  authorization: string | undefined;
}

type Behaviour = 'ok' | 'fail-acknowledge' | 'fail-accept' | 'already-accepted';

class FakeGraphql {
  calls: Call[] = [];
  behaviour: Behaviour = 'ok';
  private server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '?';
      this.calls.push({ path: request.url ?? '', operation, variables, authorization: request.headers.authorization });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(this.answer(operation, variables)));
    });
  });

  private answer(operation: string, variables: Record<string, unknown>): unknown {
    if (operation === 'Acknowledge' && this.behaviour === 'fail-acknowledge') {
      return { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null };
    }
    if (operation === 'Accept' && this.behaviour === 'fail-accept') {
      return { errors: [{ message: 'Dossier d is at version 7, not 6', extensions: { code: 'STALE_VERSION' } }], data: null };
    }
    switch (operation) {
      case 'Acknowledge':
        return { data: { acknowledgeHandoff: { outcome: this.behaviour === 'already-accepted' ? 'ALREADY_DELIVERED' : 'DELIVERED' } } };
      case 'Dossier':
        return {
          data: {
            dossier: {
              id: variables.id,
              version: 6,
              allowedActions: this.behaviour === 'already-accepted' ? ['TRANSFER'] : ['ACCEPT_HANDOFF', 'RETURN_HANDOFF', 'GIVE_OPINION'],
            },
          },
        };
      case 'Accept':
      case 'Opinion':
        return { data: { [operation === 'Accept' ? 'acceptHandoff' : 'giveOpinion']: { id: variables.id, version: 7 } } };
      default:
        return { errors: [{ message: `unexpected operation ${operation}` }] };
    }
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close = () => new Promise<void>((resolve) => this.server.close(() => resolve()));
}

const TOKEN = 'token-of-06.063-system';
const graphql = new FakeGraphql();
let graphqlBase: string;
let runs = 0;
let sqs: SQSClient;
const queues: string[] = [];
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  graphqlBase = await graphql.listen();
  sqs = sqsClient(inject('sqsEndpoint'));
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  graphql.calls = [];
  graphql.behaviour = 'ok';
});
afterAll(async () => {
  for (const QueueUrl of queues) await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  sqs.destroy();
  await graphql.close();
});

/** A fresh FIFO queue with one message on it, sent as the platform's relay sends. */
async function queueWith(body: string, message: Partial<HandoffMessage> = JSON.parse(body)): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `subscriber-test-${randomUUID().slice(0, 8)}.fifo`,
      // Short, so a message left after a failure comes back within the test.
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', VisibilityTimeout: '2' },
    }),
  );
  queues.push(QueueUrl!);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: body,
      MessageGroupId: message.dossierId ?? 'no-dossier',
      MessageDeduplicationId: message.handoffId ?? randomUUID(),
      MessageAttributes: { schema: { DataType: 'String', StringValue: 'lienthong.handoff/v1' } },
    }),
  );
  return QueueUrl!;
}

async function depth(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

interface Run {
  /** What the subscriber logged. */
  log: string[];
  /** The GraphQL calls of this run. */
  calls(): Call[];
  operations(): string[];
}

/** Runs the example's consumer on the queue. */
function run(queueUrl: string): Run {
  const path = `/graphql/${++runs}`;
  const graphqlUrl = `${graphqlBase}${path}`;
  const lines: string[] = [];
  let stopped = false;
  // After stop, the aborted long poll reports "Request aborted": not the subscriber's doing.
  const log = (line: string) => void (stopped || lines.push(line));
  const subscriber = createSubscriber({ queueUrl, graphqlUrl, token: TOKEN, sqs, waitTimeSeconds: 1, log });
  subscriber.start();
  stops.push(async () => {
    stopped = true;
    subscriber.stop({ abort: true });
  });
  const calls = () => graphql.calls.filter((call) => call.path === path);
  return { log: lines, calls, operations: () => calls().map((call) => call.operation) };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the example agency subscriber', () => {
  it('acknowledges a HANDOFF, accepts it at the current version, then deletes the message', async () => {
    const body = readExample('handoff');
    const message = JSON.parse(body) as HandoffMessage;
    const queueUrl = await queueWith(body);
    const { log, calls, operations } = run(queueUrl);
    await until(async () => (await depth(queueUrl)) === 0, 'the message to be deleted');
    expect(operations()).toEqual(['Acknowledge', 'Dossier', 'Accept']);
    expect(calls()[0]!.variables).toEqual({ dossierId: message.dossierId, handoffId: message.handoffId, kind: 'HANDOFF' });
    expect(calls()[2]!.variables).toEqual({ id: message.dossierId, expectedVersion: 6 });
    expect(calls().every((call) => call.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(log).toEqual([expect.stringMatching(/: accepted$/)]);
  });

  it('acknowledges a RETURN as a RETURN and takes the dossier back', async () => {
    const queueUrl = await queueWith(readExample('return'));
    const { calls, operations } = run(queueUrl);
    await until(async () => (await depth(queueUrl)) === 0, 'the message to be deleted');
    expect(operations()).toEqual(['Acknowledge', 'Dossier', 'Accept']);
    expect(calls()[0]!.variables.kind).toBe('RETURN');
  });

  it('acknowledges an OPINION_REQUEST and gives the opinion', async () => {
    const queueUrl = await queueWith(readExample('opinion-request'));
    const { calls, operations } = run(queueUrl);
    await until(async () => (await depth(queueUrl)) === 0, 'the message to be deleted');
    expect(operations()).toEqual(['Acknowledge', 'Dossier', 'Opinion']);
    expect(calls()[0]!.variables.kind).toBe('OPINION_REQUEST');
    expect(calls()[2]!.variables).toMatchObject({ expectedVersion: 6, agrees: true, opinion: expect.any(String) });
  });

  it('deletes a redelivered message whose handoff is already accepted, without accepting again', async () => {
    graphql.behaviour = 'already-accepted';
    const queueUrl = await queueWith(readExample('handoff'));
    const { log, operations } = run(queueUrl);
    await until(async () => (await depth(queueUrl)) === 0, 'the message to be deleted');
    expect(operations()).toEqual(['Acknowledge', 'Dossier']);
    expect(log).toEqual([expect.stringMatching(/already_delivered, nothing left to do$/)]);
  });

  it.each([
    ['acknowledgeHandoff fails', 'fail-acknowledge', ['Acknowledge']],
    ['acceptHandoff fails', 'fail-accept', ['Acknowledge', 'Dossier', 'Accept']],
  ] as const)(
    'leaves the message in the queue when %s, and tries again after the visibility timeout',
    async (_what, behaviour, expected) => {
      graphql.behaviour = behaviour;
      const queueUrl = await queueWith(readExample('handoff'));
      const { log, calls, operations } = run(queueUrl);
      await until(() => calls().length >= expected.length, 'the first attempt');
      expect(operations().slice(0, expected.length)).toEqual(expected);
      await until(() => log.length >= 1, 'the attempt to be logged');
      expect(log[0]).toMatch(/left in the queue: GraphQL (INTERNAL_SERVER_ERROR|STALE_VERSION)/);
      expect(await depth(queueUrl)).toBe(1);
      // Back after the 2-second visibility timeout: tried again, still there.
      await until(() => operations().filter((o) => o === 'Acknowledge').length >= 2, 'a second attempt', 10_000);
      expect(await depth(queueUrl)).toBe(1);
    },
  );

  it('leaves an off-contract message for the dead-letter queue, calling nothing', async () => {
    const offContract = JSON.stringify({ ...JSON.parse(readExample('opinion-request')), dueAt: undefined });
    const queueUrl = await queueWith(offContract);
    const { log, calls } = run(queueUrl);
    await until(() => log.length >= 1, 'the attempt to be logged');
    expect(log[0]).toMatch(/left in the queue: off contract: .*dueAt/);
    expect(calls()).toEqual([]);
    expect(await depth(queueUrl)).toBe(1);
  });

  it('has a handler an agency can call on its own (no queue)', async () => {
    const graphqlUrl = `${graphqlBase}/graphql/direct`;
    await expect(handleMessage('not json', { queueUrl: '', graphqlUrl, token: TOKEN })).rejects.toThrow('body is not JSON');
    await expect(handleMessage(readExample('handoff'), { queueUrl: '', graphqlUrl, token: TOKEN })).resolves.toBe('accepted');
  });
});

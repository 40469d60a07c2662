import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type SqsPoller, startSqsPoller } from '../../local/pollers/sqs-poller';
import type { AgencyQueues } from '../../local/provision';
import { useEmulators } from '../support/emulators';

const stoppers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

async function agencyQueue(): Promise<{ emulators: ReturnType<typeof useEmulators>; queues: AgencyQueues }> {
  const emulators = useEmulators();
  const created = await emulators.createQueues(['06.063']);
  return { emulators, queues: created.get('06.063') as AgencyQueues };
}

async function send(emulators: ReturnType<typeof useEmulators>, queueUrl: string, body: string, group: string) {
  await emulators.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageGroupId: group,
      MessageDeduplicationId: body,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'handoff' } },
    }),
  );
}

function start(
  emulators: ReturnType<typeof useEmulators>,
  queues: AgencyQueues,
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>,
  maxConcurrency?: number,
): SqsPoller {
  const poller = startSqsPoller({
    ...(maxConcurrency ? { maxConcurrency } : {}),
    endpoint: emulators.sqsEndpoint,
    queues: [queues],
    handler,
    waitTimeSeconds: 1,
    onError: () => undefined,
  });
  stoppers.push(() => poller.stop());
  return poller;
}

async function messageCounts(emulators: ReturnType<typeof useEmulators>, queueUrl: string) {
  const { Attributes } = await emulators.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
}

describe('SQS poller', () => {
  it('hands messages over as a Lambda SQS event and deletes the ones handled', async () => {
    const { emulators, queues } = await agencyQueue();
    const records: SQSRecord[] = [];
    const poller = start(emulators, queues, async (event) => void records.push(...event.Records));
    await send(emulators, queues.queueUrl, 'first', 'dossier-1');
    await send(emulators, queues.queueUrl, 'second', 'dossier-2');

    await poller.drain();

    expect(records.map((record) => record.body).sort()).toEqual(['first', 'second']);
    expect(records.find((record) => record.body === 'first')).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queues.queueArn,
      awsRegion: 'ap-southeast-1',
      attributes: { MessageGroupId: 'dossier-1', MessageDeduplicationId: 'first', ApproximateReceiveCount: '1' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'handoff' } },
    });
    expect(await messageCounts(emulators, queues.queueUrl)).toBe(0);
  });

  it('returns a failed message to the queue and dead-letters it after maxReceiveCount', async () => {
    const { emulators, queues } = await agencyQueue();
    // One-second visibility so the five receives take seconds, not the production 30 s each.
    await emulators.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queues.queueUrl, Attributes: { VisibilityTimeout: '1' } }));
    const poisonReceives: string[] = [];
    const handled: string[] = [];
    const poller = start(emulators, queues, async (event) => {
      const failures = event.Records.filter((record) => record.body === 'poison');
      poisonReceives.push(...failures.map((record) => record.attributes.ApproximateReceiveCount));
      handled.push(...event.Records.filter((record) => record.body !== 'poison').map((record) => record.body));
      return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
    });
    await send(emulators, queues.queueUrl, 'poison', 'dossier-1');
    await send(emulators, queues.queueUrl, 'fine', 'dossier-2');

    await poller.drain(20_000);

    expect(handled).toEqual(['fine']);
    expect(poisonReceives).toEqual(['1', '2', '3', '4', '5']);
    const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.dlqUrl, MaxNumberOfMessages: 10 }));
    expect(Messages?.map((message) => message.Body)).toEqual(['poison']);
  });

  it('with maxConcurrency, handles another dossier’s batch while one is in flight, and a dossier’s next message only after it', async () => {
    const { emulators, queues } = await agencyQueue();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstReceived!: () => void;
    const firstArrived = new Promise<void>((resolve) => {
      firstReceived = resolve;
    });
    const poller = start(
      emulators,
      queues,
      async (event) => {
        for (const { body } of event.Records) {
          log.push(`start ${body}`);
          if (body === 'a1') {
            firstReceived();
            await firstHeld;
          }
          // The other dossier's message came in a second batch while a1's was still in flight.
          if (body === 'c1') releaseFirst();
          log.push(`end ${body}`);
        }
        return undefined;
      },
      2,
    );
    await send(emulators, queues.queueUrl, 'a1', 'dossier-a');
    await send(emulators, queues.queueUrl, 'a2', 'dossier-a');
    await firstArrived;
    await send(emulators, queues.queueUrl, 'c1', 'dossier-c');

    await poller.drain(20_000);

    expect(log.indexOf('end c1')).toBeLessThan(log.indexOf('end a1'));
    // The FIFO queue holds dossier A's next message until a1's batch is deleted.
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.filter((line) => line.startsWith('end')).sort()).toEqual(['end a1', 'end a2', 'end c1']);
  });

  it('leaves the whole batch in the queue when the handler throws', async () => {
    const { emulators, queues } = await agencyQueue();
    await emulators.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queues.queueUrl, Attributes: { VisibilityTimeout: '1' } }));
    let calls = 0;
    const handled: string[] = [];
    const poller = start(emulators, queues, async (event) => {
      calls += 1;
      if (calls === 1) throw new Error('database unavailable');
      handled.push(...event.Records.map((record) => `${record.body}#${record.attributes.ApproximateReceiveCount}`));
    });
    await send(emulators, queues.queueUrl, 'only', 'dossier-1');

    await poller.drain(10_000);

    expect(handled).toEqual(['only#2']);
  });
});

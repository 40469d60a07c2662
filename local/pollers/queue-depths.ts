import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PolledQueue } from './sqs-poller';

/** How many messages each queue still holds: visible, in flight or delayed. */
export type QueueDepths = (queues: readonly PolledQueue[]) => Promise<number[]>;

interface FauxqsQueue {
  arn: string;
  approximateMessageCount: number;
  approximateInflightCount: number;
  approximateDelayedCount: number;
}

/**
 * Reads queue depths from the SQS emulator's inspection endpoint when there is one: one request
 * for every queue, where GetQueueAttributes takes one per queue (seconds for a province's 576
 * queues). Anything else that speaks SQS gets GetQueueAttributes.
 */
export function queueDepthReader(sqs: SQSClient, endpoint: string): QueueDepths {
  let inspectable: boolean | undefined;
  return async (queues) => {
    if (inspectable !== false) {
      const all = await inspectAll(endpoint);
      inspectable = all !== undefined;
      if (all) return queues.map((queue) => all.get(queue.queueArn) ?? 0);
    }
    return Promise.all(queues.map((queue) => depthOf(sqs, queue)));
  };
}

async function inspectAll(endpoint: string): Promise<Map<string, number> | undefined> {
  const url = new URL('/_fauxqs/queues', endpoint);
  // fauxqs reads a GET to a dotted host name as S3 (virtual-hosted bucket): ask the loopback address.
  if (url.hostname.endsWith('.localhost')) url.hostname = '127.0.0.1';
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) return undefined;
  const queues = (await response.json()) as FauxqsQueue[];
  return new Map(
    queues.map((queue) => [queue.arn, queue.approximateMessageCount + queue.approximateInflightCount + queue.approximateDelayedCount]),
  );
}

async function depthOf(sqs: SQSClient, queue: PolledQueue): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return Object.values(Attributes).reduce((sum, count) => sum + Number(count), 0);
}

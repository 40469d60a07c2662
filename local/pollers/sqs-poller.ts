import { Agent } from 'node:http';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Handler, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withoutSdkLogger } from '#aws/sdk-logger';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../aws-env';
import { invokeHandler } from '../lambda';
import { queueDepthReader } from './queue-depths';
import { toLambdaRecord } from './sqs-records';
import { backoffMs, pause } from './timing';

export type SqsHandler = Handler<SQSEvent, SQSBatchResponse | undefined>;

export interface PolledQueue {
  queueUrl: string;
  queueArn: string;
}

export interface SqsPollerOptions {
  endpoint: string;
  queues: readonly PolledQueue[];
  handler: SqsHandler;
  functionName?: string;
  /** Messages per invocation, at most (SQS returns at most 10 per receive). */
  batchSize?: number;
  /**
   * Batches of one queue handled at once, at most (the mapping's maxConcurrency). The loop receives
   * again while fewer are in flight, so an idle queue still costs one long poll; a FIFO queue never
   * hands out a group's next message while one of the group is in flight, so order holds. Default 1.
   */
  maxConcurrency?: number;
  /** Long-poll wait. Lambda uses 20 s; stop() aborts waiting receives, so long is cheap here too. */
  waitTimeSeconds?: number | undefined;
  onError?: (message: string, error: unknown) => void;
}

export interface SqsPoller {
  /** Resolves once every polled queue is empty: each message handled and deleted, or dead-lettered. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Polls queues and invokes the handler like Lambda's SQS event source mapping: long polling, a
 * batch per invocation, successes deleted, failures left in the queue to come back after the
 * visibility timeout (the queue's redrive policy moves a message to its DLQ after maxReceiveCount).
 * With ReportBatchItemFailures only the reported messages fail; a thrown error fails the batch.
 *
 * One receive loop per queue, as each queue has its own mapping on AWS: with 20 s long polls a
 * quiet queue costs three requests a minute, so Thanh Hóa's 576 inboxes idle at about a tenth of
 * a core (emulator included), and stop() aborts the waiting receives at once.
 */
export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const sqs = withoutSdkLogger(
    new SQSClient({
      endpoint: options.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      // Every loop holds a socket while it waits; the default pool of 50 would queue the rest.
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: options.queues.length + 16 }) },
    }),
  );
  const functionName = options.functionName ?? 'transfer-consumer';
  const onError = options.onError ?? ((message, error) => console.warn(`[sqs poller] ${message}:`, error));
  const aborter = new AbortController();
  const { signal } = aborter;
  let invocationsInFlight = 0;
  const queueDepths = queueDepthReader(sqs, options.endpoint);

  async function pollQueue(queue: PolledQueue): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const maxConcurrency = Math.max(1, options.maxConcurrency ?? 1);
    for (let failures = 0; !signal.aborted; ) {
      while (inFlight.size >= maxConcurrency) await Promise.race(inFlight);
      let messages: Message[];
      try {
        messages = await receive(queue);
        failures = 0;
      } catch (error) {
        if (signal.aborted) break; // Past the loop: the batches still in flight are awaited.
        onError(`ReceiveMessage on ${queue.queueUrl} failed`, error);
        await pause(backoffMs(failures++), signal);
        continue;
      }
      if (messages.length > 0) {
        const batch: Promise<void> = handleBatch(queue, messages)
          .catch((error) => onError(`batch from ${queue.queueUrl} not settled`, error))
          .finally(() => inFlight.delete(batch));
        inFlight.add(batch);
      }
    }
    await Promise.all(inFlight);
  }

  async function receive(queue: PolledQueue): Promise<Message[]> {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: options.batchSize ?? 10,
        WaitTimeSeconds: options.waitTimeSeconds ?? 20,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return Messages ?? [];
  }

  async function handleBatch(queue: PolledQueue, messages: Message[]): Promise<void> {
    invocationsInFlight += 1;
    try {
      const event: SQSEvent = { Records: messages.map((message) => toLambdaRecord(message, queue.queueArn)) };
      const failed = await invoke(event, messages);
      const succeeded = messages.filter((message) => !failed.has(message.MessageId as string));
      if (succeeded.length > 0) await deleteMessages(queue, succeeded);
    } finally {
      invocationsInFlight -= 1;
    }
  }

  /** The ids of the messages to leave in the queue. */
  async function invoke(event: SQSEvent, messages: Message[]): Promise<Set<string>> {
    const all = new Set(messages.map((message) => message.MessageId as string));
    try {
      const response = await invokeHandler(options.handler, event, functionName);
      const reported = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
      // Like Lambda: an empty or unknown identifier fails the whole batch.
      return reported.every((id) => all.has(id)) ? new Set(reported) : all;
    } catch (error) {
      onError(`${functionName} threw; ${messages.length} message(s) return to the queue`, error);
      return all;
    }
  }

  async function deleteMessages(queue: PolledQueue, messages: Message[]): Promise<void> {
    const { Failed } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    // A message we could not delete comes back after its visibility timeout: a duplicate, not a loss.
    if (Failed?.length) onError(`could not delete ${Failed.length} message(s) from ${queue.queueUrl}`, Failed);
  }

  const loops = options.queues.map((queue) => pollQueue(queue));

  return {
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const depths = await queueDepths(options.queues);
        const busy = options.queues.filter((_, index) => depths[index] !== 0);
        if (busy.length === 0 && invocationsInFlight === 0) return;
        if (signal.aborted) throw new Error('the SQS poller was stopped while draining');
        if (Date.now() > deadline) {
          const what = busy.map((queue) => queue.queueUrl).join(', ') || 'a handler is still running';
          throw new Error(`still busy after ${timeoutMs} ms: ${what}`);
        }
        await pause(50, signal);
      }
    },
    async stop() {
      aborter.abort();
      await Promise.all(loops);
      sqs.destroy();
    },
  };
}

import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { RedriveMarks } from '#redrive/redrive';
import { redriveDeadLetters } from '#redrive/redrive';
import { TRANSFER_CONSUMER_MAPPING } from '../../../local/consumer-mapping';
import { type SqsHandler, type SqsPoller, startSqsPoller } from '../../../local/pollers/sqs-poller';
import { type StreamHandler, type StreamPoller, startStreamPoller } from '../../../local/pollers/stream-poller';
import type { ProvinceFixture } from '../../support/province-fixture';
import type { Counters } from './counters';

/**
 * The outbox pipeline as the local platform runs it, the real relay and consumer behind the
 * Lambda-like pollers, with two test settings: a 1-second visibility timeout (a message that was
 * not deleted comes back in a second, not in 30) and a stream poll every 50 ms.
 */
export interface Pipeline {
  /** Until the stream is read to its end and the queues are empty (dead-lettered messages aside). */
  settle(timeoutMs?: number): Promise<void>;
  /** Moves every dead-lettered message of these agencies back; returns how many moved. */
  redrive(agencyCodes: readonly string[]): Promise<number>;
  stop(): Promise<void>;
}

export const TEST_VISIBILITY_TIMEOUT_SECONDS = 1;

export interface PipelineOptions {
  fixture: ProvinceFixture;
  relay: StreamHandler;
  consumer: SqsHandler;
  /** The agencies whose queues the consumer polls. */
  agencyCodes: readonly string[];
  counters: Counters;
  failures: RedriveMarks;
  /** Stream records per relay invocation (Lambda's default is 100). */
  streamBatchSize?: number;
  /** Consumer batches of one queue at once; the stack's mapping (5) unless a test counts receipts exactly. */
  consumerConcurrency?: number;
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { fixture, counters } = options;
  const queues = options.agencyCodes.map((code) => {
    const queue = fixture.queues.get(code);
    if (!queue) throw new Error(`No queue for ${code}`);
    return queue;
  });
  await Promise.all(
    queues.map((queue) =>
      fixture.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: queue.queueUrl,
          Attributes: { VisibilityTimeout: String(TEST_VISIBILITY_TIMEOUT_SECONDS) },
        }),
      ),
    ),
  );
  // Retries are the point here: count them instead of printing each one.
  const stream: StreamPoller = await startStreamPoller({
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: options.relay,
    startingPosition: 'TRIM_HORIZON',
    pollIntervalMs: 50,
    batchSize: options.streamBatchSize ?? 100,
    onError: () => counters.add('stream batches retried'),
  });
  const sqs: SqsPoller = startSqsPoller({
    ...TRANSFER_CONSUMER_MAPPING,
    ...(options.consumerConcurrency ? { maxConcurrency: options.consumerConcurrency } : {}),
    endpoint: fixture.sqsEndpoint,
    queues,
    handler: options.consumer,
    waitTimeSeconds: 1,
    onError: () => counters.add('consumer batches not settled'),
  });
  return {
    async settle(timeoutMs = 60_000) {
      await stream.drain(timeoutMs);
      await sqs.drain(timeoutMs);
    },
    async redrive(agencyCodes) {
      let moved = 0;
      for (const agencyCode of agencyCodes) {
        const result = await redriveDeadLetters(fixture.sqs, {
          agencyCode,
          queueNamePrefix: fixture.queueNamePrefix,
          max: 1000,
          failures: options.failures,
          receiveWaitSeconds: 0,
        });
        if (result.interruptedBy) throw new Error(`redrive of ${agencyCode} stopped: ${result.interruptedBy}`);
        moved += result.moved;
      }
      return moved;
    },
    async stop() {
      await Promise.all([stream.stop(), sqs.stop()]);
    },
  };
}

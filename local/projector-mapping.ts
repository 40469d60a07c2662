import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { projectorFailureQueueName } from '#queue/names';
import type { StreamPollerOptions } from './pollers/stream-poller';

/**
 * The projector's stream event source mapping as infra/projector.ts declares it, for the local
 * stream poller: every newly inserted dossier event (PROJECTOR_STREAM_FILTER), in batches of 100,
 * retried boundedly before the batch goes to its failure queue.
 */
export const PROJECTOR_MAPPING = {
  batchSize: 100,
  maxRetryAttempts: 10,
  filter: (record: DynamoDBRecord) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === 'EVENT',
} satisfies Partial<StreamPollerOptions>;

/** The queue the projector's discarded batches go to (stream pointers; replay them from the table). */
export async function projectorFailureQueue(sqs: SQSClient, queueNamePrefix: string): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: projectorFailureQueueName(queueNamePrefix),
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  if (!QueueUrl) throw new Error('CreateQueue returned no URL for the projector failure queue');
  return QueueUrl;
}

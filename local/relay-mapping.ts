import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { relayFailureQueueName } from '#queue/names';
import { MIGRATED_MARK } from '#queue/outbox';
import { LOCAL_REGION } from './aws-env';
import type { DiscardedBatch, StreamPollerOptions } from './pollers/stream-poller';

/**
 * The relay's stream event source mapping as infra/relay.ts declares it (batch size, filter,
 * bounded retries, an SQS on-failure destination), for the local stream poller. The filter is the
 * predicate form of RELAY_STREAM_FILTER: only newly inserted dossier events reach the relay.
 */
export const RELAY_MAPPING = {
  batchSize: 100,
  maxRetryAttempts: 10,
  filter: (record: DynamoDBRecord) =>
    record.eventName === 'INSERT' &&
    record.dynamodb?.NewImage?.entity?.S === 'EVENT' &&
    record.dynamodb.NewImage[MIGRATED_MARK] === undefined,
} satisfies Partial<StreamPollerOptions>;

/** The queue the relay's discarded batches go to; an operator replays them from the table. */
export async function relayFailureQueue(sqs: SQSClient, queueNamePrefix: string): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: relayFailureQueueName(queueNamePrefix),
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  if (!QueueUrl) throw new Error('CreateQueue returned no URL for the relay failure queue');
  return QueueUrl;
}

/**
 * Sends a discarded batch to the failure queue as Lambda's on-failure destination does for a
 * stream: a pointer to the records (shard and sequence numbers), not the records themselves.
 */
export function sendToFailureQueue(sqs: SQSClient, queueUrl: string, functionName: string) {
  return async (batch: DiscardedBatch): Promise<void> => {
    const first = batch.records[0]?.dynamodb;
    const last = batch.records.at(-1)?.dynamodb;
    const arrival = (seconds?: number) => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());
    const record = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${functionName}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: batch.attempts,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: batch.reason },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: batch.shardId,
        startSequenceNumber: first?.SequenceNumber,
        endSequenceNumber: last?.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
        batchSize: batch.records.length,
        streamArn: batch.streamArn,
      },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
  };
}

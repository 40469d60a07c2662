import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { RELAY_MAPPING, relayFailureQueue, sendToFailureQueue } from '../../local/relay-mapping';
import { useEmulators } from '../support/emulators';

function streamRecord(eventName: 'INSERT' | 'MODIFY', entity: string, type: string, sequenceNumber = '1'): DynamoDBRecord {
  return {
    eventName,
    dynamodb: {
      SequenceNumber: sequenceNumber,
      ApproximateCreationDateTime: 1_795_300_000,
      NewImage: { entity: { S: entity }, type: { S: type } },
    },
  };
}

describe('relay mapping', () => {
  it('lets only newly inserted dossier events through to the relay (all of them feed the portal sync), like its stream filter', () => {
    const passes = (record: DynamoDBRecord) => RELAY_MAPPING.filter(record);

    expect(passes(streamRecord('INSERT', 'EVENT', 'TRANSFERRED'))).toBe(true);
    expect(passes(streamRecord('INSERT', 'EVENT', 'OPINIONS_REQUESTED'))).toBe(true);
    expect(passes(streamRecord('INSERT', 'EVENT', 'SUBMITTED'))).toBe(true);
    expect(passes(streamRecord('MODIFY', 'EVENT', 'TRANSFERRED'))).toBe(false);
    expect(passes(streamRecord('INSERT', 'DOSSIER', 'TRANSFERRED'))).toBe(false);
  });

  it('puts a discarded batch in the failure queue as a pointer to its records', async () => {
    const emulators = useEmulators();
    const queueUrl = await relayFailureQueue(emulators.sqs, emulators.queueNamePrefix);
    const send = sendToFailureQueue(emulators.sqs, queueUrl, 'relay');

    await send({
      shardId: 'shard-1',
      streamArn: 'arn:stream',
      attempts: 11,
      reason: 'handler threw: queue missing',
      records: [streamRecord('INSERT', 'EVENT', 'TRANSFERRED', '7'), streamRecord('INSERT', 'EVENT', 'TRANSFERRED', '9')],
    });

    const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    expect(JSON.parse(Messages?.[0]?.Body ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
      DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '7', endSequenceNumber: '9', batchSize: 2, streamArn: 'arn:stream' },
    });
  });
});

import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '#domain/lifecycle';
import { messagesOf } from '#queue/outbox';
import { createDocumentClient } from '#store/clients';
import { DEAD_LETTER_REASON_ATTRIBUTE } from '#transfer-consumer/dead-letter';
import { servicesForTable } from '../../functions/services';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { receivedDossier } from './support/handoff-driver';

/**
 * The local pollers invoke one handler module for several queues (or shards) at once, which a
 * Lambda execution environment never does. Each invocation must still answer for its own batch
 * only: a failure reported in the wrong batch is a failed message deleted, a handoff lost.
 */
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const CONCURRENT = 6;

let fixture: ProvinceFixture;
let consumer: typeof import('#transfer-consumer/handler');
let relay: typeof import('#relay/handler');
/** A message of a handoff delivered already: the consumer takes it (ALREADY_DELIVERED), slowly enough to interleave. */
let deliveredBody: string;

const context = { functionName: 'test', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  fixture = await setUpProvince({ queues: true });
  [consumer, relay] = await Promise.all([import('#transfer-consumer/handler'), import('#relay/handler')]);
  const services = servicesForTable(fixture.tableName, { db: createDocumentClient() });
  const reception: Caller = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };
  const dossier = await receivedDossier(services, { commune: COMMUNE, district: DISTRICT });
  const head = (await services.dossiers.get(dossier.id))!;
  await services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: head.version });
  const transferred = (await services.dossiers.history(dossier.id)).at(-1)!;
  const [message] = messagesOf(transferred);
  await services.dossiers.deliver(message!);
  deliveredBody = JSON.stringify(message);
});

function sqsRecord(messageId: string, body: string, group: string): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: { ApproximateReceiveCount: '1', MessageGroupId: group } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: fixture.queues.get(DISTRICT)!.queueArn,
    awsRegion: 'ap-southeast-1',
  };
}

function streamRecord(sequenceNumber: string, item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: sequenceNumber, NewImage: marshall(item, { removeUndefinedValues: true }) as never },
  };
}

describe('handlers invoked concurrently in one process', () => {
  it('the consumer handles each batch’s own messages: every poison message parked once, with its reason', async () => {
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, batch) =>
        consumer.handler(
          {
            Records: [
              sqsRecord(`ok-${batch}`, deliveredBody, `ok-${batch}`),
              sqsRecord(`poison-${batch}`, `not json ${batch}`, `poison-${batch}`),
            ],
          },
          context,
        ),
      ),
    );
    // A message that can never succeed goes to the DLQ at once (issue 13), so no batch reports a failure…
    expect(responses.map((response) => response.batchItemFailures)).toEqual(Array.from({ length: CONCURRENT }, () => []));
    // …and each batch's poison message is in the DLQ exactly once, none of another batch twice.
    const parked: string[] = [];
    for (let poll = 0; poll < 10 && parked.length < CONCURRENT; poll += 1) {
      const { Messages = [] } = await fixture.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: fixture.queues.get(DISTRICT)!.dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      for (const message of Messages) {
        expect(message.MessageAttributes?.[DEAD_LETTER_REASON_ATTRIBUTE]?.StringValue).toBe('INVALID_MESSAGE');
        parked.push(message.Body ?? '');
        await fixture.sqs.send(
          new DeleteMessageCommand({ QueueUrl: fixture.queues.get(DISTRICT)!.dlqUrl, ReceiptHandle: message.ReceiptHandle! }),
        );
      }
    }
    expect(parked.sort()).toEqual(Array.from({ length: CONCURRENT }, (_, batch) => `not json ${batch}`).sort());
  });

  it('the relay reports each batch’s own failures', async () => {
    // A handoff to an agency without a queue fails to publish; a head record is not the relay's business.
    const unroutable = (batch: number) => ({
      entity: 'EVENT',
      type: 'TRANSFERRED',
      dossierId: `d${batch}`,
      version: 3,
      at: new Date().toISOString(),
      actor: { officerId: 'o', agencyCode: COMMUNE, role: 'RECEPTION_OFFICER' },
      statusAfter: 'IN_PROCESSING',
      handoff: {
        id: `d${batch}-3`,
        kind: 'FORWARD',
        procedureCode: '1.001776',
        fromAgency: COMMUNE,
        toAgency: '99.999',
        sentAt: new Date().toISOString(),
        routeStep: 1,
      },
    });
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, batch) =>
        relay.handler(
          { Records: [streamRecord(`${batch}01`, { entity: 'DOSSIER', id: `d${batch}` }), streamRecord(`${batch}02`, unroutable(batch))] },
          context,
        ),
      ),
    );
    expect(responses.map((response) => response.batchItemFailures)).toEqual(
      Array.from({ length: CONCURRENT }, (_, batch) => [{ itemIdentifier: `${batch}02` }]),
    );
  });
});

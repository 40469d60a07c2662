import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgencyQueues } from '../../local/provision';
import { type TestEmulators, useEmulators } from '../../test/support/emulators';

/**
 * The relay against the SQS emulator, one stream batch at a time: a dossier's messages reach its
 * agency's FIFO queue in stream order, though the batch's dossiers are published side by side and
 * share SendMessageBatch calls; a dossier whose message fails sends none of its later ones.
 */
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const OTHER_DISTRICT = '06.064';

let emulators: TestEmulators;
let queues: Map<string, AgencyQueues>;
let relay: typeof import('./handler');

const context = { functionName: 'relay', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  emulators = useEmulators();
  queues = await emulators.createQueues([DISTRICT, OTHER_DISTRICT]);
  relay = await import('./handler');
});

/** A committed handoff event as the stream carries it: handoff `<dossier>-<version>`, forward or back. */
function handoffEvent(sequenceNumber: string, dossierId: string, version: number, toAgency: string, back = false): DynamoDBRecord {
  const at = new Date().toISOString();
  const item = {
    entity: 'EVENT',
    type: back ? 'HANDOFF_RETURNED' : 'TRANSFERRED',
    dossierId,
    version,
    at,
    actor: { officerId: 'o', agencyCode: COMMUNE, role: 'RECEPTION_OFFICER' },
    statusAfter: 'IN_PROCESSING',
    handoff: {
      id: `${dossierId}-${version}`,
      kind: back ? 'RETURN' : 'FORWARD',
      procedureCode: '1.001776',
      fromAgency: COMMUNE,
      toAgency,
      sentAt: at,
      routeStep: 1,
      ...(back ? { reason: 'Thiếu giấy tờ' } : {}),
    },
  };
  const Keys = { PK: { S: `DOSSIER#${dossierId}` }, SK: { S: `EVENT#${String(version).padStart(8, '0')}` } };
  return { eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber, Keys, NewImage: marshall(item) as never } };
}

/** The queue's messages in the order the FIFO queue hands them out (each deleted once read): `expected` of them, then whatever else is there. */
async function drainQueue(agencyCode: string, expected: number): Promise<string[]> {
  const queueUrl = queues.get(agencyCode)!.queueUrl;
  const handoffIds: string[] = [];
  for (let receives = 0; receives < 30; receives += 1) {
    const wait = handoffIds.length < expected ? 1 : 0;
    const { Messages = [] } = await emulators.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }),
    );
    if (Messages.length === 0 && wait === 0) break;
    for (const message of Messages) {
      handoffIds.push((JSON.parse(message.Body!) as { handoffId: string }).handoffId);
      await emulators.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
  return handoffIds;
}

const inOrderOf = (ids: readonly string[], dossierId: string) => ids.filter((id) => id.startsWith(`${dossierId}-`));

describe('the relay, one stream batch', () => {
  it('puts each dossier’s messages on its queue in stream order, the batch’s dossiers side by side', async () => {
    const records = [
      handoffEvent('101', 'order-a', 3, DISTRICT),
      handoffEvent('102', 'order-b', 3, DISTRICT),
      handoffEvent('103', 'order-a', 5, DISTRICT, true),
      handoffEvent('104', 'order-c', 3, OTHER_DISTRICT),
      handoffEvent('105', 'order-a', 7, DISTRICT),
      handoffEvent('106', 'order-b', 5, DISTRICT, true),
    ];
    const response = await relay.handler({ Records: records }, context);
    expect(response.batchItemFailures).toEqual([]);
    const district = await drainQueue(DISTRICT, 5);
    expect(district).toHaveLength(5);
    expect(inOrderOf(district, 'order-a')).toEqual(['order-a-3', 'order-a-5', 'order-a-7']);
    expect(inOrderOf(district, 'order-b')).toEqual(['order-b-3', 'order-b-5']);
    expect(await drainQueue(OTHER_DISTRICT, 1)).toEqual(['order-c-3']);
  });

  it('holds back a dossier’s later messages behind its failed one, and sends the other dossiers’', async () => {
    const records = [
      handoffEvent('201', 'held-a', 3, '99.999'), // no queue for this agency: the send fails
      handoffEvent('202', 'held-b', 3, DISTRICT),
      handoffEvent('203', 'held-a', 5, DISTRICT),
      handoffEvent('204', 'held-b', 5, DISTRICT),
    ];
    const response = await relay.handler({ Records: records }, context);
    // Lambda retries from the earliest reported record; held-a's second message never went out.
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['201', '203']);
    expect(await drainQueue(DISTRICT, 2)).toEqual(['held-b-3', 'held-b-5']);
  });
});

import { processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { withoutSdkLogger } from '#aws/sdk-logger';
import type { DossierEvent } from '#domain/dossier';
import { PortalSyncPublisher } from '#portal-sync/publisher';
import { GroupedBatchProcessor } from '#queue/grouped-processor';
import { HandoffPublisher } from '#queue/handoff-publisher';
import { isOutboxEvent, MIGRATED_MARK, messagesOf } from '#queue/outbox';
import { requireEnv } from '../services';

/**
 * The outbox relay: the table's stream carries each committed dossier event here. A handoff event
 * goes on the receiving agency's queue; every event also goes on the portal sync queue (when the
 * stack has one: PORTAL_SYNC_QUEUE_URL), which feeds the national portal. A failed record is
 * reported by sequence number, so Lambda retries from it and never skips it; records before it
 * are not sent again.
 */
const logger = new Logger({ serviceName: 'relay' });
/** Exported so fault-injection tests can add SDK middleware (throttling, timeouts) to the relay's client. */
export const relaySqsClient = withoutSdkLogger(new SQSClient({}));
const publisher = new HandoffPublisher(relaySqsClient, requireEnv('QUEUE_NAME_PREFIX'));
/** Read per record, not at load: a stack (or a test) without the portal queue relays handoffs only. */
const portalPublisher = (): PortalSyncPublisher | undefined => {
  const url = process.env.PORTAL_SYNC_QUEUE_URL;
  if (!url) return undefined;
  if (portalPublisherFor?.url !== url) portalPublisherFor = { url, publisher: new PortalSyncPublisher(relaySqsClient, url) };
  return portalPublisherFor.publisher;
};
let portalPublisherFor: { url: string; publisher: PortalSyncPublisher } | undefined;

/** The committed dossier event a stream record carries, if it carries one (not one a migration copied). */
export function committedEventOf(record: DynamoDBRecord): DossierEvent | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as Record<string, unknown>;
  if (item.entity !== 'EVENT' || MIGRATED_MARK in item) return undefined;
  return item as unknown as DossierEvent;
}

/** The committed outbox event a stream record carries, if it carries one. */
export function outboxEventOf(record: DynamoDBRecord): DossierEvent | undefined {
  const event = committedEventOf(record);
  return event && isOutboxEvent(event.type) ? event : undefined;
}

async function relayRecord(record: DynamoDBRecord): Promise<void> {
  const event = committedEventOf(record);
  if (!event) return;
  // One event may address several agencies (opinion requests), and goes to the portal's queue too:
  // all at once, as the queues keep no order between each other. Each message is deduplicated by
  // its own id, so a retry of the record after a partial send repeats nothing downstream. Sent at
  // once, the other dossiers' messages of the batch share one SendMessageBatch a queue with these.
  const messages = isOutboxEvent(event.type) ? messagesOf(event) : [];
  await Promise.all([portalPublisher()?.publish(event), ...messages.map((message) => publisher.publish(message))]);
  for (const message of messages) {
    logger.info('Handoff relayed', {
      dossierId: event.dossierId,
      handoffId: message.handoffId,
      kind: message.kind,
      toAgency: message.toAgency,
    });
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // A processor per invocation, never shared by concurrent ones (one per shard locally): it keeps
  // the batch in its instance fields outside Lambda's runtime (see transfer-consumer/handler.ts).
  // Dossiers side by side, each dossier's events in stream order (a dossier's failed event holds
  // back its later ones). Lambda retries from the earliest failed record, so other dossiers' events
  // after it that were sent go again: SQS drops them within its 5-minute deduplication window, and
  // the consumer and the portal sync apply a message once however often it comes.
  const processor = GroupedBatchProcessor.byPartition();
  return processPartialResponse(event, relayRecord, processor, { context });
};

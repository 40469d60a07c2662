import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DossierEvent } from '#domain/dossier';
import { eventIdOf, PORTAL_SYNC_MESSAGE_SCHEMA, portalSyncMessageOf } from './message';

/**
 * Puts one message per committed dossier event on the portal sync FIFO queue: the group is the
 * dossier (its events in order, other dossiers flow past), the deduplication id the event's id (a
 * relay retry within SQS's 5-minute window is dropped; a later one finds the portal up to date).
 */
export class PortalSyncPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(event: DossierEvent): Promise<void> {
    const message = portalSyncMessageOf(event);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.dossierId,
        MessageDeduplicationId: eventIdOf(message),
        MessageAttributes: { schema: { DataType: 'String', StringValue: PORTAL_SYNC_MESSAGE_SCHEMA } },
      }),
    );
  }
}

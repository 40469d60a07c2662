import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { HANDOFF_MESSAGE_SCHEMA, type HandoffMessageV1 } from './handoff-message';
import { agencyQueueName } from './names';

/**
 * Puts handoff messages on the receiving agency's FIFO queue. The group is the dossier (its
 * handovers stay in order; other dossiers flow past), the deduplication id is the handoff id (a
 * relay retry within SQS's 5-minute window is dropped by SQS; later ones by the consumer).
 */
export class HandoffPublisher {
  private readonly queueUrls = new Map<string, Promise<string>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueNamePrefix: string,
  ) {}

  async publish(message: HandoffMessageV1): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.queueUrl(message.toAgency),
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.dossierId,
        MessageDeduplicationId: message.handoffId,
        MessageAttributes: { schema: { DataType: 'String', StringValue: HANDOFF_MESSAGE_SCHEMA } },
      }),
    );
  }

  /** Queue URLs come from SQS itself (never built by hand), looked up once per agency. */
  private queueUrl(agencyCode: string): Promise<string> {
    let url = this.queueUrls.get(agencyCode);
    if (!url) {
      url = this.sqs.send(new GetQueueUrlCommand({ QueueName: agencyQueueName(this.queueNamePrefix, agencyCode) })).then((output) => {
        if (!output.QueueUrl) throw new AgencyQueueNotFoundError(agencyCode);
        return output.QueueUrl;
      });
      // A failed lookup is not cached: the next record retries it.
      url.catch(() => this.queueUrls.delete(agencyCode));
      this.queueUrls.set(agencyCode, url);
    }
    return url;
  }
}

/** SQS answered a queue lookup without a URL: the relay fails the record, to be retried. */
export class AgencyQueueNotFoundError extends Error {
  readonly code = 'AGENCY_QUEUE_NOT_FOUND';
  constructor(readonly agencyCode: string) {
    super(`No queue for agency ${agencyCode}`);
    this.name = 'AgencyQueueNotFoundError';
  }
}

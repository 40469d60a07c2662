import { GetQueueUrlCommand, SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { HANDOFF_MESSAGE_SCHEMA, type HandoffMessageV1 } from './handoff-message';
import { agencyQueueName } from './names';

/** SQS takes at most ten entries a SendMessageBatch. */
export const MAX_BATCH_ENTRIES = 10;

interface Waiting {
  message: HandoffMessageV1;
  sent: () => void;
  failed: (error: unknown) => void;
}

/**
 * Puts handoff messages on the receiving agency's FIFO queue. The group is the dossier (its
 * handovers stay in order; other dossiers flow past), the deduplication id is the handoff id (a
 * relay retry within SQS's 5-minute window is dropped by SQS; later ones by the consumer).
 *
 * Messages published in the same turn of the event loop (the relay publishes the dossiers of a
 * batch side by side) go out together: one SendMessageBatch per queue and ten messages, not one
 * SendMessage each. Each `publish` still settles on its own message's outcome, so a message SQS
 * refused fails its record alone. A dossier never has two messages in one batch: the relay
 * publishes a dossier's next message only once its previous one settled.
 */
export class HandoffPublisher {
  private readonly queueUrls = new Map<string, Promise<string>>();
  private waiting: Waiting[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueNamePrefix: string,
  ) {}

  publish(message: HandoffMessageV1): Promise<void> {
    return new Promise<void>((sent, failed) => {
      this.waiting.push({ message, sent, failed });
      // After the microtasks of this turn: the other dossiers' publishes of the batch join this one.
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const taken = this.waiting;
    this.waiting = [];
    const byAgency = new Map<string, Waiting[]>();
    for (const waiting of taken) {
      const list = byAgency.get(waiting.message.toAgency) ?? [];
      list.push(waiting);
      byAgency.set(waiting.message.toAgency, list);
    }
    const batches: Promise<void>[] = [];
    for (const [agencyCode, list] of byAgency) {
      for (let start = 0; start < list.length; start += MAX_BATCH_ENTRIES) {
        batches.push(this.sendBatch(agencyCode, list.slice(start, start + MAX_BATCH_ENTRIES)));
      }
    }
    await Promise.all(batches);
  }

  /** Settles every message of the batch: sent when SQS lists it as successful, failed otherwise. */
  private async sendBatch(agencyCode: string, batch: readonly Waiting[]): Promise<void> {
    try {
      const { Successful = [], Failed = [] } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: await this.queueUrl(agencyCode),
          Entries: batch.map(({ message }, index) => entryOf(message, String(index))),
        }),
      );
      const succeeded = new Set(Successful.map((entry) => entry.Id));
      const refused = new Map(Failed.map((entry) => [entry.Id, entry]));
      for (const [index, { message, sent, failed }] of batch.entries()) {
        if (succeeded.has(String(index))) sent();
        else {
          const entry = refused.get(String(index));
          failed(new HandoffNotQueuedError(message.handoffId, entry?.Code ?? 'NOT_ACKNOWLEDGED', entry?.Message));
        }
      }
    } catch (error) {
      for (const { failed } of batch) failed(error);
    }
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

function entryOf(message: HandoffMessageV1, id: string): SendMessageBatchRequestEntry {
  return {
    Id: id,
    MessageBody: JSON.stringify(message),
    MessageGroupId: message.dossierId,
    MessageDeduplicationId: message.handoffId,
    MessageAttributes: { schema: { DataType: 'String', StringValue: HANDOFF_MESSAGE_SCHEMA } },
  };
}

/** SQS answered a queue lookup without a URL: the relay fails the record, to be retried. */
export class AgencyQueueNotFoundError extends Error {
  readonly code = 'AGENCY_QUEUE_NOT_FOUND';
  constructor(readonly agencyCode: string) {
    super(`No queue for agency ${agencyCode}`);
    this.name = 'AgencyQueueNotFoundError';
  }
}

/** SQS refused one message of a batch (or did not list it as sent): the relay fails its record, to be retried. */
export class HandoffNotQueuedError extends Error {
  readonly code = 'HANDOFF_NOT_QUEUED';
  constructor(
    readonly handoffId: string,
    readonly sqsCode: string,
    detail?: string,
  ) {
    super(`SQS did not queue handoff ${handoffId}: ${sqsCode}${detail ? ` (${detail})` : ''}`);
    this.name = 'HandoffNotQueuedError';
  }
}

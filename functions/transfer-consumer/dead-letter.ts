import { GetQueueUrlCommand, type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { withoutSdkLogger } from '#aws/sdk-logger';
import { agencyDeadLetterQueueName, agencyOfQueueArn } from '#queue/names';

/** The message attribute a dead-letter copy carries: the failure's code (INVALID_MESSAGE, DOSSIER_NOT_FOUND, UNEXPECTED, …). */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'deadLetterReason';

/**
 * Failures no later delivery can fix: a message off the contract, or about a dossier or handoff
 * the table does not have. Retrying them only delays the dead-letter queue by five receives and
 * holds up the dossier's group meanwhile.
 */
export const PERMANENT_FAILURES: ReadonlySet<string> = new Set(['INVALID_MESSAGE', 'DOSSIER_NOT_FOUND']);

/**
 * Sends a failed message to its agency's dead-letter queue with the reason as a message
 * attribute; the consumer then acknowledges the original (the batch processor deletes it). The
 * queue's own redrive policy stays as the backstop for a consumer that crashes.
 */
export class DeadLetterSender {
  private sqs: SQSClient | undefined;
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly queueNamePrefix: string) {}

  async send(record: SQSRecord, reason: string, fallbackAgency?: string): Promise<void> {
    const agencyCode = agencyOfQueueArn(record.eventSourceARN, this.queueNamePrefix) ?? fallbackAgency;
    if (!agencyCode) throw new Error(`No agency for queue ${record.eventSourceARN}`);
    const sqs = this.client();
    const queueName = agencyDeadLetterQueueName(this.queueNamePrefix, agencyCode);
    let url = this.urls.get(queueName);
    if (!url) {
      url = sqs.send(new GetQueueUrlCommand({ QueueName: queueName })).then(({ QueueUrl }) => QueueUrl ?? '');
      url.catch(() => this.urls.delete(queueName));
      this.urls.set(queueName, url);
    }
    const groupId = record.attributes?.MessageGroupId;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await url,
        MessageBody: record.body,
        ...(groupId ? { MessageGroupId: groupId, MessageDeduplicationId: `dead-letter-${record.messageId}` } : {}),
        MessageAttributes: { ...attributesOf(record), [DEAD_LETTER_REASON_ATTRIBUTE]: { DataType: 'String', StringValue: reason } },
      }),
    );
  }

  private client(): SQSClient {
    this.sqs ??= withoutSdkLogger(new SQSClient({}));
    return this.sqs;
  }
}

/** The record's own string and number attributes (a redrive count, say), as SendMessage takes them. */
function attributesOf(record: SQSRecord): Record<string, MessageAttributeValue> {
  const copied: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (name === DEAD_LETTER_REASON_ATTRIBUTE || value.stringValue === undefined) continue;
    copied[name] = { DataType: value.dataType, StringValue: value.stringValue };
  }
  return copied;
}

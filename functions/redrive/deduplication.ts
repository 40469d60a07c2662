import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { REDRIVE_COUNT_ATTRIBUTE } from '#failures/redrive-attributes';

const MAX_DEDUPLICATION_ID_LENGTH = 128;
const REDRIVE_SUFFIX = /:redrive:\d+$/;

/** How many times the message came back from the DLQ before (0 for one the relay sent). */
export function redriveCountOf(message: Pick<Message, 'MessageAttributes'>): number {
  const count = Number(message.MessageAttributes?.[REDRIVE_COUNT_ATTRIBUTE]?.StringValue);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/**
 * `<handoff id>:redrive:<n>`: new for each redrive (the original id would be dropped by SQS as a
 * repeat within 5 minutes), yet the same if one redrive is retried after a crash between its send
 * and its delete, so SQS drops that copy.
 */
export function redriveDeduplicationId(message: Pick<Message, 'Attributes' | 'MessageId'>, redriveCount: number): string {
  const original = (message.Attributes?.MessageDeduplicationId ?? message.MessageId ?? 'message').replace(REDRIVE_SUFFIX, '');
  const id = `${original}:redrive:${redriveCount}`;
  if (id.length <= MAX_DEDUPLICATION_ID_LENGTH) return id;
  return `${createHash('sha256').update(original).digest('hex')}:redrive:${redriveCount}`;
}

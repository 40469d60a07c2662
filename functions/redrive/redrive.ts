import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DomainError } from '#domain/errors';
import { PORTAL_FAILURE_AGENCY } from '#failures/failure-record';
import { REDRIVE_COUNT_ATTRIBUTE } from '#failures/redrive-attributes';
import { failureSubjectOf } from '#failures/subject';
import { agencyDeadLetterQueueName, agencyQueueName, portalSyncDeadLetterQueueName, portalSyncQueueName } from '#queue/names';
import { redriveCountOf, redriveDeduplicationId } from './deduplication';

/** Notes on a failure record that an operator moved its message back; false when there was no record. */
export interface RedriveMarks {
  markRedriven(agencyCode: string, key: string, at: Date, redriveCount: number): Promise<boolean>;
}

export interface RedriveOptions {
  agencyCode: string;
  queueNamePrefix: string;
  /** Messages to move at most. */
  max: number;
  /** When given, each moved handoff's failure record is marked redriven (the failures service). */
  failures?: RedriveMarks;
  /** Stop moving (and say so) after this time, e.g. before a Lambda's timeout. Epoch ms. */
  deadline?: number;
  now?: () => Date;
  /** Long-poll wait of each DLQ receive (default 1 s: enough for SQS to look on all its hosts). */
  receiveWaitSeconds?: number;
  /** How long a received DLQ message stays hidden from another redrive while this one moves it (default 60 s). */
  receiveVisibilitySeconds?: number;
  /** Told of a failure record that could not be updated; the message was moved regardless. */
  onWarning?: (what: string, error: unknown) => void;
}

export interface RedriveResult {
  agencyCode: string;
  moved: number;
  /** The handoffs moved, where the message could be read (a poison message has none). */
  handoffIds: string[];
  /** Messages still in the dead-letter queue afterwards (SQS's approximate count). */
  remaining: number | null;
  /** Why the redrive stopped before the DLQ was empty or `max` was reached: an error name or DEADLINE. */
  interruptedBy: string | null;
}

/**
 * Moves messages from an agency's dead-letter queue back onto its FIFO queue, one at a time and
 * in the DLQ's order: receive, send a copy (same group, so the dossier's order holds; a new
 * deduplication id, or SQS would drop it as a repeat of the original), then delete the original.
 * A crash between send and delete leaves the original to be moved again: with the same
 * deduplication id (SQS drops it within 5 minutes), and after that the consumer applies each
 * handoff once whatever the number of copies. SQS's own message-move task would not do: it sends
 * FIFO messages back without their deduplication ids and the emulator lacks it.
 */
export async function redriveDeadLetters(sqs: SQSClient, options: RedriveOptions): Promise<RedriveResult> {
  const { agencyCode, queueNamePrefix } = options;
  // The national portal's sync queue is listed and redriven like an agency's, under its own name.
  const portal = agencyCode === PORTAL_FAILURE_AGENCY;
  const [dlqUrl, queueUrl] = await Promise.all([
    queueUrlOf(sqs, (portal ? portalSyncDeadLetterQueueName : agencyDeadLetterQueueName)(queueNamePrefix, agencyCode), agencyCode),
    queueUrlOf(sqs, (portal ? portalSyncQueueName : agencyQueueName)(queueNamePrefix, agencyCode), agencyCode),
  ]);
  const result: RedriveResult = { agencyCode, moved: 0, handoffIds: [], remaining: null, interruptedBy: null };
  // A message that cannot succeed is dead-lettered again at once by the consumer: one run moves
  // each subject once, or it would chase its own copies until `max`.
  const movedThisRun = new Set<string>();
  try {
    let cycled = false;
    while (result.moved < options.max && !cycled) {
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        result.interruptedBy = 'DEADLINE';
        break;
      }
      const messages = await receive(sqs, dlqUrl, Math.min(10, options.max - result.moved), options);
      if (messages.length === 0) break;
      for (const message of messages) {
        const key = failureSubjectOf(message.Body ?? '').key;
        if (movedThisRun.has(key)) {
          cycled = true;
          await sqs.send(
            new ChangeMessageVisibilityCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }),
          );
          continue;
        }
        movedThisRun.add(key);
        await moveOne(sqs, message, dlqUrl, queueUrl, options, result);
      }
    }
  } catch (error) {
    // What was moved stays moved; the message in hand reappears in the DLQ for the next run.
    result.interruptedBy = error instanceof Error ? error.name : 'Error';
  }
  result.remaining = await approximateDepth(sqs, dlqUrl).catch(() => null);
  return result;
}

async function moveOne(
  sqs: SQSClient,
  message: Message,
  dlqUrl: string,
  queueUrl: string,
  options: RedriveOptions,
  result: RedriveResult,
): Promise<void> {
  const body = message.Body ?? '';
  const redriveCount = redriveCountOf(message) + 1;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageGroupId: message.Attributes?.MessageGroupId,
      MessageDeduplicationId: redriveDeduplicationId(message, redriveCount),
      MessageAttributes: {
        ...message.MessageAttributes,
        [REDRIVE_COUNT_ATTRIBUTE]: { DataType: 'Number', StringValue: String(redriveCount) },
      },
    }),
  );
  await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
  result.moved += 1;
  const subject = failureSubjectOf(body);
  if (subject.message) result.handoffIds.push(subject.message.handoffId);
  await options.failures
    ?.markRedriven(options.agencyCode, subject.key, options.now?.() ?? new Date(), redriveCount)
    .catch((error: unknown) => options.onWarning?.('failure record not marked redriven', error));
}

async function receive(sqs: SQSClient, dlqUrl: string, max: number, options: RedriveOptions): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: dlqUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: options.receiveWaitSeconds ?? 1,
      VisibilityTimeout: options.receiveVisibilitySeconds ?? 60,
      MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
}

async function queueUrlOf(sqs: SQSClient, queueName: string, agencyCode: string): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (QueueUrl) return QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
  }
  throw new DomainError('AGENCY_NOT_FOUND', `No queue ${queueName} for agency ${agencyCode}`, { agencyCode });
}

async function approximateDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

import type { SQSRecord } from 'aws-lambda';
import { isDomainError } from '#domain/errors';
import type { HandoffMessageV1 } from '#queue/handoff-message';
import { agencyOfQueueArn } from '#queue/names';
import type { FailureLog } from './failure-record';
import { REDRIVE_COUNT_ATTRIBUTE } from './redrive-attributes';
import { failureSubjectOf } from './subject';

/** SQS's and the stack's setting (infra/agency-queues.ts MAX_RECEIVE_COUNT, local/provision.ts). */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

const MAX_MESSAGE_LENGTH = 500;

export interface FailureRecorderOptions {
  queueNamePrefix: string;
  now?: () => Date;
  /** Told when the record itself could not be written; the message's failure stands regardless. */
  onWriteFailed: (what: string, error: unknown) => void;
}

/**
 * Keeps the table's view of failing handoffs for officers and operators: a record when the
 * consumer fails a message, gone when a later copy gets through. Neither ever throws: a record
 * that could not be written must not change what happens to the message itself.
 */
export class FailureRecorder {
  private readonly now: () => Date;

  constructor(
    private readonly failures: FailureLog,
    private readonly options: FailureRecorderOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** `deadLettered`: the consumer put a copy in the dead-letter queue (and acknowledged the message). */
  async failed(
    record: SQSRecord,
    error: unknown,
    message: HandoffMessageV1 | undefined,
    outcome: { deadLettered: boolean },
  ): Promise<void> {
    const subject = failureSubjectOf(record.body, message);
    const agencyCode = agencyOfQueueArn(record.eventSourceARN, this.options.queueNamePrefix) ?? subject.message?.toAgency;
    if (!agencyCode) {
      this.options.onWriteFailed('failure not recorded: the queue names no agency', new Error(record.eventSourceARN));
      return;
    }
    const receiveCount = receiveCountOf(record);
    try {
      await this.failures.record({
        agencyCode,
        key: subject.key,
        handoffId: subject.message?.handoffId,
        dossierId: subject.message?.dossierId,
        kind: subject.message?.kind,
        reason: isDomainError(error) ? error.code : 'UNEXPECTED',
        errorName: error instanceof Error ? error.name : typeof error,
        message: (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE_LENGTH),
        messageId: record.messageId,
        receiveCount,
        // True only once a copy is in the dead-letter queue, never in anticipation of it.
        deadLettered: outcome.deadLettered,
        at: this.now(),
      });
    } catch (writeError) {
      this.options.onWriteFailed('failure not recorded', writeError);
    }
  }

  /**
   * A delivered (or already delivered) handoff fails no more. Only a message seen before, or
   * redriven from the DLQ, can have a record, so the first delivery of a healthy message (nearly
   * all of them) costs no extra write.
   */
  async succeeded(record: SQSRecord, message: HandoffMessageV1): Promise<void> {
    const redriven = record.messageAttributes?.[REDRIVE_COUNT_ATTRIBUTE] !== undefined;
    if (receiveCountOf(record) <= 1 && !redriven) return;
    const agencyCode = agencyOfQueueArn(record.eventSourceARN, this.options.queueNamePrefix) ?? message.toAgency;
    try {
      await this.failures.clear(agencyCode, failureSubjectOf(record.body, message).key);
    } catch (writeError) {
      this.options.onWriteFailed('failure record not cleared', writeError);
    }
  }
}

export function receiveCountOf(record: SQSRecord): number {
  const count = Number(record.attributes?.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DomainError, type ErrorCode } from '#domain/errors';

/**
 * The store's own failures, as named classes with stable codes. AWS's exceptions never leave the
 * store: each is translated into one of these or a DomainError, with the original kept as `cause`.
 */

/** Another acceptance at the same agency took the day's next number first: read again and retry. */
export class SequenceTaken extends Error {
  readonly code = 'SEQUENCE_TAKEN';
  constructor(
    readonly agencyCode: string,
    options?: { cause?: unknown },
  ) {
    super(`The next dossier number of ${agencyCode} was taken by another acceptance`, options);
    this.name = 'SequenceTaken';
  }
}

/** A domain error that came from an AWS one, which stays reachable as `cause`. */
export function translated(code: ErrorCode, message: string, details: Record<string, unknown>, cause: unknown): DomainError {
  return new DomainError(code, message, details, { cause });
}

export const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Which item of a cancelled transaction failed its condition (-1 when none did). */
export function failedConditionIndex(error: unknown): number {
  if (!(error instanceof TransactionCanceledException)) return -1;
  return (error.CancellationReasons ?? []).findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
}

export function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}

/** The function was deployed without a setting it needs (an environment variable, a secret). */
export class ConfigurationError extends Error {
  readonly code = 'CONFIGURATION';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** DynamoDB kept leaving keys of a BatchGetItem unprocessed (throttled) after every retry. */
export class BatchReadIncomplete extends Error {
  readonly code = 'BATCH_READ_INCOMPLETE';
  constructor(readonly count: number) {
    super(`BatchGetItem left ${count} keys unprocessed`);
    this.name = 'BatchReadIncomplete';
  }
}

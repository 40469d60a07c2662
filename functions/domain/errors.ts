/**
 * Named, coded domain errors. The code is stable (front ends and agencies' systems branch on it);
 * the message is for people. The GraphQL edge maps `code` to `extensions.code`, queue consumers
 * log it as the failure reason. Nothing here knows about GraphQL or AWS.
 */
export const ERROR_CODES = {
  BAD_INPUT: 'Input failed validation',
  UNAUTHENTICATED: 'No valid officer identity on the request',
  FORBIDDEN: 'The caller may not do this',
  PROCEDURE_NOT_FOUND: 'No such procedure in the catalog',
  AGENCY_NOT_FOUND: 'No such agency in this province',
  DOSSIER_NOT_FOUND: 'No such dossier',
  MISSING_DOCUMENTS: 'Required documents were not handed in',
  UNKNOWN_DOCUMENTS: 'Documents outside the procedure list were handed in',
  ILLEGAL_ACTION: 'The action is not allowed in the dossier’s current state',
  NOT_HOLDER: 'The caller’s agency does not hold the dossier',
  ROUTE_VIOLATION: 'The target agency is not the next one on the procedure’s route',
  NEW_COMPLETION_ITEMS: 'The one-time guidance (Form 02) was given: a later request may only repeat what the first asked for',
  DECISION_ALREADY_ISSUED: 'A decision was issued: the dossier can no longer be stopped or withdrawn',
  APOLOGY_NOT_ALLOWED: 'An apology (Form 04) is allowed once, until one working day before the due date',
  TOO_MANY_ATTEMPTS: 'Too many wrong attempts; wait before trying again',
  STALE_VERSION: 'The dossier changed since it was read',
  SEQUENCE_EXHAUSTED: 'The agency has used all dossier numbers for the day',
  CONFLICT: 'Another change won the race; read again and retry',
  INVALID_MESSAGE: 'A queue message does not follow the handoff contract',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

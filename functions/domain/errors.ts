/**
 * Named, coded domain errors. The code is stable (front ends and agencies' systems branch on it);
 * the message is for people. The GraphQL edge maps `code` to `extensions.code`, queue consumers
 * log it as the failure reason. Nothing here knows about GraphQL or AWS.
 *
 * Each code has its named class (`new BadInputError(message, { field })`); `DomainError` is their
 * common base, what the edges test for. An error translated from another keeps it as `cause`.
 */
export const ERROR_CODES = {
  BAD_INPUT: 'Input failed validation',
  UNAUTHENTICATED: 'No valid officer identity on the request',
  FORBIDDEN: 'The caller may not do this',
  PROCEDURE_NOT_FOUND: 'No such procedure in the catalog',
  AGENCY_NOT_FOUND: 'No such agency in this province',
  AGENCY_EXISTS: 'An agency with this code already exists',
  AGENCY_CLOSED: 'The agency is closed: no new dossiers, handoffs or opinion requests go to it',
  AGENCY_NOT_YET_OPEN: 'The agency is not in service yet',
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
  REQUEST_BUDGET_EXCEEDED: 'The request needs more storage reads than an anonymous request may make; ask for less at once',
  STALE_VERSION: 'The dossier changed since it was read',
  SEQUENCE_EXHAUSTED: 'The agency has used all dossier numbers for the day',
  CONFLICT: 'Another change won the race; read again and retry',
  INVALID_MESSAGE: 'A queue message does not follow the handoff contract',
  INVALID_DAY_OFF_SCHEDULE: 'The day-off schedule does not meet the Labour Code (art. 111–112)',
  INVALID_FILING: 'A dossier filed on the national portal does not follow the intake contract',
  UNKNOWN_COMPONENT: 'The procedure has no such dossier component',
  FILE_TOO_LARGE: 'The file is larger than the procedure allows for this component',
  FILE_TYPE_NOT_ALLOWED: 'The file’s type (read from its bytes) is not one the procedure allows for this component',
  CHECKSUM_MISMATCH: 'The uploaded file is not the one declared (SHA-256 or size differ)',
  UPLOAD_NOT_FOUND: 'No such upload for this dossier, or it expired or was attached already',
  DOCUMENT_NOT_FOUND: 'No such document on this dossier',
  REUSE_NOT_ALLOWED: 'Only an electronic result issued to the same applicant can be reused',
  MALWARE_FOUND: 'The malware scan found a threat in the file: it was removed',
  SCAN_PENDING: 'The file’s malware scan has not finished: attach it again in a moment',
  RATING_NOT_OPEN: 'The service can be rated once the result has been returned',
  ALREADY_RATED: 'This dossier has been rated already: a dossier is rated once',
  FEEDBACK_NOT_FOUND: 'No such feedback (PAKN) item',
  FEEDBACK_STEP_NOT_ALLOWED: 'The feedback (PAKN) item is not at a step where this can be done',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly details: ErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = errorNameOf(code);
  }
}

/**
 * `BAD_INPUT` → `BadInputError`: the name follows the code, however the error was built, and
 * survives minified bundles (which rename classes).
 */
const errorNameOf = (code: ErrorCode): string =>
  `${code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Error`;

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** The base of one code's named class: the code is fixed, message, details and cause are the call's. */
function coded<C extends ErrorCode>(code: C) {
  return class extends DomainError {
    declare readonly code: C;
    constructor(message: string = ERROR_CODES[code], details: ErrorDetails = {}, options?: ErrorOptions) {
      super(code, message, details, options);
    }
  };
}

export class BadInputError extends coded('BAD_INPUT') {}
export class UnauthenticatedError extends coded('UNAUTHENTICATED') {}
export class ForbiddenError extends coded('FORBIDDEN') {}
export class ProcedureNotFoundError extends coded('PROCEDURE_NOT_FOUND') {}
export class AgencyNotFoundError extends coded('AGENCY_NOT_FOUND') {}
export class AgencyExistsError extends coded('AGENCY_EXISTS') {}
export class AgencyClosedError extends coded('AGENCY_CLOSED') {}
export class AgencyNotYetOpenError extends coded('AGENCY_NOT_YET_OPEN') {}
export class DossierNotFoundError extends coded('DOSSIER_NOT_FOUND') {}
export class MissingDocumentsError extends coded('MISSING_DOCUMENTS') {}
export class UnknownDocumentsError extends coded('UNKNOWN_DOCUMENTS') {}
export class IllegalActionError extends coded('ILLEGAL_ACTION') {}
export class NotHolderError extends coded('NOT_HOLDER') {}
export class RouteViolationError extends coded('ROUTE_VIOLATION') {}
export class ApologyNotAllowedError extends coded('APOLOGY_NOT_ALLOWED') {}
export class TooManyAttemptsError extends coded('TOO_MANY_ATTEMPTS') {}
export class RequestBudgetExceededError extends coded('REQUEST_BUDGET_EXCEEDED') {}
export class StaleVersionError extends coded('STALE_VERSION') {}
export class SequenceExhaustedError extends coded('SEQUENCE_EXHAUSTED') {}
export class ConflictError extends coded('CONFLICT') {}
export class InvalidMessageError extends coded('INVALID_MESSAGE') {}
export class NewCompletionItemsError extends coded('NEW_COMPLETION_ITEMS') {}
export class DecisionAlreadyIssuedError extends coded('DECISION_ALREADY_ISSUED') {}
export class InvalidDayOffScheduleError extends coded('INVALID_DAY_OFF_SCHEDULE') {}
export class InvalidFilingError extends coded('INVALID_FILING') {}
export class UnknownComponentError extends coded('UNKNOWN_COMPONENT') {}
export class FileTooLargeError extends coded('FILE_TOO_LARGE') {}
export class FileTypeNotAllowedError extends coded('FILE_TYPE_NOT_ALLOWED') {}
export class ChecksumMismatchError extends coded('CHECKSUM_MISMATCH') {}
export class UploadNotFoundError extends coded('UPLOAD_NOT_FOUND') {}
export class DocumentNotFoundError extends coded('DOCUMENT_NOT_FOUND') {}
export class ReuseNotAllowedError extends coded('REUSE_NOT_ALLOWED') {}
export class MalwareFoundError extends coded('MALWARE_FOUND') {}
export class ScanPendingError extends coded('SCAN_PENDING') {}
export class RatingNotOpenError extends coded('RATING_NOT_OPEN') {}
export class AlreadyRatedError extends coded('ALREADY_RATED') {}
export class FeedbackNotFoundError extends coded('FEEDBACK_NOT_FOUND') {}
export class FeedbackStepNotAllowedError extends coded('FEEDBACK_STEP_NOT_ALLOWED') {}

/** Input that names its offending field, so a front end can point at it. */
export const badInput = (field: string, message: string, details: ErrorDetails = {}, options?: ErrorOptions): BadInputError =>
  new BadInputError(message, { field, ...details }, options);

/**
 * A history that cannot have been written by this code (an event before SUBMITTED, a SUBMITTED
 * without its dossier). Not a DomainError: nobody's input caused it, so the edge answers it as an
 * internal error and logs it in full.
 */
export class CorruptHistoryError extends Error {
  readonly code = 'CORRUPT_HISTORY';
  constructor(
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'CorruptHistoryError';
  }
}

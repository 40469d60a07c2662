import { DomainError, ERROR_CODES, type ErrorCode } from '#domain/errors';
import { PORTAL_FAILURE_AGENCY } from '#failures/failure-record';
import type { RedriveResult } from './redrive';

/**
 * The contract between the GraphQL function and the admin-only redrive function (handler.ts):
 * the JSON payload of a synchronous Lambda invocation and of its answer. Plain data both ways;
 * a domain error (an unknown agency's queue, bad input) travels as `{ error }` and is thrown again
 * on the caller's side with its code, so the operator sees the same error as before the split.
 */
export interface RedriveInvocation {
  agencyCode: string;
  max: number;
  /** Epoch ms: stop moving and say so (the caller's own deadline, before its timeout). */
  deadline?: number;
}

export type RedriveAnswer = { result: RedriveResult } | { error: { code: string; message: string; details?: Record<string, unknown> } };

/** The largest redrive one invocation does (the GraphQL mutation's own limit). */
export const MAX_REDRIVE = 500;
/** Agency codes are at most `06.063.01840` long; anything longer is not an agency. */
const AGENCY_CODE = /^\d{2}(\.\d{3}(\.\d{5})?)?$/;

/** Checks an invocation payload: the admin function is invoked by IAM principals only, but trusts no shape. */
export function parseRedriveInvocation(payload: unknown): RedriveInvocation {
  const bad = (field: string, message: string) => new DomainError('BAD_INPUT', message, { field });
  if (typeof payload !== 'object' || payload === null) throw bad('payload', 'The redrive payload must be an object');
  const { agencyCode, max, deadline } = payload as Record<string, unknown>;
  // DVCQG: the national portal's sync queue, listed and redriven like an agency's (issue 10).
  if (typeof agencyCode !== 'string' || !(AGENCY_CODE.test(agencyCode) || agencyCode === PORTAL_FAILURE_AGENCY)) {
    throw bad('agencyCode', `agencyCode must be an agency code or ${PORTAL_FAILURE_AGENCY}`);
  }
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_REDRIVE) {
    throw bad('max', `max must be from 1 to ${MAX_REDRIVE}`);
  }
  if (deadline !== undefined && (typeof deadline !== 'number' || !Number.isFinite(deadline)))
    throw bad('deadline', 'deadline must be epoch ms');
  return { agencyCode, max, ...(deadline !== undefined ? { deadline } : {}) };
}

/** The caller's side: the result, or the domain error the admin function answered with. */
export function resultOfAnswer(answer: RedriveAnswer): RedriveResult {
  if ('result' in answer) return answer.result;
  const { code, message, details } = answer.error;
  if (code in ERROR_CODES) throw new DomainError(code as ErrorCode, message, details ?? {});
  throw new RedriveInvocationError(`The redrive function failed: ${code}: ${message}`);
}

/** The admin function could not be invoked, or failed with something other than a domain error. */
export class RedriveInvocationError extends Error {
  readonly code = 'REDRIVE_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedriveInvocationError';
  }
}

import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLFormattedError } from 'graphql';
import { isDomainError } from '#domain/errors';
import { EDGE_ERROR_CODES, EDGE_ERROR_NAME, type EdgeErrorCode, isEdgeErrorCode } from './hardening/codes';

/** Codes Apollo itself produces for requests it rejects before any resolver runs. */
export const APOLLO_CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The edge between errors and clients:
 * - a DomainError becomes `extensions.code` plus its details;
 * - a request the hardened edge refused (limits, introspection, persisted-only) keeps its own code
 *   (./hardening/codes.ts), also when Apollo wrapped it as a validation error;
 * - a client mistake keeps Apollo's code; outside local development without stack trace or
 *   "Did you mean …?" suggestions (they would spell out the schema introspection hides); a
 *   codeless refusal of the request itself (Apollo's or graphql-js's) is BAD_REQUEST;
 * - anything else is logged in full and answered as INTERNAL_SERVER_ERROR with no message, stack
 *   or AWS detail.
 */
export function createErrorFormatter(logger: Logger, exposeInternals: boolean) {
  const message = (text: string) => (exposeInternals ? text : withoutSuggestions(text));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDomainError(original)) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, ...original.details },
      };
    }
    const { stacktrace: _stack, validationErrorCode, ...extensions } = formatted.extensions ?? {};
    const code = edgeCodeOf(error) ?? (isEdgeErrorCode(validationErrorCode) ? validationErrorCode : extensions.code);
    if (isEdgeErrorCode(code)) {
      return {
        // Apollo's own wording names the server and how to configure it; ours says what happened.
        message: code === 'INTROSPECTION_DISABLED' ? EDGE_ERROR_CODES.INTROSPECTION_DISABLED.meaning : message(formatted.message),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { ...extensions, code },
      };
    }
    if (typeof code === 'string' && APOLLO_CLIENT_ERROR_CODES.has(code)) {
      return { ...formatted, message: message(formatted.message), extensions: exposeInternals ? (formatted.extensions ?? {}) : extensions };
    }
    if (isCodelessRequestError(error)) {
      return {
        message: message(formatted.message),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: 'BAD_REQUEST' },
      };
    }
    logger.error('Unexpected error in a GraphQL request', { error: original as Error });
    return {
      message: exposeInternals && original instanceof Error ? original.message : 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * The code of an EdgeError thrown as is, or reported by a validation rule (Apollo wraps those and
 * keeps ours as the original error). Matched by name, not instanceof: graphql-js may be loaded
 * twice (ESM for Apollo, CommonJS for GraphQL Armor), and errors cross both.
 */
function edgeCodeOf(error: unknown): EdgeErrorCode | undefined {
  let current: unknown = error;
  for (let hops = 0; hops < 3 && current instanceof Error; hops += 1) {
    const code = (current as { extensions?: { code?: unknown } }).extensions?.code;
    if (current.name === EDGE_ERROR_NAME && isEdgeErrorCode(code)) return code;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * A refusal of the request itself that came without a code: a GraphQLError with no path (no
 * resolver raised it) and no original error (nothing was thrown underneath). Apollo's "provided
 * sha does not match query" and "Unsupported persisted query version", and graphql-js's request
 * errors such as "Schema is not configured to execute subscription operation."
 */
function isCodelessRequestError(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'GraphQLError') return false;
  const { originalError, path, extensions } = error as { originalError?: unknown; path?: unknown; extensions?: { code?: unknown } };
  return originalError === undefined && path === undefined && extensions?.code === undefined;
}

/** graphql-js's " Did you mean …?" endings (fields, arguments, types, enum values, inline fragments). */
export const withoutSuggestions = (text: string): string => text.replace(/ ?Did you mean [^?]*\?/g, '');

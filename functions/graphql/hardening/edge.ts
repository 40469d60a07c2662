import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type DocumentNode, Kind, Lexer, parse, type SelectionSetNode, Source, TokenKind } from 'graphql';
import { type PersistedMode, type PersistedOperations, sha256Hex } from '../persisted';
import { EDGE_ERROR_CODES, type EdgeErrorCode } from './codes';
import type { Limits } from './limits';

export interface EdgeOptions {
  limits: Limits;
  operations: PersistedOperations;
  persistedMode: PersistedMode;
  /**
   * On the public surface: the officers' root fields it does not serve. A document asking for one
   * is refused with UNAUTHENTICATED (401) before Apollo sees it, as the officers' route refuses a
   * request without a token. (Names no schema has are Apollo's to refuse.)
   */
  officerOnlyRootFields?: ReadonlySet<string>;
}

type Result = APIGatewayProxyStructuredResultV2;
/** Lambda middleware (../lambda-adapter.ts): return a result to answer at once, or a function to see the result. */
export type EdgeMiddleware = (event: APIGatewayProxyEventV2) => Promise<Result | ((result: Result) => Promise<void>)>;

/**
 * The Lambda edge in front of Apollo, for HTTP API (payload 2.0) events:
 *
 * - refuses bodies over `maxBodyBytes` and query strings over `maxQueryStringBytes` (413), before
 *   anything parses them;
 * - refuses a JSON body that does not parse (400 BAD_REQUEST: the Lambda integration would
 *   otherwise answer with the parser's message as plain text);
 * - counts the document's tokens with graphql-js's lexer and refuses more than `maxTokens`
 *   (400 MAX_TOKENS_EXCEEDED) before Apollo parses it;
 * - accepts the GraphQL-over-HTTP `documentId` (`sha256:<hex>` or `<hex>`) as Apollo's APQ
 *   `extensions.persistedQuery`;
 * - in `required` mode refuses a document outside the manifest (400 PERSISTED_QUERY_REQUIRED);
 * - and checks every answer of 400 or more carries GraphQL errors with `extensions.code`,
 *   replacing anything else (the integration's plain-text 400s) with a typed error.
 */
export function edgeMiddleware(options: EdgeOptions): EdgeMiddleware {
  const screening: Screening = { ...options, rootFields: rootFieldsCache(options.limits.maxTokens) };
  return async (event) => screen(event, screening) ?? ensureTypedErrors;
}

interface Screening extends EdgeOptions {
  rootFields: (query: string) => readonly string[];
}

/**
 * The public edge's one parse: a document's root fields, kept for the last ROOT_FIELDS_KEPT
 * distinct documents. Apollo keeps its own parse of each document it has validated, so a document
 * sent again (what clients do) is parsed by neither.
 */
const ROOT_FIELDS_KEPT = 256;

function rootFieldsCache(maxTokens: number): (query: string) => readonly string[] {
  const kept = new Map<string, readonly string[]>();
  return (query) => {
    let found = kept.get(query);
    if (found) {
      kept.delete(query); // The most recently used last: the first key is the one to drop.
    } else {
      found = rootFieldsOf(query, maxTokens);
      if (kept.size >= ROOT_FIELDS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(query, found);
    return found;
  };
}

function screen(event: APIGatewayProxyEventV2, options: Screening): Result | undefined {
  const { limits } = options;
  const method = (event as Partial<APIGatewayProxyEventV2> | undefined)?.requestContext?.http?.method;
  if (typeof method !== 'string') return refuse('BAD_REQUEST', 'Not an HTTP API request');
  if (event.body !== undefined && event.body !== null && typeof event.body !== 'string') {
    return refuse('BAD_REQUEST', 'The body must be text');
  }
  const rawQuery = typeof event.rawQueryString === 'string' ? event.rawQueryString : '';
  if (rawQuery.length > limits.maxQueryStringBytes) {
    return refuse('REQUEST_TOO_LARGE', `The query string is over ${limits.maxQueryStringBytes} bytes`, {
      limit: limits.maxQueryStringBytes,
    });
  }
  const text = bodyText(event, limits.maxBodyBytes);
  if (text === TOO_LARGE) {
    return refuse('REQUEST_TOO_LARGE', `The request body is over ${limits.maxBodyBytes} bytes`, { limit: limits.maxBodyBytes });
  }

  if (method.toUpperCase() === 'GET') return screenGet(event, rawQuery, options);
  if (!text || !isJson(header(event, 'content-type'))) return undefined; // Apollo answers these (CSRF, missing body).
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse('BAD_REQUEST', 'The request body is not valid JSON');
  }
  // Arrays are batches: Apollo refuses them (allowBatchedHttpRequests is off). Other non-objects too.
  if (!isRecord(body)) return undefined;

  if ('documentId' in body) {
    if (typeof body.documentId !== 'string' || body.query !== undefined) {
      return refuse('BAD_REQUEST', 'documentId must be a string, and comes without query');
    }
    const { documentId, ...rest } = body;
    body = { ...rest, extensions: { ...(isRecord(rest.extensions) ? rest.extensions : {}), persistedQuery: apq(documentId) } };
    event.body = JSON.stringify(body);
    event.isBase64Encoded = false;
  }
  return screenDocument(body as Record<string, unknown>, options);
}

function screenGet(event: APIGatewayProxyEventV2, rawQuery: string, options: Screening): Result | undefined {
  const params = new URLSearchParams(rawQuery);
  const documentId = params.get('documentId');
  if (documentId !== null) {
    if (params.has('query')) return refuse('BAD_REQUEST', 'documentId comes without query');
    params.delete('documentId');
    params.set('extensions', JSON.stringify({ persistedQuery: apq(documentId) }));
    event.rawQueryString = params.toString();
  }
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions') ?? '') : undefined;
  } catch {
    return undefined; // Apollo answers: "The extensions search parameter contains invalid JSON."
  }
  return screenDocument({ query: params.get('query') ?? undefined, extensions }, options);
}

/** Tokens, then the allow-list: what can be decided about a document before parsing it. */
function screenDocument(request: Record<string, unknown>, options: Screening): Result | undefined {
  const query = typeof request.query === 'string' ? request.query : undefined;
  const hash = persistedHash(request.extensions);
  if (hash !== undefined && options.operations.has(hash)) return undefined; // Apollo checks a sent text against its hash.
  if (query === undefined) return undefined; // Apollo answers: unknown hash, or no document.
  const tokens = countTokens(query, options.limits.maxTokens);
  if (tokens > options.limits.maxTokens) {
    return refuse('MAX_TOKENS_EXCEEDED', `Token limit of ${options.limits.maxTokens} exceeded`, { limit: options.limits.maxTokens });
  }
  if (options.officerOnlyRootFields) {
    const asked = options.rootFields(query).filter((name) => options.officerOnlyRootFields?.has(name));
    if (asked.length > 0) {
      return refuseWith(
        401,
        'UNAUTHENTICATED',
        `${asked.join(', ')} needs an officer's token: send it to /graphql with "Authorization: Bearer <token>"`,
      );
    }
  }
  if (options.persistedMode === 'required' && !options.operations.has(sha256Hex(query))) {
    return refuse(
      'PERSISTED_QUERY_REQUIRED',
      'This API serves persisted operations only: send extensions.persistedQuery.sha256Hash (or documentId) of an operation in the manifest',
    );
  }
  return undefined;
}

/**
 * The root fields a document selects (fragments on the root type followed). A document that does
 * not parse has none: Apollo answers it.
 */
export function rootFieldsOf(query: string, maxTokens: number): string[] {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens, noLocation: true });
  } catch {
    return [];
  }
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        found.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet);
  return [...found];
}

/** Lexical tokens of a document, counting up to one past `max`; a lexing error ends the count (the parser reports it). */
export function countTokens(document: string, max: number): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  try {
    while (count <= max && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: Apollo's parser answers GRAPHQL_PARSE_FAILED.
  }
  return count;
}

const TOO_LARGE = Symbol('too large');

function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string | undefined | typeof TOO_LARGE {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (event.isBase64Encoded) {
    if (Math.floor((raw.length * 3) / 4) > maxBytes + 2) return TOO_LARGE;
    const bytes = Buffer.from(raw, 'base64');
    return bytes.length > maxBytes ? TOO_LARGE : bytes.toString('utf8');
  }
  // A UTF-16 unit is at least one UTF-8 byte: the cheap check first, the exact one below it.
  if (raw.length > maxBytes || Buffer.byteLength(raw, 'utf8') > maxBytes) return TOO_LARGE;
  return raw;
}

const apq = (documentId: string) => ({ version: 1, sha256Hash: documentId.replace(/^sha256:/, '') });

function persistedHash(extensions: unknown): string | undefined {
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return undefined;
  const hash = extensions.persistedQuery.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** A header as the integration's HeaderMap reads it: names in any case, the last one winning. */
function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) found = value;
  }
  return found;
}

const isJson = (contentType: string | undefined) => typeof contentType === 'string' && contentType.startsWith('application/json');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type RefusalCode = EdgeErrorCode | 'BAD_REQUEST';

function refuse(code: RefusalCode, message: string, details: Record<string, unknown> = {}): Result {
  const status = code === 'BAD_REQUEST' ? 400 : EDGE_ERROR_CODES[code].status;
  return refuseWith(status, code, message, details);
}

function refuseWith(status: number, code: string, message: string, details: Record<string, unknown> = {}): Result {
  return errorResult(status, { errors: [{ message, extensions: { ...details, code } }] });
}

function errorResult(status: number, body: unknown): Result {
  const text = JSON.stringify(body);
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) },
    body: text,
  };
}

/** Every answer of 400 or more names its errors' codes; anything else is replaced, keeping the status. */
async function ensureTypedErrors(result: Result): Promise<void> {
  const status = result.statusCode ?? 200;
  if (status < 400 || hasTypedErrors(result.body)) return;
  const replacement = errorResult(status, {
    errors: [
      status >= 500
        ? { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
        : { message: 'Bad request', extensions: { code: 'BAD_REQUEST' } },
    ],
  });
  result.headers = { ...result.headers, ...replacement.headers };
  result.body = replacement.body;
  result.isBase64Encoded = false;
}

function hasTypedErrors(body: string | undefined): boolean {
  if (!body) return false;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isRecord(parsed) || !Array.isArray(parsed.errors) || parsed.errors.length === 0) return false;
    return parsed.errors.every(
      (error: unknown) =>
        isRecord(error) && isRecord(error.extensions) && typeof error.extensions.code === 'string' && !('stacktrace' in error.extensions),
    );
  } catch {
    return false;
  }
}

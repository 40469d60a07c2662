import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { vi } from 'vitest';
import { ERROR_CODES } from '#domain/errors';
import { APOLLO_CLIENT_ERROR_CODES } from '#graphql/errors';
import { EDGE_ERROR_CODES } from '#graphql/hardening/codes';
import type { Claims } from '../support/graphql-client';

/** Every `extensions.code` the API can answer with (docs/api-hardening.md lists them). */
export const ALL_CODES: readonly string[] = [
  ...Object.keys(ERROR_CODES),
  ...APOLLO_CLIENT_ERROR_CODES,
  'INTERNAL_SERVER_ERROR',
  ...Object.keys(EDGE_ERROR_CODES),
];

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string>;

/**
 * The real GraphQL Lambda handler, loaded afresh with the given environment on top of the
 * province's (setUpProvince): it reads STAGE, PERSISTED_OPERATIONS and TABLE_NAME when its module
 * loads. The environment is put back afterwards.
 */
export async function loadHandler(env: { STAGE: string; PERSISTED_OPERATIONS?: string; TABLE_NAME?: string }): Promise<LambdaHandler> {
  const keys = ['STAGE', 'PERSISTED_OPERATIONS', 'TABLE_NAME'] as const;
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  for (const key of keys) {
    if (key in env) {
      if (env[key] === undefined) delete process.env[key];
      else process.env[key] = env[key];
    }
  }
  if (!('PERSISTED_OPERATIONS' in env)) delete process.env.PERSISTED_OPERATIONS;
  try {
    vi.resetModules();
    const { handler } = await import('#graphql/handler');
    return handler as unknown as LambdaHandler;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  isBase64Encoded?: boolean | undefined;
  rawQueryString?: string | undefined;
  claims?: Claims | Record<string, unknown> | undefined;
}

let counter = 0;

/** An HTTP API (payload 2.0) event as API Gateway hands it to the function, claims from the JWT authorizer. */
export function httpEvent(request: RawRequest): APIGatewayProxyEventV2 {
  counter += 1;
  const method = request.method ?? 'POST';
  return {
    version: '2.0',
    routeKey: `${method} /graphql`,
    rawPath: '/graphql',
    rawQueryString: request.rawQueryString ?? '',
    headers: request.headers ?? { 'content-type': 'application/json' },
    ...(request.body !== undefined ? { body: request.body } : {}),
    isBase64Encoded: request.isBase64Encoded ?? false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `hardening-${counter}`,
      routeKey: `${method} /graphql`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(request.claims ? { authorizer: { jwt: { claims: request.claims, scopes: [] } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown>; [key: string]: unknown }[] } | undefined;
}

const lambdaContext = (id: string) =>
  ({ awsRequestId: id, functionName: 'graphql', getRemainingTimeInMillis: () => 30_000 }) as unknown as Context;

export async function invoke(handler: LambdaHandler, event: APIGatewayProxyEventV2): Promise<Answer> {
  const result = await handler(event, lambdaContext(event.requestContext?.requestId ?? 'none'));
  if (typeof result === 'string') return { status: 200, headers: {}, text: result, json: tryJson(result) };
  const text = result.body ?? '';
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, text, json: tryJson(text) };
}

/** POSTs a JSON body. */
export function post(
  handler: LambdaHandler,
  body: unknown,
  claims?: RawRequest['claims'],
  headers?: Record<string, string>,
): Promise<Answer> {
  return invoke(handler, httpEvent({ body: JSON.stringify(body), claims, headers }));
}

export const codes = (answer: Answer): string[] => (answer.json?.errors ?? []).map((error) => String(error.extensions?.code));

function tryJson(text: string): Answer['json'] {
  try {
    return JSON.parse(text) as Answer['json'];
  } catch {
    return undefined;
  }
}

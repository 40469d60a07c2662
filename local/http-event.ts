import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';

/** Text bodies reach the function as strings; anything else base64-encoded, as API Gateway does. */
const TEXT_TYPES = /^(text\/|application\/(json|graphql|x-www-form-urlencoded|xml)|[^;]*\+json)/i;

/**
 * The event an HTTP API (payload format 2.0) hands its Lambda integration for this request on the
 * route `routeKey`, with the claims of the token the JWT authorizer verified.
 */
export function apiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  /** Undefined on a route without the authorizer: the event then carries no authorizer at all. */
  claims: Record<string, unknown> | undefined,
  routeKey: string,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const headers = lowerCaseHeaders(request);
  const cookies = headers.cookie?.split(/;\s*/);
  delete headers.cookie;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: queryParameters(url) } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] as string,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      // API Gateway's JWT authorizer passes claims as strings (numbers too).
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: stringValues(claims), scopes: [] } } } : {}),
    },
    ...(body.length > 0 ? { body: body.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Writes a Lambda proxy result: a bare string means 200 with a JSON body, as API Gateway reads it. */
export function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, headers).end(body);
}

/** Repeated headers are joined with commas, as in payload format 2.0. */
function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] as string).toLowerCase();
    const value = request.rawHeaders[index + 1] as string;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

function queryParameters(url: URL): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) parameters[name] = url.searchParams.getAll(name).join(',');
  return parameters;
}

function stringValues(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Handler } from 'aws-lambda';
import { EXPLORER_PATH, type ExplorerIdentity, explorerAsset, explorerPage } from './explorer';
import { apiGatewayEvent, writeResult } from './http-event';
import { invokeHandler } from './lambda';

export type HttpHandler = Handler<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2>;

/** One route of the HTTP API, e.g. `GET /forms/{form}/{dossierId}`, and the function behind it. */
export interface LambdaRoute {
  routeKey: string;
  functionName: string;
  handler: HttpHandler;
  /** No authorizer on this route: the function never sees claims, whatever the request carries. */
  public?: boolean;
}

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  routes: readonly LambdaRoute[];
  /** Verifies a bearer token and returns its claims; throws when the token is not valid. */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  /** Tokens offered in the explorer, the first pre-filled. */
  explorerIdentities?: readonly ExplorerIdentity[];
}

export interface HttpServer {
  /** The GraphQL endpoint. */
  url: string;
  /** The GraphQL endpoint without the authorizer (a route of the API only if `routes` has it). */
  publicUrl: string;
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
/** The same GraphQL function without the authorizer: what anyone may ask (status lookup, catalog). */
export const PUBLIC_GRAPHQL_PATH = '/public/graphql';
/** API Gateway's limit on a request payload. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LambdaRoute {
  method: string;
  path: RegExp;
  parameterNames: string[];
}

/**
 * The province's HTTP API on localhost, as infra/http-api.ts builds it on AWS: each route invokes
 * its function with a payload 2.0 event, every route sits behind the JWT authorizer (no token or a
 * bad one: 401 without calling the function, see `unauthorized`), and anything else is 404. The claims of the
 * verified token reach the function under requestContext.authorizer.jwt. Local additions, outside
 * the API's routes: GET /graphql from a browser serves the explorer, and /healthz.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const routes = options.routes.map(compileRoute);
  const server = createServer((request, response) => {
    handle(request, response, routes, options).catch((error) => {
      console.error('[http] request failed:', error);
      if (!response.headersSent) json(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
  // Loopback only: the demo tokens are long-lived and printed on the console.
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}`;
  return {
    url: `${baseUrl}${GRAPHQL_PATH}`,
    publicUrl: `${baseUrl}${PUBLIC_GRAPHQL_PATH}`,
    baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: CompiledRoute[],
  options: HttpServerOptions,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (pathname === '/healthz') return json(response, 200, { status: 'ok' });
  // Browsers ask for it with the explorer: no content, rather than a 404 on their console.
  if (pathname === '/favicon.ico') return void response.writeHead(204).end();
  if (pathname === '/') return void response.writeHead(302, { location: GRAPHQL_PATH }).end();
  if (pathname.startsWith(EXPLORER_PATH)) return serveAsset(response, pathname.slice(EXPLORER_PATH.length));
  if (pathname === GRAPHQL_PATH && method === 'GET' && wantsExplorer(request)) {
    // The page prints demo tokens: a page on another site that rebinds its name to 127.0.0.1
    // reaches this port with its own Host header, so only a loopback name is answered.
    if (!isLoopbackHost(request.headers.host)) return json(response, 403, forbiddenHost());
    const publicRoute = routes.some((route) => route.public && route.path.test(PUBLIC_GRAPHQL_PATH));
    const page = explorerPage(GRAPHQL_PATH, options.explorerIdentities ?? [], publicRoute ? PUBLIC_GRAPHQL_PATH : undefined);
    return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  }
  const match = matchRoute(routes, method, pathname);
  if (match === MALFORMED) return json(response, 400, badPath());
  if (!match) return json(response, 404, { message: 'Not Found' });

  const claims = match.route.public ? { verified: undefined } : await authorize(request.headers.authorization, options.verifyToken);
  if ('rejected' in claims) {
    response.setHeader('www-authenticate', `Bearer error="invalid_token" error_description="${claims.rejected}"`);
    return json(response, 401, unauthorized(claims.rejected));
  }
  const body = await readBody(request);
  if (body === undefined) return json(response, 413, { message: 'Request Entity Too Large' });
  const event = apiGatewayEvent(request, body, claims.verified, match.route.routeKey, match.pathParameters);
  writeResult(response, await invokeHandler(match.route.handler, event, match.route.functionName));
}

/**
 * The authorizer's refusal. On AWS the HTTP API's JWT authorizer answers `401 {"message":
 * "Unauthorized"}` before any function runs, and an HTTP API cannot change that body. Locally we
 * keep that status and that field, and add the `errors[].extensions.code` every other error of
 * the API carries, so a client reading either shape works here and on AWS (README: "Error codes").
 */
export function unauthorized(reason: string) {
  return {
    message: 'Unauthorized',
    errors: [
      {
        message: `No valid officer token (${reason}). Send "Authorization: Bearer <token>" (npm start prints demo tokens); the status lookup and the catalog need none at ${PUBLIC_GRAPHQL_PATH}.`,
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  };
}

/** The JWT authorizer: the token's claims, or why it was turned away. */
async function authorize(
  header: string | undefined,
  verifyToken: HttpServerOptions['verifyToken'],
): Promise<{ verified: Record<string, unknown> | undefined } | { rejected: string }> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) return { rejected: header ? 'not a bearer token' : 'no token' };
  try {
    return { verified: await verifyToken(token) };
  } catch (error) {
    return { rejected: (error as Error).message.replaceAll('"', "'") };
  }
}

function compileRoute(route: LambdaRoute): CompiledRoute {
  const [method, template] = route.routeKey.split(' ') as [string, string];
  const parameterNames: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { ...route, method, path: new RegExp(`^${pattern}$`), parameterNames };
}

const MALFORMED = Symbol('malformed path');

/** The route and its decoded parameters; MALFORMED when a parameter's percent-encoding is broken (`/forms/01/%E0%A4%A`). */
function matchRoute(routes: CompiledRoute[], method: string, pathname: string) {
  for (const route of routes) {
    const found = route.method === method ? route.path.exec(pathname) : null;
    if (!found) continue;
    const values = found.slice(1).map(decodedOrUndefined);
    if (values.includes(undefined)) return MALFORMED;
    return { route, pathParameters: Object.fromEntries(route.parameterNames.map((name, index) => [name, values[index] as string])) };
  }
  return undefined;
}

function decodedOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const badPath = () => ({
  message: 'Bad Request',
  errors: [{ message: 'The path is not valid percent-encoded UTF-8', extensions: { code: 'BAD_REQUEST' } }],
});

const forbiddenHost = () => ({
  message: 'Forbidden',
  errors: [{ message: 'The explorer answers only at localhost, 127.0.0.1 or [::1]', extensions: { code: 'FORBIDDEN' } }],
});

/** `localhost`, `127.0.0.1` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
}

function wantsExplorer(request: IncomingMessage): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return !url.searchParams.has('query') && (request.headers.accept ?? '').includes('text/html');
}

async function serveAsset(response: ServerResponse, name: string): Promise<void> {
  const asset = await explorerAsset(name);
  if (!asset) return json(response, 404, { message: 'Not Found' });
  response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'max-age=3600' }).end(asset.body);
}

/** A request's body, or undefined once it passes `maxBytes` (the caller answers 413). */
export async function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

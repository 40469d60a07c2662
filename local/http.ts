import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Handler } from 'aws-lambda';
import { EXPLORER_PATH, type ExplorerIdentity, explorerAsset, explorerPage } from './explorer';
import { apiGatewayEvent, writeResult } from './http-event';
import { invokeHandler } from './lambda';

export type GraphQLHandler = Handler<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2>;

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  handler: GraphQLHandler;
  /** Verifies a bearer token and returns its claims; throws when the token is not valid. */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  /** Tokens offered in the explorer, the first pre-filled. */
  explorerIdentities?: readonly ExplorerIdentity[];
}

export interface HttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
/** API Gateway's limit on a request payload. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Front ends under development run on their own ports; on AWS the HTTP API's CORS settings do this. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
  'access-control-max-age': '600',
};

/**
 * The HTTP API in front of the GraphQL Lambda, on localhost: `/graphql` becomes a payload 2.0
 * event with the verified token's claims, as the JWT authorizer passes them. A request without a
 * token goes through without claims (the resolvers decide what is public); a bad token gets the
 * authorizer's 401 and never reaches the function.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error) => {
      console.error('[http] request failed:', error);
      if (!response.headersSent) json(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
  // Loopback only: the demo tokens are long-lived and printed on the console.
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === '/healthz') return json(response, 200, { status: 'ok' });
  if (pathname === '/') return void response.writeHead(302, { location: GRAPHQL_PATH }).end();
  if (pathname.startsWith(EXPLORER_PATH)) return serveAsset(response, pathname.slice(EXPLORER_PATH.length));
  if (pathname !== GRAPHQL_PATH) return json(response, 404, { message: 'Not Found' });
  if (request.method === 'OPTIONS') return void response.writeHead(204, CORS_HEADERS).end();
  if (request.method === 'GET' && wantsHtml(request)) {
    const page = explorerPage(GRAPHQL_PATH, options.explorerIdentities ?? []);
    return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  }
  await invokeGraphQL(request, response, options);
}

async function invokeGraphQL(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions) {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value);
  const token = bearerToken(request.headers.authorization);
  let claims: Record<string, unknown> | undefined;
  if (token !== undefined) {
    try {
      claims = await options.verifyToken(token);
    } catch (error) {
      const reason = (error as Error).message.replaceAll('"', "'");
      response.setHeader('www-authenticate', `Bearer error="invalid_token" error_description="${reason}"`);
      return json(response, 401, { message: 'Unauthorized' });
    }
  }
  const body = await readBody(request);
  if (body === undefined) return json(response, 413, { message: 'Request Entity Too Large' });
  const result = await invokeHandler(options.handler, apiGatewayEvent(request, body, claims), 'graphql');
  writeResult(response, result);
}

/** `undefined` when there is no Authorization header; a header that is not a bearer token is bad. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? (match[1] as string) : '';
}

function wantsHtml(request: IncomingMessage): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return !url.searchParams.has('query') && (request.headers.accept ?? '').includes('text/html');
}

async function serveAsset(response: ServerResponse, name: string): Promise<void> {
  const asset = await explorerAsset(name);
  if (!asset) return json(response, 404, { message: 'Not Found' });
  response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'max-age=3600' }).end(asset.body);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

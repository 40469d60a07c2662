import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from '../http';
import { type EmulatorApp, type EmulatorReply, type RouteHandler, SIDE_DOOR_PREFIX } from './app';
import { PortalFaults } from './faults';
import { PortalRecords } from './records';
import { ROUTE_FILES } from './routes';

export interface PortalEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** What the portal's own routes expect as HTTP Basic credentials (the secret's username/password). */
  credentials?: { username: string; password: string };
  /** For faults at a rate, so a test can make them reproducible. */
  random?: () => number;
}

export interface PortalEmulator {
  url: string;
  records: PortalRecords;
  faults: PortalFaults;
  stop(): Promise<void>;
}

/** The credentials the local platform writes into its portal secret. */
export const LOCAL_PORTAL_CREDENTIALS = { username: 'lienthong-local', password: 'local-only' } as const;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The national portal (DVCQG) as this project needs it on a laptop and in tests: an HTTP server on
 * the loopback whose routes come from routes/*.ts (each file one `registerRoutes(app)`), with faults
 * on demand and a side door (`/_emulator/…`) to read what it received.
 */
export async function startPortalEmulator(options: PortalEmulatorOptions = {}): Promise<PortalEmulator> {
  const routes: Route[] = [];
  const records = new PortalRecords();
  const faults = new PortalFaults(options.random);
  const add = (method: string) => (path: string, handler: RouteHandler) => routes.push(compile(method, path, handler));
  const app: EmulatorApp = { get: add('GET'), post: add('POST'), records, faults };
  for (const register of ROUTE_FILES) register(app);
  const credentials = options.credentials ?? LOCAL_PORTAL_CREDENTIALS;
  const expectedAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

  const server = createServer((request, response) => {
    handle(request, response, routes, faults, expectedAuth).catch((error: unknown) => {
      if (!response.headersSent) reply(response, { status: 500, body: { status: 'ERROR', message: String(error) } });
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => server.once('error', fail).listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    faults,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, routes: Route[], faults: PortalFaults, expectedAuth: string) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const portalRoute = !url.pathname.startsWith(SIDE_DOOR_PREFIX);
  if (portalRoute) {
    const fault = faults.decide();
    if (fault.kind === 'down') return void request.socket.destroy();
    if (fault.kind === 'timeout') {
      await sleep(fault.delayMs);
      return void request.socket.destroy();
    }
    if (fault.kind === '5xx')
      return reply(response, { status: 503, body: { status: 'UNAVAILABLE', message: 'Hệ thống đang bận (injected)' } });
    if (fault.kind === 'reject') {
      return reply(response, {
        status: 422,
        body: { status: 'REJECTED', message: 'Mã thủ tục hành chính không có trong CSDL quốc gia (injected)' },
      });
    }
    if (fault.kind === 'slow') await sleep(fault.delayMs);
    if (request.headers.authorization !== expectedAuth) {
      return reply(response, { status: 401, body: { status: 'UNAUTHORIZED', message: 'Sai thông tin xác thực' } });
    }
    const answer = await dispatch(request, url, method, routes);
    // The change is applied; the answer says "already received", as a portal does for a repeat.
    if (fault.kind === 'duplicate-ack' && answer.status === 200) {
      return reply(response, { status: 200, body: { status: 'DUPLICATE', message: 'Đã tiếp nhận trước đó' } });
    }
    return reply(response, answer);
  }
  return reply(response, await dispatch(request, url, method, routes));
}

async function dispatch(request: IncomingMessage, url: URL, method: string, routes: Route[]): Promise<EmulatorReply> {
  for (const route of routes) {
    const found = route.method === method ? route.pattern.exec(url.pathname) : null;
    if (!found) continue;
    const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]));
    const text = (await readBody(request, MAX_BODY_BYTES))?.toString('utf8');
    if (text === undefined) return { status: 413, body: { status: 'INVALID', message: 'payload too large' } };
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return { status: 400, body: { status: 'INVALID', message: 'the body is not JSON', errors: [] } };
    }
    return route.handler({ method, path: url.pathname, params, query: url.searchParams, headers: request.headers, body });
  }
  return { status: 404, body: { status: 'NOT_FOUND', message: `no route ${method} ${url.pathname}` } };
}

function compile(method: string, path: string, handler: RouteHandler): Route {
  const names: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, handler };
}

function reply(response: ServerResponse, { status, body }: EmulatorReply): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body === undefined ? '' : JSON.stringify(body));
}

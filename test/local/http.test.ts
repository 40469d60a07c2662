import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIssuer, loadDevIssuer } from '../../local/auth';
import { type HttpServer, startHttpServer } from '../../local/http';

let issuer: DevIssuer;
let server: HttpServer;
/** An issuer whose key is in a file, so a test can sign with it directly. */
let fileIssuer: DevIssuer;
const keyFile = join(tmpdir(), `lienthong-http-test-${process.pid}.json`);
const received: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];

beforeAll(async () => {
  issuer = await loadDevIssuer();
  fileIssuer = await loadDevIssuer(keyFile);
  // Records what API Gateway would have handed the function.
  const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    received.push(event);
    return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ok: true }) };
  };
  server = await startHttpServer({
    port: 0,
    verifyToken: issuer.verify,
    explorerIdentities: [{ label: 'Nguyễn Thị Lan · RECEPTION_OFFICER', token: 'demo-token' }],
    routes: [
      { routeKey: 'POST /graphql', functionName: 'graphql', handler },
      { routeKey: 'GET /forms/{form}/{dossierId}', functionName: 'print', handler },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await rm(keyFile, { force: true });
});

const officer = { sub: 'officer-1', name: 'Nguyễn Thị Lan', agency: '06.063.02014', roles: 'RECEPTION_OFFICER HANDLING_OFFICER' };

function post(headers: Record<string, string> = {}) {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('HTTP API emulation', () => {
  it('passes a verified token’s claims to the function as the JWT authorizer does', async () => {
    const token = await issuer.issue(officer);

    const response = await post({ Authorization: `Bearer ${token}`, 'X-Trace': 'a' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const event = received.at(-1) as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/graphql',
      headers: { 'content-type': 'application/json', 'x-trace': 'a' },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/graphql' },
        authorizer: { jwt: { claims: { ...officer, iss: 'lienthong-local', aud: 'lienthong' } } },
      },
    });
    expect(JSON.parse(event.body ?? '')).toEqual({ query: '{ __typename }' });
    expect(event.requestContext.authorizer.jwt.claims.exp).toMatch(/^\d+$/);
  });

  it('answers 401 without calling the function when the token is missing or not valid', async () => {
    const before = received.length;
    const other = await loadDevIssuer();
    const foreignToken = await other.issue(officer);

    const responses = await Promise.all([
      post(),
      post({ Authorization: `Bearer ${foreignToken}` }),
      post({ Authorization: 'Bearer not-a-jwt' }),
      post({ Authorization: 'Basic dXNlcjpwYXNz' }),
      post({ Authorization: `Bearer ${await issuer.issue(officer, '-1m')}` }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 401, 401]);
    // AWS's body, plus the errors entry every other error carries (README: Error codes).
    expect(await responses[0]?.json()).toMatchObject({ message: 'Unauthorized', errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(received.length).toBe(before);
  });

  it('routes by method and path template, passing path parameters, and answers 404 elsewhere', async () => {
    const authorization = `Bearer ${await issuer.issue(officer)}`;

    const form = await fetch(new URL('/forms/05/dossier-1?copy=2', server.baseUrl), { headers: { authorization } });
    const unknownPath = await fetch(new URL('/forms', server.baseUrl), { headers: { authorization } });
    const wrongMethod = await fetch(new URL('/forms/05/dossier-1', server.baseUrl), { method: 'DELETE', headers: { authorization } });

    expect(form.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      routeKey: 'GET /forms/{form}/{dossierId}',
      rawPath: '/forms/05/dossier-1',
      rawQueryString: 'copy=2',
      pathParameters: { form: '05', dossierId: 'dossier-1' },
      queryStringParameters: { copy: '2' },
    });
    expect([unknownPath.status, wrongMethod.status]).toEqual([404, 404]);
    expect(await unknownPath.json()).toEqual({ message: 'Not Found' });
  });

  it('serves an offline explorer with the demo token pre-filled, and a health check', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    const script = await fetch(new URL('/explorer/graphiql.js', server.url));
    const health = await fetch(new URL('/healthz', server.url));

    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('demo-token');
    expect(html).not.toMatch(/https?:\/\//);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('answers the explorer page, which prints demo tokens, only for a loopback Host header', async () => {
    const { request } = await import('node:http');
    // fetch cannot set Host; a rebound DNS name reaches the same port with its own.
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const call = request(server.url, { headers: { host, accept: 'text/html' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        call.on('error', reject).end();
      });

    expect(await status('attacker.example:80')).toBe(403);
    expect(await status('localhost.attacker.example')).toBe(403);
    expect(await status(`localhost:${server.port}`)).toBe(200);
    expect(await status(`127.0.0.1:${server.port}`)).toBe(200);
  });

  it('answers 400, not 500, to a path parameter that is not valid percent-encoding', async () => {
    const authorization = `Bearer ${await issuer.issue(officer)}`;
    const before = received.length;

    const response = await fetch(new URL('/forms/05/%E0%A4%A', server.baseUrl), { headers: { authorization } });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(received.length).toBe(before);
  });

  it('refuses a token without an expiry', async () => {
    const { SignJWT, importJWK } = await import('jose');
    // The issuer's own key signs a token with every claim but exp: only the expiry rule refuses it.
    const keys = JSON.parse(await readFile(keyFile, 'utf8')) as { privateJwk: Record<string, unknown> };
    const key = await importJWK(keys.privateJwk, 'ES256');
    const noExpiry = await new SignJWT({ name: officer.name, agency: officer.agency, roles: officer.roles })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setSubject(officer.sub)
      .setIssuer('lienthong-local')
      .setAudience('lienthong')
      .setIssuedAt()
      .sign(key);

    await expect(fileIssuer.verify(noExpiry)).rejects.toThrow(/exp/);
    await expect(fileIssuer.verify(await fileIssuer.issue(officer))).resolves.toMatchObject({ sub: officer.sub });
  });
});

import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevIssuer } from '../../local/auth';
import { type HttpServer, PUBLIC_GRAPHQL_PATH, startHttpServer } from '../../local/http';
import { CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM } from '../print/chromium';

/**
 * The explorer in a real headless Chromium, as a newcomer opens it: it loads with no error, calls
 * /graphql with the first demo officer's token, and "the public" calls /public/graphql with none.
 */

let server: HttpServer;
let browser: Browser | undefined;
const calls: { path: string; authorized: boolean }[] = [];

beforeAll(async () => {
  const issuer = await loadDevIssuer();
  const token = await issuer.issue({ sub: 'officer-1', name: 'Nguyễn Thị Lan', agency: '06.063.02014', roles: 'RECEPTION_OFFICER' });
  const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    calls.push({ path: event.rawPath, authorized: Boolean(event.requestContext.authorizer?.jwt) });
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { __typename: 'Query' } }) };
  };
  server = await startHttpServer({
    port: 0,
    verifyToken: issuer.verify,
    explorerIdentities: [{ label: 'Nguyễn Thị Lan · RECEPTION_OFFICER', token }],
    routes: [
      { routeKey: 'POST /graphql', functionName: 'graphql', handler },
      { routeKey: `POST ${PUBLIC_GRAPHQL_PATH}`, functionName: 'graphql', handler, public: true },
    ],
  });
  if (CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the explorer in a browser', () => {
  it('calls /graphql with the officer’s token, and /public/graphql without one when “the public” is chosen', async () => {
    if (!browser) throw new Error(NO_CHROMIUM);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(server.url, { waitUntil: 'networkidle' });
    const choices = await page.locator('#who option').allTextContents();
    expect(choices).toEqual(['Nguyễn Thị Lan · RECEPTION_OFFICER', expect.stringMatching(/^the public: no token, POST \/public\/graphql/)]);
    await page.locator('.graphiql-container').waitFor();
    const officerCalls = calls.length;
    expect(calls.at(-1)).toEqual({ path: '/graphql', authorized: true });

    await Promise.all([page.waitForResponse((response) => response.url().endsWith(PUBLIC_GRAPHQL_PATH)), page.selectOption('#who', '1')]);

    expect(calls.length).toBeGreaterThan(officerCalls);
    expect(calls.at(-1)).toEqual({ path: PUBLIC_GRAPHQL_PATH, authorized: false });
    expect(problems).toEqual([]);
    await page.close();
  });
});

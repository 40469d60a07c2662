import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrintHandler } from '#print/app';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import { servicesForTable } from '#services/index';
import { createStore } from '#store/index';
import { CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM } from '../print/chromium';
import { useEmulators } from '../support/emulators';
import { FIELDS, scenarioStories } from './scenario';

/**
 * The dashboard and Form II.06a as the print API serves them, for the hand-computed scenario:
 * rendered in headless Chromium (charts drawn by the inlined chart.js under the page's nonce, no
 * CSP violation), screenshots kept under .local/test-artefacts/quality (QUALITY_SCREENSHOT_DIR).
 */
const emulators = useEmulators();
const db = DynamoDBDocumentClient.from(emulators.dynamo, { marshallOptions: { removeUndefinedValues: true } });
const SHOTS = process.env.QUALITY_SCREENSHOT_DIR ?? join(process.cwd(), '.local', 'test-artefacts', 'quality');
const admin = { sub: 'admin', agency: '06', roles: 'PROVINCE_ADMIN' };
let server: Server | undefined;
let baseUrl = '';
let browser: Browser | undefined;
let browserProblem = NO_CHROMIUM;
let print: ReturnType<typeof createPrintHandler>;

function event(path: string, query: Record<string, string>, claims: Record<string, string> = admin): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path }, requestId: 'r1', authorizer: { jwt: { claims, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2;
}

beforeAll(async () => {
  await emulators.createTable();
  const services = servicesForTable(emulators.tableName, { db });
  // The scenario's procedures in the catalog, so II.06a names their fields.
  const template = STARTER_CATALOG[0];
  if (!template) throw new Error('empty starter catalog');
  for (const [code, field] of Object.entries(FIELDS)) {
    await createStore(db, emulators.tableName).catalog.commitPublication({ ...template, code, version: 1, name: `Thủ tục ${code}`, field });
  }
  for (const story of scenarioStories()) for (const e of story.events) await services.quality.project(e);
  print = createPrintHandler({ services, logger: new Logger({ serviceName: 'print', logLevel: 'SILENT' }) });
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    void print(event(url.pathname, Object.fromEntries(url.searchParams))).then((result) => {
      response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await mkdir(SHOTS, { recursive: true });
  if (CHROMIUM) {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    } catch (error) {
      browserProblem = `Chromium did not start: ${(error as Error).message}`;
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function open(path: string) {
  if (!browser) throw new Error(browserProblem);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => !request.url().startsWith(baseUrl) && problems.push(`request to ${request.url()}`));
  await page.goto(`${baseUrl}${path}`);
  return { page, problems };
}

describe('the dashboard and Form II.06a, in headless Chromium', () => {
  it('shows the scenario’s index, on-time rate by agency, satisfaction and the late and overdue lists, with charts', async () => {
    const { page, problems } = await open('/dashboard?kind=MONTH&year=2026&number=1');
    await page.waitForSelector('body[data-charts="ready"]', { timeout: 20_000 });
    expect(await page.textContent('[data-figure="points"]')).toBe('20.27');
    expect(await page.textContent('[data-figure="on-time"]')).toBe('50.00 %');
    expect(await page.textContent('[data-figure="satisfaction"]')).toBe('71.43 %');
    expect(await page.textContent('[data-figure="overdue"]')).toBe('4');
    const rows = await page.$$eval('[data-agency]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['06.SOTP', '15', '5', '2', '50.00 %', '21.04'],
      ['06.XA1', '9', '1', '2', '50.00 %', '12.67'],
    ]);
    expect(await page.textContent('#late')).toContain('a03');
    expect(await page.textContent('#late')).toMatch(/a03.*12\/01\/2026 \(hẹn lại 16\/01\/2026\)/s);
    expect(await page.locator('#overdue tbody tr').count()).toBe(4);
    // The charts were drawn: each canvas holds pixels.
    const drawn = await page.$$eval('canvas', (canvases) =>
      canvases.map((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL().length > 3000),
    );
    expect(drawn).toEqual([true, true, true]);
    await page.screenshot({ path: join(SHOTS, 'dashboard-2026-01.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('prints Form II.06a, and gives it as CSV and XLSX with the same 13 columns', async () => {
    const { page, problems } = await open('/reports/ii06a?kind=MONTH&year=2026&number=1&cutoff=0');
    const fields = await page.locator('tr[data-row-kind="FIELD"] td:nth-child(2)').allTextContents();
    expect(fields).toEqual(['Chứng thực', 'Đất đai', 'Hộ tịch']);
    const total = await page.locator('tr[data-row-kind="TOTAL"] td').allTextContents();
    expect(total).toEqual(['', 'Tổng cộng', '26', '6', '18', '2', '16', '5', '5', '6', '10', '6', '4']);
    await page.screenshot({ path: join(SHOTS, 'ii06a-2026-01.png'), fullPage: true });
    expect(problems).toEqual([]);

    const csv = await print(event('/reports/ii06a', { kind: 'MONTH', year: '2026', number: '1', cutoff: '0', format: 'csv' }));
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body?.split('\r\n').at(-2)).toBe('"","Tổng cộng",26,6,18,2,16,5,5,6,10,6,4');

    const xlsx = await print(event('/reports/ii06a', { kind: 'MONTH', year: '2026', number: '1', cutoff: '0', format: 'xlsx' }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.body ?? '', 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('II.06a');
    const last = sheet?.getRow(sheet.rowCount).values as unknown[];
    expect(last.slice(1)).toEqual(['', 'Tổng cộng', 26, 6, 18, 2, 16, 5, 5, 6, 10, 6, 4]);
  });

  it('refuses what the caller may not see, and bad periods, with a clear code', async () => {
    const officer = { sub: 'o1', agency: '06.XA1', roles: 'HANDLING_OFFICER' };
    const forbidden = await print(event('/dashboard', { kind: 'MONTH', year: '2026', number: '1' }, officer));
    expect([forbidden.statusCode, JSON.parse(forbidden.body ?? '{}').code]).toEqual([403, 'FORBIDDEN']);
    const own = await print(event('/dashboard', { kind: 'MONTH', year: '2026', number: '1', agency: '06.XA1' }, officer));
    expect(own.statusCode).toBe(200);
    const badMonth = await print(event('/reports/ii06a', { kind: 'MONTH', year: '2026', number: '13' }));
    expect([badMonth.statusCode, JSON.parse(badMonth.body ?? '{}').code]).toEqual([400, 'BAD_INPUT']);
    const badFormat = await print(event('/reports/ii06a', { kind: 'MONTH', year: '2026', number: '1', format: 'pdf' }));
    expect(badFormat.statusCode).toBe(400);
  });
});

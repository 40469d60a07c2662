import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrintHandler } from '#print/app';
import { htmlResponse } from '#print/http';
import {
  APOLOGY_TITLE,
  COMPLETION_REQUEST_TITLE,
  CONTROL_SLIP_TITLE,
  RECEIPT_TITLE,
  REFUSAL_TITLE,
  renderApology,
  renderCompletionRequest,
  renderControlSlip,
  renderReceipt,
  renderRefusal,
  renderTrackingBook,
  TRACKING_BOOK_TITLE,
} from '#print/render';
import { createDocumentClient } from '#store/clients';
import { servicesForTable } from '../../functions/services';
import { apiGatewayEvent, writeResult } from '../../local/http-event';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM } from './chromium';
import { apology, CODE, completionRequest, controlSlip, HEADER, receipt, refusal, trackingRows } from './fixtures';

/**
 * Every printable page in a real headless Chromium (Debian's package, driven by playwright-core):
 * served over HTTP on 127.0.0.1 with the handler's own headers (CSP included), it must render its
 * title, draw a sheet of its paper size, print to PDF on that paper, show a QR code of real size
 * on the receipt, run no script and log no error. One screenshot per form is kept.
 */

const MM = 96 / 25.4;
/** PDF points per mm. */
const PT = 72 / 25.4;

interface Sheet {
  className: string;
  widthMm: number;
  heightMm: number;
}

const A5: Sheet = { className: 'sheet-a5', widthMm: 148, heightMm: 210 };
const A5_LANDSCAPE: Sheet = { className: 'sheet-a5-landscape', widthMm: 210, heightMm: 148 };
const A4_LANDSCAPE: Sheet = { className: 'sheet-a4-landscape', widthMm: 297, heightMm: 210 };

const upper = (text: string) => text.toLocaleUpperCase('vi');

const HOSTILE_NAME = '<script>window.pwned = 1; alert(1)</script><img src=x onerror="window.pwned = 2">Hà Văn Nam';

interface Fixture {
  form: string;
  title: string;
  sheet: Sheet;
  html: string;
  /** Pages the fixed data fits on. */
  pdfPages?: number;
}

const FIXTURES: Fixture[] = [
  { form: '01', title: RECEIPT_TITLE, sheet: A5, html: renderReceipt(receipt, HEADER), pdfPages: 1 },
  { form: '02', title: COMPLETION_REQUEST_TITLE, sheet: A5, html: renderCompletionRequest(completionRequest, HEADER), pdfPages: 1 },
  { form: '03', title: REFUSAL_TITLE, sheet: A5, html: renderRefusal(refusal, HEADER), pdfPages: 1 },
  {
    form: '04',
    title: APOLOGY_TITLE,
    sheet: A5,
    html: renderApology(apology, { authority: 'UBND Huyện Bạch Thông', place: 'Bạch Thông' }),
    pdfPages: 1,
  },
  { form: '05', title: CONTROL_SLIP_TITLE, sheet: A5_LANDSCAPE, html: renderControlSlip(controlSlip, HEADER), pdfPages: 1 },
  {
    form: '06',
    title: TRACKING_BOOK_TITLE,
    sheet: A4_LANDSCAPE,
    html: renderTrackingBook({ fromDate: '2026-03-01', toDate: '2026-03-31', rows: trackingRows(12) }, HEADER),
  },
];

const receiptHtml = FIXTURES[0]!.html;

const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

let browser: Browser | undefined;
/** Why there is no browser: every browser test fails with it (a failed hook would only skip them). */
let browserProblem = 'Chromium was not started';
let server: Server | undefined;
let baseUrl = '';
let screenshotDir = '';
const screenshots: string[] = [];
let realDossier: { id: string; code: string } | undefined;

beforeAll(async () => {
  screenshotDir = process.env.PRINT_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'lienthong-print-')));

  // A real dossier, printed by the print handler from DynamoDB Local, as the local platform would serve it.
  const province = await setUpProvince();
  const { handler: graphql } = await import('#graphql/handler');
  const gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  const submitted = await gql<{ submitDossier: { id: string } }>(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
    {
      input: {
        procedureCode: '1.001776',
        channel: 'DIRECT',
        applicant: {
          kind: 'CITIZEN',
          fullName: HOSTILE_NAME,
          phone: '0987654321',
          address: { communeAgencyCode: COMMUNE, street: 'Thôn Nà Pài' },
        },
        documents: [{ code: 'TO_KHAI_TCXH' }, { code: 'GIAY_XAC_NHAN_KT' }],
      },
    },
    reception,
  );
  const id = submitted.data!.submitDossier.id;
  const accepted = await gql<{ acceptDossier: { code: string } }>(
    `mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { code } }`,
    { id },
    reception,
  );
  realDossier = { id, code: accepted.data!.acceptDossier.code };
  const print = createPrintHandler({
    services: servicesForTable(province.tableName, { db: createDocumentClient(province.dynamo) }),
    logger: new Logger({ serviceName: 'print', logLevel: 'SILENT' }),
  });

  server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const fixture = /^\/fixture\/(\d\d)$/.exec(pathname);
    if (fixture) {
      const page = FIXTURES.find((candidate) => candidate.form === fixture[1]);
      return writeResult(response, page ? htmlResponse(page.html) : { statusCode: 404, body: '' });
    }
    // A control for the checks themselves: a page that tries to load an image from elsewhere.
    if (pathname === '/control/leaky')
      return writeResult(response, htmlResponse(receiptHtml.replace('</main>', '<img src="http://192.0.2.1/x.png" alt=""></main>')));
    if (pathname === '/fixture/hostile')
      return writeResult(response, htmlResponse(renderReceipt({ ...receipt, applicantName: HOSTILE_NAME }, HEADER)));
    if (pathname.startsWith('/forms/')) {
      // As local/http.ts would: the request becomes a payload 2.0 event with the verified token's claims.
      const [, , form, dossierId] = pathname.split('/');
      const routeKey = dossierId ? 'GET /forms/{form}/{dossierId}' : 'GET /forms/{form}';
      const parameters = { form: form ?? '', ...(dossierId ? { dossierId } : {}) };
      void print(apiGatewayEvent(request, Buffer.alloc(0), { ...reception }, routeKey, parameters)).then((result) =>
        writeResult(response, result),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  if (!CHROMIUM) {
    browserProblem = NO_CHROMIUM;
    return;
  }
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  } catch (error) {
    browserProblem = `Chromium at ${CHROMIUM} did not start: ${(error as Error).message}`;
  }
});

function requireBrowser(): Browser {
  if (!browser) throw new Error(browserProblem);
  return browser;
}

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (screenshots.length) {
    const list = screenshots.join('\n  ');
    process.stdout.write(`\nScreenshots of the printable forms:\n  ${list}\n`);
    await writeFile(join(screenshotDir, 'index.txt'), `${screenshots.join('\n')}\n`);
  }
});

interface Visit {
  page: Page;
  status: number;
  headers: Record<string, string>;
  problems: string[];
  requests: string[];
  dialogs: string[];
}

/** Opens a page and records everything that should not happen: console errors, page errors, dialogs, extra requests. */
async function visit(path: string, widthMm: number): Promise<Visit> {
  const context = await requireBrowser().newContext({ viewport: { width: Math.ceil(widthMm * MM) + 80, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  return { page, status: response?.status() ?? 0, headers: response?.headers() ?? {}, problems, requests, dialogs };
}

/** Page count and the first page's size in mm, read off the PDF Chromium prints. */
function pdfPages(pdf: Buffer): { pages: number; widthMm: number; heightMm: number } {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  return { pages, widthMm: Number(box?.[1]) / PT, heightMm: Number(box?.[2]) / PT };
}

async function checkSheet(visit: Visit, title: string, sheet: Sheet) {
  const { page } = visit;
  expect(visit.status).toBe(200);
  expect((await page.locator('h1').textContent())?.trim()).toBe(upper(title));
  expect(await page.title()).toContain(title);
  const sheets = page.locator(`main.sheet.${sheet.className}`);
  expect(await sheets.count()).toBe(1);
  const box = await sheets.boundingBox();
  expect(box!.width).toBeCloseTo(sheet.widthMm * MM, 0);
  expect(box!.height).toBeGreaterThanOrEqual(sheet.heightMm * MM - 1);
  const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  expect(pdf.widthMm).toBeCloseTo(sheet.widthMm, 0);
  expect(pdf.heightMm).toBeCloseTo(sheet.heightMm, 0);
  return pdf;
}

async function screenshot(page: Page, name: string) {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
}

describe('each form in headless Chromium', () => {
  it(`a Chromium is installed (${CHROMIUM ?? 'none found'}) and starts headless`, () => {
    expect(requireBrowser().version()).toMatch(/^\d+\./);
  });

  for (const fixture of FIXTURES) {
    it(`Mẫu số ${fixture.form}: renders its title on a ${fixture.sheet.className} sheet, prints on that paper, loads nothing, logs no error`, async () => {
      const visited = await visit(`/fixture/${fixture.form}`, fixture.sheet.widthMm);
      const pdf = await checkSheet(visited, fixture.title, fixture.sheet);
      if (fixture.pdfPages) expect(pdf.pages).toBe(fixture.pdfPages);
      else expect(pdf.pages).toBeGreaterThanOrEqual(1);
      expect(await visited.page.locator('.form-number').textContent()).toBe(`Mẫu số ${fixture.form}`);
      expect(await visited.page.locator('.heading').innerText()).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(visited.headers['content-security-policy']).toContain("default-src 'none'");
      expect(visited.requests).toEqual([`${baseUrl}/fixture/${fixture.form}`]);
      expect(visited.problems).toEqual([]);
      await screenshot(visited.page, `form-${fixture.form}`);
      await visited.page.context().close();
    });
  }

  it('the receipt’s QR code is drawn at its printed size and names the dossier code for screen readers', async () => {
    const { page, problems } = await visit('/fixture/01', A5.widthMm);
    const qr = page.locator('svg.qr');
    expect(await qr.count()).toBe(1);
    const box = await qr.boundingBox();
    expect(box!.width).toBeCloseTo(21 * MM, 0);
    expect(box!.height).toBeCloseTo(21 * MM, 0);
    expect(await page.getByRole('img', { name: `Mã QR của mã hồ sơ ${CODE}` }).count()).toBe(1);
    expect(await page.locator('[data-field="dossierCode"]').textContent()).toBe(CODE);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the checks themselves', () => {
  it('notice a page that tries to load something: the CSP blocks it and says so on the console', async () => {
    const { page, problems, requests } = await visit('/control/leaky', A5.widthMm);
    expect(problems.join('\n')).toMatch(/Content Security Policy/);
    // The attempt shows as a request too (blocked before it leaves the browser).
    expect(requests).toEqual([`${baseUrl}/control/leaky`, 'http://192.0.2.1/x.png']);
    await page.context().close();
  });
});

describe('user text in the browser', () => {
  it('a <script> and an onerror in the applicant’s name show as text and never run', async () => {
    const { page, problems, dialogs, requests } = await visit('/fixture/hostile', A5.widthMm);
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('.signatures .name').first().textContent()).toBe(HOSTILE_NAME);
    expect(dialogs).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('pages the print handler serves from the database', () => {
  it('the receipt of a real dossier renders with the handler’s headers, its QR code and the name as text', async () => {
    const visited = await visit(`/forms/01/${realDossier!.id}`, A5.widthMm);
    const { page } = visited;
    await checkSheet(visited, RECEIPT_TITLE, A5);
    expect(visited.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    expect(visited.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(await page.locator('[data-field="dossierCode"]').textContent()).toBe(realDossier!.code);
    expect((await page.locator('svg.qr').boundingBox())!.width).toBeGreaterThan(40);
    expect(await page.getByRole('img', { name: `Mã QR của mã hồ sơ ${realDossier!.code}` }).count()).toBe(1);
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('body').innerText()).toContain('Tiếp nhận hồ sơ của: <script>window.pwned');
    expect(visited.problems).toEqual([]);
    expect(visited.dialogs).toEqual([]);
    await screenshot(page, 'form-01-from-handler');
    await page.context().close();
  });

  it('the control slip of the same dossier, and a 404 as JSON for a form it does not have', async () => {
    const slip = await visit(`/forms/05/${realDossier!.id}`, A5_LANDSCAPE.widthMm);
    await checkSheet(slip, CONTROL_SLIP_TITLE, A5_LANDSCAPE);
    expect(slip.problems).toEqual([]);
    await slip.page.context().close();
    const missing = await visit(`/forms/04/${realDossier!.id}`, A5.widthMm);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(await missing.page.locator('body').innerText()).toContain('FORM_NOT_AVAILABLE');
    await missing.page.context().close();
  });
});

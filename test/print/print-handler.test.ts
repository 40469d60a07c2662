import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toVnIso } from '#domain/calendar/vn-time';
import { createPrintHandler, type PrintHandler } from '#print/app';
import { createDocumentClient } from '#store/clients';
import { type Services, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { decodeQrSvg } from './qr-decode';

// Bắc Kạn (06): Dương Phong commune's one-stop hands social-allowance dossiers to Bạch Thông district.
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const OTHER_COMMUNE = '06.063.01975';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const communeHead: Claims = { sub: 'ct-duongphong', agency: COMMUNE, roles: 'AGENCY_HEAD APPROVER' };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };
const otherCommune: Claims = { sub: 'tn-vihuong', agency: OTHER_COMMUNE, roles: 'RECEPTION_OFFICER AGENCY_HEAD' };

const HOSTILE_NAME = '<script>window.pwned=1</script>Hà "Nam"';

let fixture: ProvinceFixture;
let services: Services;
let gql: ReturnType<typeof graphqlClient>;
let print: PrintHandler;

beforeAll(async () => {
  fixture = await setUpProvince();
  services = servicesForTable(fixture.tableName, { db: createDocumentClient(fixture.dynamo) });
  const [{ handler: graphql }, { handler }] = await Promise.all([import('#graphql/handler'), import('#print/handler')]);
  gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  print = handler;
});

afterEach(() => {
  vi.restoreAllMocks();
});

let requests = 0;

/** An HTTP API (payload 2.0) GET as API Gateway sends it; `pathParameters: false` is the local server's shape. */
function event(
  path: string,
  claims?: Claims,
  options: { query?: Record<string, string>; pathParameters?: boolean; method?: string } = {},
): APIGatewayProxyEventV2 {
  requests += 1;
  const [, , form, dossierId] = path.split('/');
  const usePathParameters = options.pathParameters ?? true;
  return {
    version: '2.0',
    routeKey: dossierId === undefined ? 'GET /forms/{form}' : 'GET /forms/{form}/{dossierId}',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { accept: 'text/html' },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(usePathParameters ? { pathParameters: { form: form ?? '', ...(dossierId !== undefined ? { dossierId } : {}) } } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: options.method ?? 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `print-${requests}`,
      routeKey: 'GET /forms',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

async function get(
  path: string,
  claims?: Claims,
  options?: Parameters<typeof event>[2],
): Promise<APIGatewayProxyStructuredResultV2 & { json?: Record<string, string> }> {
  const result = await print(event(path, claims, options));
  const isJson = String(result.headers?.['content-type']).startsWith('application/json');
  return { ...result, ...(isJson ? { json: JSON.parse(result.body ?? '{}') } : {}) };
}

async function mutate<
  T = { id: string; version: number; code: string | null; dueAt: string | null; pendingHandoff: { id: string } | null },
>(name: string, args: string, variables: Record<string, unknown>, claims: Claims): Promise<T> {
  const declared = Object.entries(variables).map(
    ([key, value]) =>
      `$${key}: ${typeof value === 'number' ? 'Int!' : key === 'input' ? 'SubmitDossierInput!' : key === 'items' ? '[DocumentItemInput!]!' : key === 'd' ? 'DateTime!' : key === 'id' || key === 'to' ? 'ID!' : 'String!'}`,
  );
  const response = await gql<Record<string, T>>(
    `mutation (${declared.join(', ')}) { ${name}(${args}) { id version code dueAt pendingHandoff { id } } }`,
    variables,
    claims,
  );
  if (response.errors) throw new Error(`${name}: ${response.errors[0]!.message}`);
  return response.data![name]!;
}

const submit = (fullName = 'Hà Văn Nam') =>
  mutate(
    'submitDossier',
    'input: $input',
    {
      input: {
        procedureCode: '1.001776',
        channel: 'DIRECT',
        applicant: { kind: 'CITIZEN', fullName, phone: '0987654321', address: { communeAgencyCode: COMMUNE, street: 'Thôn Nà Pài' } },
        documents: [{ code: 'TO_KHAI_TCXH' }],
      },
    },
    reception,
  );

const accept = (dossier: { id: string; version: number }) =>
  mutate('acceptDossier', 'id: $id, expectedVersion: $v', { id: dossier.id, v: dossier.version }, reception);

function expectPage(result: APIGatewayProxyStructuredResultV2, title: string) {
  expect(result.statusCode).toBe(200);
  expect(result.headers).toMatchObject({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  expect(result.headers?.['content-security-policy']).toMatch(
    /^default-src 'none'; style-src 'unsafe-inline'; img-src data:;.*frame-ancestors 'none'$/,
  );
  expect(result.body).toContain(`<h1>${title}</h1>`);
}

describe('forms of a dossier through its life', () => {
  let received: Awaited<ReturnType<typeof accept>>;

  beforeAll(async () => {
    received = await accept(await submit());
  });

  it('prints the receipt (01) once the dossier is received, with its code in text and QR', async () => {
    const result = await get(`/forms/01/${received.id}`, reception);
    expectPage(result, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(result.body).toContain('UBND XÃ DƯƠNG PHONG');
    expect(result.body).toContain('Hà Văn Nam');
    expect(result.body).toContain(`<span data-field="dossierCode">${received.code}</span>`);
    expect(result.body).toContain(`ngày ${toVnIso(new Date(received.dueAt!)).slice(8, 10)} tháng`);
    const svg = /<svg class="qr"[\s\S]*?<\/svg>/.exec(result.body ?? '')![0];
    expect(decodeQrSvg(svg).text).toBe(received.code);
  });

  it('answers the same from the raw path alone, as the local HTTP server passes it', async () => {
    const result = await get(`/forms/01/${received.id}`, reception, { pathParameters: false });
    expectPage(result, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  });

  it('answers 404 with a Vietnamese and an English message for a form the dossier does not have yet', async () => {
    for (const form of ['02', '03', '04']) {
      const result = await get(`/forms/${form}/${received.id}`, reception);
      expect(result.statusCode).toBe(404);
      expect(result.json).toMatchObject({ code: 'FORM_NOT_AVAILABLE' });
      expect(result.json!.message).toMatch(new RegExp(`^This dossier has no Form ${form} \\(.+\\) yet$`));
      expect(result.json!.messageVi).toMatch(new RegExp(`^Hồ sơ chưa có Mẫu số ${form} \\(.+\\)$`));
    }
  });

  it('prints the apology (04) after the agency head apologised, headed by the apologising agency', async () => {
    const revised = new Date(Date.parse(received.dueAt!) + 7 * 86_400_000).toISOString();
    received = await mutate(
      'apologize',
      'id: $id, expectedVersion: $v, reason: $reason, revisedDueAt: $d',
      { id: received.id, v: received.version, reason: 'Chờ kết quả xác minh', d: revised },
      communeHead,
    );
    const result = await get(`/forms/04/${received.id}`, reception);
    expectPage(result, 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(result.body).toContain('<span class="field-value" data-field="reason">Chờ kết quả xác minh</span>');
    expect(result.body).toContain('UBND Xã Dương Phong xin lỗi ông/bà');
    expect(result.body).toContain('ct-duongphong');
  });

  it('prints the control slip (05) with the handover to the district, for the commune and for the district', async () => {
    received = await mutate(
      'transferDossier',
      'id: $id, toAgency: $to, expectedVersion: $v',
      { id: received.id, to: DISTRICT, v: received.version },
      reception,
    );
    // In transit: the district, the handoff's receiver, may already read it.
    expect((await get(`/forms/05/${received.id}`, districtOfficer)).statusCode).toBe(200);
    await services.dossiers.deliver({
      kind: 'HANDOFF',
      dossierId: received.id,
      handoffId: received.pendingHandoff!.id,
      toAgency: DISTRICT,
    });
    for (const claims of [reception, districtOfficer]) {
      const result = await get(`/forms/05/${received.id}`, claims);
      expectPage(result, 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
      const rows = result.body!.match(/<tr data-verdict="(EARLY|ON_TIME|LATE)">[\s\S]*?<\/tr>/g) ?? [];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('1. Giao: <b>UBND Xã Dương Phong</b>');
      expect(rows[0]).toContain('2. Nhận: <b>UBND Huyện Bạch Thông</b>');
      expect(rows[0]).toMatch(/Trước hạn|Đúng hạn/);
      expect(rows[0]).not.toContain('Chưa nhận');
      expect(result.body).toContain('Cơ quan (bộ phận) giải quyết hồ sơ: <span class="field-value">UBND Huyện Bạch Thông</span>');
    }
  });

  it('answers an officer of another commune exactly as for a dossier that does not exist', async () => {
    const hidden = await get(`/forms/01/${received.id}`, otherCommune);
    const missing = await get('/forms/01/00000000-0000-4000-8000-000000000000', otherCommune);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json).toEqual({ code: 'DOSSIER_NOT_FOUND', message: `No dossier ${received.id}`, messageVi: 'Không tìm thấy hồ sơ' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json?.code).toBe('DOSSIER_NOT_FOUND');
    // Even for a form the dossier does not have: visibility is checked first.
    expect((await get(`/forms/03/${received.id}`, otherCommune)).json?.code).toBe('DOSSIER_NOT_FOUND');
  });
});

describe('reception refused', () => {
  it('prints one-time guidance (02) and then the refusal (03), but no receipt (01)', async () => {
    const dossier = await submit();
    const pending = await mutate(
      'requestCompletion',
      'id: $id, expectedVersion: $v, items: $items, reason: $reason',
      {
        id: dossier.id,
        v: dossier.version,
        items: [{ code: 'GIAY_XAC_NHAN_KT', note: 'Bản sao có chứng thực' }],
        reason: 'Thiếu giấy xác nhận khuyết tật',
      },
      reception,
    );
    const guidance = await get(`/forms/02/${dossier.id}`, reception);
    expectPage(guidance, 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(guidance.body).toContain('Giấy xác nhận khuyết tật (nếu có)');
    expect(guidance.body).toContain('Bản sao có chứng thực');
    await mutate(
      'refuseDossier',
      'id: $id, expectedVersion: $v, reason: $reason',
      { id: dossier.id, v: pending.version, reason: 'Người nộp không bổ sung' },
      reception,
    );
    const refusal = await get(`/forms/03/${dossier.id}`, reception);
    expectPage(refusal, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(refusal.body).toContain('<p class="field-value" data-field="reason">Người nộp không bổ sung</p>');
    const receipt = await get(`/forms/01/${dossier.id}`, reception);
    expect(receipt.statusCode).toBe(404);
    expect(receipt.json?.code).toBe('FORM_NOT_AVAILABLE');
    expect((await get(`/forms/05/${dossier.id}`, reception)).json?.code).toBe('FORM_NOT_AVAILABLE');
  });
});

describe('requests the handler refuses', () => {
  it('401 without claims, before looking at anything else', async () => {
    for (const path of ['/forms/01/abc', '/forms/99/x', '/forms/06']) {
      const result = await get(path);
      expect(result.statusCode).toBe(401);
      expect(result.json).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // Claims without an agency are no caller either.
    expect((await get('/forms/01/abc', { sub: 'x' } as Claims)).statusCode).toBe(401);
  });

  it('400 for a form number that is not 01–06, and for a malformed dossier id', async () => {
    for (const path of [
      '/forms/07/abc',
      '/forms/1/abc',
      '/forms/ab/abc',
      '/forms/00/abc',
      '/forms/01',
      '/forms/06/abc',
      `/forms/01/${'a'.repeat(65)}`,
      '/forms/01/a.b',
      '/forms/01/a_b',
      '/forms/01/%3Cscript%3E',
    ]) {
      for (const pathParameters of [true, false]) {
        const result = await get(path, reception, { pathParameters });
        expect(result.statusCode, `${path} ${pathParameters}`).toBe(400);
        expect(result.json).toMatchObject({ code: 'BAD_INPUT', message: expect.any(String), messageVi: expect.any(String) });
      }
    }
    expect((await get('/other/path', reception, { pathParameters: false })).statusCode).toBe(400);
    expect((await get(`/forms/01/${'a'.repeat(64)}`, reception)).statusCode).toBe(404);
  });

  it('405 for anything but GET', async () => {
    const result = await get(`/forms/01/abc`, reception, { method: 'POST' });
    expect(result.statusCode).toBe(405);
    expect(result.headers?.allow).toBe('GET');
  });

  it('500 without the error or its stack when something breaks underneath', async () => {
    const broken = createPrintHandler({
      services: {
        ...services,
        dossiers: {
          readable: async () => {
            throw new Error('secret table detail at dossierReads.dossier (/var/task/x.js:1:1)');
          },
        },
      } as unknown as Services,
      logger: new Logger({ serviceName: 'print-test', logLevel: 'SILENT' }),
    });
    const result = await broken(event('/forms/01/abc', reception));
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body!)).toEqual({
      code: 'INTERNAL',
      message: 'Internal error',
      messageVi: 'Lỗi hệ thống',
      requestId: expect.any(String),
    });
    expect(result.body).not.toMatch(/secret|dossierReads|\.js:/);
  });
});

describe('user text on a real page', () => {
  it('renders a <script> in the applicant name as text', async () => {
    const dossier = await accept(await submit(HOSTILE_NAME));
    for (const form of ['01', '05']) {
      const result = await get(`/forms/${form}/${dossier.id}`, reception);
      expect(result.statusCode).toBe(200);
      expect(result.body).not.toContain('<script');
      expect(result.body).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;Hà &quot;Nam&quot;');
    }
  });

  it('logs ids and outcomes, never the applicant’s name', async () => {
    const dossier = await accept(await submit('Đinh Thị Bí Mật'));
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logged = createPrintHandler({ services, logger: new Logger({ serviceName: 'print', logLevel: 'INFO' }) });
    const result = await logged(event(`/forms/01/${dossier.id}`, reception));
    vi.restoreAllMocks();
    expect(result.statusCode).toBe(200);
    const entries = lines
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({
        message: 'Form printed',
        dossierId: dossier.id,
        form: '01',
        requestId: expect.any(String),
        officerId: 'tn-duongphong',
        status: 200,
      }),
    );
    expect(lines.join('')).not.toContain('Bí Mật');
  });
});

describe('the register (06)', () => {
  const vnDay = (offsetDays: number) => toVnIso(new Date(Date.now() + offsetDays * 86_400_000)).slice(0, 10);

  it('lists what the caller’s one-stop received in the period, on A4 landscape', async () => {
    const dossier = await accept(await submit('Nông Văn Sổ'));
    const result = await get('/forms/06', reception, { query: { from: vnDay(-1), to: vnDay(1) } });
    expectPage(result, 'SỔ THEO DÕI HỒ SƠ');
    expect(result.body).toContain('@page { size: A4 landscape;');
    expect(result.body).toContain(`<td>${dossier.code}</td>`);
    expect(result.body).toContain('Nông Văn Sổ');
    // Another one-stop's register does not list it.
    const other = await get('/forms/06', otherCommune, { query: { from: vnDay(-1), to: vnDay(1) } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(dossier.code!);
    expect(other.body).toContain('Không có hồ sơ nào được tiếp nhận trong kỳ này');
    // A period before it was received does not list it either.
    const before = await get('/forms/06', reception, { query: { from: vnDay(-30), to: vnDay(-2) } });
    expect(before.body).not.toContain(dossier.code!);
  });

  it('400 for a missing, malformed, impossible, reversed or too long period', async () => {
    for (const query of [
      {},
      { from: vnDay(0) },
      { from: '2026-3-1', to: '2026-03-31' },
      { from: '2026-02-30', to: '2026-03-31' },
      { from: '2026-03-31T00:00:00Z', to: '2026-03-31' },
      { from: '2026-03-31', to: '2026-03-01' },
      { from: '2025-01-01', to: '2026-01-02' },
    ]) {
      const result = await get('/forms/06', reception, { query: query as Record<string, string> });
      expect(result.statusCode, JSON.stringify(query)).toBe(400);
      expect(result.json?.code).toBe('BAD_INPUT');
    }
    // 366 days (2024 was a leap year) is the longest period one page prints.
    expect((await get('/forms/06', reception, { query: { from: '2024-01-01', to: '2024-12-31' } })).statusCode).toBe(200);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVnIso } from '#domain/calendar';
import { portalDossierId } from '#domain/online/filing';
import { contractErrors } from '#portal/contract/validate';
import { httpPortalInbound, type PortalEndpoint } from '#portal-inbound/client';
import { httpPortalReconcileSource } from '#portal-inbound/reconcile-source';
import { DEFAULT_RETRY, httpPortalClient } from '#portal-sync/portal-client';
import { connectionOf } from '#portal-sync/portal-config';
import { sharedDocumentClient } from '#store/clients';
import { type Services, servicesForTable } from '../../functions/services';
import { createStore, type Store } from '../../functions/store';
import { LOCAL_PORTAL_CREDENTIALS, type PortalEmulator, startPortalEmulator } from '../../local/portal-emulator/server';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

/**
 * Issue 10, inbound: dossiers filed online on the portal emulator, pulled by the intake service
 * over HTTP into DynamoDB Local, handled at the counter like any other; fees; reconciliation.
 */
const COMMUNE = '06.063.02014'; // Xã Dương Phong
const OTHER_COMMUNE = '06.063.02017'; // Xã Quang Thuận: the reconciliation's own agency, so other tests do not count
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const otherReception: Claims = { sub: 'tn-quangthuan', agency: OTHER_COMMUNE, roles: 'RECEPTION_OFFICER' };
const admin: Claims = { sub: 'kstt', agency: '06', roles: 'PROVINCE_ADMIN' };

let portal: PortalEmulator;
let endpoint: PortalEndpoint;
let services: Services;
let store: Store;
let gql: ReturnType<typeof graphqlClient>;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  const fixture = await setUpProvince();
  services = servicesForTable(fixture.tableName);
  store = createStore(sharedDocumentClient(), fixture.tableName);
  snapshot = () => tableSnapshot(fixture.dynamo, fixture.tableName);
  portal = await startPortalEmulator();
  const { username, password } = LOCAL_PORTAL_CREDENTIALS;
  endpoint = { endpoint: portal.url, authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

afterAll(async () => {
  await portal?.stop();
});

const sideDoor = async (path: string, body: unknown) => {
  const response = await fetch(`${portal.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Record<string, string>;
};

const fileOnline = (overrides: Record<string, unknown> = {}) =>
  sideDoor('/_emulator/file-online', {
    procedureCode: '2.000815',
    agencyCode: COMMUNE,
    communeCode: COMMUNE,
    applicant: { fullName: 'Lường Thị Hoa', phone: '0912000111' },
    documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO', copies: 2 }],
    ...overrides,
  });

const pull = () => services.online.pull(httpPortalInbound(endpoint));

const DOSSIER = `id version status code portalCode channel allowedActions documents { code copies }
  fees { code amount kind paid { via } } feeSummary { total paid fullyPaid paidOnline feeBearing }`;

async function call<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, claims: Claims): Promise<T> {
  const response = await gql<Record<string, T>>(query, variables, claims);
  if (response.errors) throw Object.assign(new Error(response.errors[0]!.message), { extensions: response.errors[0]!.extensions });
  return Object.values(response.data!)[0]!;
}

const dossier = (id: string, claims = reception) =>
  call<Record<string, unknown>>(`query ($id: ID!) { dossier(id: $id) { ${DOSSIER} } }`, { id }, claims);
const act = (mutation: string, args: string, variables: Record<string, unknown>, claims = reception) =>
  call<Record<string, unknown>>(`mutation (${args}) { ${mutation} { ${DOSSIER} } }`, variables, claims);

describe('a dossier filed online', () => {
  it('enters the one-stop’s inbox once, as an ONLINE dossier keeping the portal’s code, however often it is pulled', async () => {
    const { portalCode } = await fileOnline();
    expect(portalCode).toMatch(/^06\.063\.02014-\d{6}-QG\d{4}$/);
    // The portal lists the item twice in one page (a duplicated answer), and the next pull sees it again.
    await sideDoor('/_emulator/inbound-repeat', { on: true });
    const first = await services.online.pull({ ...httpPortalInbound(endpoint), acknowledge: async () => undefined });
    await sideDoor('/_emulator/inbound-repeat', { on: false });
    expect(first).toMatchObject({ fetched: 2, taken: 1, duplicates: 1, rejected: 0 });
    const second = await pull();
    expect(second).toMatchObject({ fetched: 1, taken: 0, duplicates: 1 });
    expect(await pull()).toMatchObject({ fetched: 0 });

    const inbox = await call<{ nodes: { id: string; portalCode: string | null; channel: string }[] }>(
      'query { inbox(first: 100) { nodes { id portalCode channel } } }',
      {},
      reception,
    );
    const online = inbox.nodes.filter((node) => node.portalCode === portalCode);
    expect(online).toEqual([{ id: portalDossierId(portalCode!), portalCode, channel: 'ONLINE' }]);
    const items = (await (await fetch(`${portal.url}/_emulator/inbound`)).json()) as {
      items: { body: { MaHoSo: string }; ack?: { outcome: string; times: number } }[];
    };
    expect(items.items.find((item) => item.body.MaHoSo === portalCode)?.ack).toMatchObject({ outcome: 'DUPLICATE', times: 1 });
  });

  it('waits out a portal that fails: nothing is taken or lost, the next pull takes the filing', async () => {
    await pull();
    const { portalCode } = await fileOnline();
    await sideDoor('/_emulator/faults', { mode: '5xx' });
    await expect(pull()).rejects.toMatchObject({ code: 'PORTAL_UNAVAILABLE', status: 503 });
    await sideDoor('/_emulator/faults', { mode: 'none' });
    expect(await store.dossiers.dossier(portalDossierId(portalCode!))).toBeUndefined();
    expect(await pull()).toMatchObject({ fetched: 1, taken: 1 });
  });

  it('takes the same items pushed by the portal (the other transport), with the same idempotence', async () => {
    const filing = {
      id: 'PUSH-1',
      kind: 'FILING',
      body: {
        MaHoSo: '06.063.02014-261203-QG7001',
        MaTTHC: '2.000815',
        NoiNopHoSo: COMMUNE,
        NgayNopHoSo: '20261203080000',
        ChuHoSo: 'Hoàng Văn Đức',
        LoaiDoiTuong: 1,
        MaXaPhuong: COMMUNE,
        TaiLieuNop: [{ MaThanhPhanHoSo: 'BAN_CHINH' }, { MaThanhPhanHoSo: 'BAN_SAO' }],
      },
    };
    const { takePushed } = await import('#portal-inbound/push');
    expect((await takePushed(services, { items: [filing] })).results).toEqual([
      { id: 'PUSH-1', outcome: 'TAKEN', dossierId: portalDossierId('06.063.02014-261203-QG7001') },
    ]);
    expect((await takePushed(services, { items: [filing] })).results[0]).toMatchObject({ outcome: 'DUPLICATE' });
    await expect(takePushed(services, { nothing: true })).rejects.toMatchObject({ code: 'INVALID_FILING' });
  });

  it('is accepted at the counter under the portal’s code (no number of the day is taken)', async () => {
    const { portalCode } = await fileOnline();
    await pull();
    const id = portalDossierId(portalCode!);
    const before = await dossier(id);
    expect(before).toMatchObject({ status: 'SUBMITTED', code: null, allowedActions: expect.arrayContaining(['ACCEPT', 'REFUSE']) });
    const accepted = await act('acceptDossier(id: $id, expectedVersion: $v)', '$id: ID!, $v: Int!', { id, v: before.version });
    expect(accepted).toMatchObject({ status: 'RECEIVED', code: portalCode, portalCode });
    const numbers = await store.numbering.numberedDay(COMMUNE, toVnIso(new Date()).slice(2, 10).replaceAll('-', ''));
    expect(numbers).toEqual({ last: 0, recorded: new Set() });
  });

  it('asks for completion (Form 02) and takes the applicant’s answer from the portal, once', async () => {
    const { portalCode } = await fileOnline({ procedureCode: '1.001776', documents: [{ code: 'TO_KHAI_TCXH' }] });
    await pull();
    const id = portalDossierId(portalCode!);
    const asked = await act(
      'requestCompletion(id: $id, expectedVersion: 1, items: [{ code: "GIAY_XAC_NHAN_KT" }], reason: $reason)',
      '$id: ID!, $reason: String!',
      { id, reason: 'Thiếu giấy xác nhận khuyết tật' },
    );
    expect(asked.status).toBe('PENDING_COMPLETION');
    await sideDoor('/_emulator/answer', { portalCode, documents: [{ code: 'GIAY_XAC_NHAN_KT' }] });
    await sideDoor('/_emulator/inbound-repeat', { on: true });
    expect(await pull()).toMatchObject({ taken: 1, duplicates: 1, rejected: 0 });
    await sideDoor('/_emulator/inbound-repeat', { on: false });
    const answered = await dossier(id);
    expect(answered).toMatchObject({ status: 'SUBMITTED', version: 3 });
    expect(answered.documents).toEqual(expect.arrayContaining([{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }]));
  });

  it('is refused like a counter dossier', async () => {
    const { portalCode } = await fileOnline();
    await pull();
    const refused = await act('refuseDossier(id: $id, expectedVersion: 1, reason: $reason)', '$id: ID!, $reason: String!', {
      id: portalDossierId(portalCode!),
      reason: 'Thủ tục không thuộc thẩm quyền',
    });
    expect(refused).toMatchObject({ status: 'NOT_RECEIVED', portalCode });
  });

  it('refuses a bad filing with a typed error recorded for the operator, and stores nothing of it', async () => {
    await pull();
    const before = await snapshot();
    const { itemId } = await sideDoor('/_emulator/inbound', {
      kind: 'FILING',
      body: { MaHoSo: '06.063.02014-261203-QG9999', MaTTHC: '2.000815', NoiNopHoSo: COMMUNE, NgayNopHoSo: '20261203250000' },
    });
    const unknownProcedure = await fileOnline({ procedureCode: 'KHONG.CO' });
    expect(await pull()).toMatchObject({ fetched: 2, rejected: 2, taken: 0 });
    const failures = await call<{ itemId: string; code: string; message: string }[]>(
      'query { onlineIntakeFailures { itemId code message portalCode } }',
      {},
      admin,
    );
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemId, code: 'INVALID_FILING', message: expect.stringContaining('NgayNopHoSo') }),
        expect.objectContaining({ itemId: unknownProcedure.itemId, code: 'PROCEDURE_NOT_FOUND' }),
      ]),
    );
    // Only the failure records were added: no dossier, no event.
    const added = JSON.parse(await snapshot()).filter((item: string) => !JSON.parse(before).includes(item));
    expect(added.map((item: string) => JSON.parse(item).PK.S)).toEqual(['PORTAL_INTAKE#FAILED', 'PORTAL_INTAKE#FAILED']);
    const items = (await (await fetch(`${portal.url}/_emulator/inbound`)).json()) as {
      items: { id: string; ack?: { outcome: string; code?: string } }[];
    };
    expect(items.items.find((item) => item.id === itemId)?.ack).toMatchObject({ outcome: 'REJECTED', code: 'INVALID_FILING' });
  });
});

describe('fees', () => {
  it('are assessed with the filing, paid online through the portal, and at the counter', async () => {
    const fees = [
      { code: 'LP01', name: 'Lệ phí chứng thực', amount: 10_000, kind: 'CHARGE' },
      { code: 'P02', name: 'Phí sao y', amount: 2_000, kind: 'FEE' },
    ];
    const { portalCode } = await fileOnline({ fees });
    await pull();
    const id = portalDossierId(portalCode!);
    expect(await dossier(id)).toMatchObject({
      version: 2,
      fees: [
        { code: 'LP01', amount: 10_000, kind: 'CHARGE', paid: null },
        { code: 'P02', amount: 2_000, kind: 'FEE', paid: null },
      ],
      feeSummary: { total: 12_000, paid: 0, fullyPaid: false, feeBearing: true },
    });
    await sideDoor('/_emulator/pay', { portalCode, feeCode: 'LP01' });
    await pull();
    const paidOnline = await dossier(id);
    expect(paidOnline).toMatchObject({
      version: 3,
      fees: [
        { code: 'LP01', paid: { via: 'PORTAL' } },
        { code: 'P02', paid: null },
      ],
    });
    const paidAtCounter = await act('recordFeePayment(id: $id, expectedVersion: 3, code: "P02")', '$id: ID!', { id });
    expect(paidAtCounter.feeSummary).toEqual({ total: 12_000, paid: 12_000, fullyPaid: true, paidOnline: false, feeBearing: true });
    const twice = await gql('mutation ($id: ID!) { recordFeePayment(id: $id, expectedVersion: 4, code: "P02") { id } }', { id }, reception);
    expect(twice.errors?.[0]?.extensions?.code).toBe('ILLEGAL_ACTION');
  });

  it('are assessed at the counter on a counter dossier, and a bad line changes nothing', async () => {
    const submitted = await act('submitDossier(input: $input)', '$input: SubmitDossierInput!', {
      input: {
        procedureCode: '2.000815',
        applicant: { kind: 'CITIZEN', fullName: 'Hà Văn Nam', address: { communeAgencyCode: COMMUNE } },
        documents: [
          { code: 'BAN_CHINH', copies: 1 },
          { code: 'BAN_SAO', copies: 1 },
        ],
      },
    });
    const id = String(submitted.id);
    const before = await snapshot();
    const bad = await gql(
      'mutation ($id: ID!) { assessFees(id: $id, expectedVersion: 1, fees: [{ code: "LP01", name: "Lệ phí", amount: -5, kind: CHARGE }]) { id } }',
      { id },
      reception,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'fees[0].amount' });
    expect(await snapshot()).toBe(before);
    const assessed = await act(
      'assessFees(id: $id, expectedVersion: 1, fees: [{ code: "LP01", name: "Lệ phí chứng thực", amount: 10000, kind: CHARGE }])',
      '$id: ID!',
      { id },
    );
    expect(assessed).toMatchObject({ channel: 'DIRECT', fees: [{ code: 'LP01', paid: null }] });
    const paid = await act('recordFeePayment(id: $id, expectedVersion: 2, code: "LP01")', '$id: ID!', { id });
    expect(paid.fees).toEqual([{ code: 'LP01', amount: 10_000, kind: 'CHARGE', paid: { via: 'COUNTER' } }]);
  });
});

/** The printable page, through the print Lambda's handler as API Gateway invokes it. */
async function printReconciliation(day: string, agency: string, claims: Claims) {
  const { handler } = await import('#print/handler');
  const query = { day, agency };
  const event = {
    version: '2.0',
    routeKey: 'GET /forms/{form}',
    rawPath: '/forms/reconciliation',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { accept: 'text/html' },
    queryStringParameters: query,
    pathParameters: { form: 'reconciliation' },
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'GET', path: '/forms/reconciliation' },
      requestId: 'print-reconciliation',
      authorizer: { jwt: { claims, scopes: [] } },
    },
  };
  return await (handler as unknown as (event: unknown) => Promise<{ statusCode: number; body: string }>)(event);
}

describe('reconciliation with the portal', () => {
  /**
   * The sync sender's use case (issue 10's outbound half), as it runs for each message the relay
   * puts on the sync queue: the dossier's current state and new steps to the portal.
   */
  async function sendToPortal(id: string) {
    const client = httpPortalClient(async () => connectionOf({ endpoint: portal.url, ...LOCAL_PORTAL_CREDENTIALS }), {
      ...DEFAULT_RETRY,
      baseMs: 1,
    });
    expect(await services.portalSync.sync(id, client, async () => contractErrors)).toMatchObject({ kind: 'ACKNOWLEDGED' });
  }

  it('finds a missing dossier and a mismatched state, and a resync of the day fixes both', async () => {
    const today = toVnIso(new Date()).slice(0, 10);
    const ids: string[] = [];
    for (const name of ['Nông Văn An', 'Triệu Thị Bình']) {
      const { portalCode } = await fileOnline({ agencyCode: OTHER_COMMUNE, applicant: { fullName: name } });
      await pull();
      const id = portalDossierId(portalCode!);
      await act('acceptDossier(id: $id, expectedVersion: 1)', '$id: ID!', { id }, otherReception);
      ids.push(id);
    }
    const [sent, neverSent] = ids as [string, string];
    await sendToPortal(sent);
    // After the portal got it, the dossier moved on without the portal hearing of it.
    await act(
      'requestSupplement(id: $id, expectedVersion: 2, items: [{ code: "BAN_SAO" }], reason: $reason)',
      '$id: ID!, $reason: String!',
      { id: sent, reason: 'Bản sao không rõ' },
      otherReception,
    );

    const report = await services.reconciliation.run(today, OTHER_COMMUNE, httpPortalReconcileSource(endpoint));
    expect(report.counts).toMatchObject({ province: 2, portal: 1, matching: 0, missing: 1, mismatched: 1, unknown: 0, unacknowledged: 2 });
    expect(report.missing).toEqual([expect.objectContaining({ dossierId: neverSent, portalStatus: 2 })]);
    expect(report.mismatched).toEqual([
      expect.objectContaining({ dossierId: sent, ourVersion: 3, portalVersion: 2, ourStatus: 5, portalStatus: 2 }),
    ]);
    const shown = await call<Record<string, unknown>>(
      `query ($day: String!, $agency: ID!) { reconciliation(day: $day, agencyCode: $agency) {
        clean counts { province portal missing mismatched } missing { dossierId } mismatched { dossierId ourStatus portalStatus } } }`,
      { day: today, agency: OTHER_COMMUNE },
      otherReception,
    );
    expect(shown).toMatchObject({ clean: false, counts: { province: 2, portal: 1, missing: 1, mismatched: 1 } });
    const page = await printReconciliation(today, OTHER_COMMUNE, otherReception);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Báo cáo đối soát hồ sơ với Cổng Dịch vụ công quốc gia'.toLocaleUpperCase('vi'));
    expect(page.body).toContain('Chưa có trên Cổng');
    expect(page.body).toContain('Trạng thái khác nhau');
    expect((await printReconciliation(today, OTHER_COMMUNE, reception)).statusCode).toBe(403);

    const forbidden = await gql(
      'mutation ($day: String!, $a: ID!) { resyncDayToPortal(day: $day, agencyCode: $a) }',
      { day: today, a: OTHER_COMMUNE },
      otherReception,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const resynced = await call<number>(
      'mutation ($day: String!, $a: ID!) { resyncDayToPortal(day: $day, agencyCode: $a) }',
      { day: today, a: OTHER_COMMUNE },
      admin,
    );
    expect(resynced).toBe(2);
    for (const id of ids) {
      const history = await store.dossiers.history(id);
      expect(history.at(-1)).toMatchObject({ type: 'PORTAL_RESYNC_REQUESTED', scope: 'DAY' });
      // The stream-fed sync path sends each dossier's current state on that event.
      await sendToPortal(id);
    }
    const after = await services.reconciliation.run(today, OTHER_COMMUNE, httpPortalReconcileSource(endpoint));
    expect(after.counts).toMatchObject({ province: 2, portal: 2, matching: 2, missing: 0, mismatched: 0, unacknowledged: 0 });

    // The operator's command: the same comparison, printed; exit 0 when clean.
    const { username, password } = LOCAL_PORTAL_CREDENTIALS;
    // Not spawnSync: the emulator answering it runs in this process.
    const command = await promisify(execFile)('npx', ['tsx', 'scripts/reconcile.ts', '--day', today, '--agency', OTHER_COMMUNE], {
      encoding: 'utf8',
      env: { ...process.env, PORTAL_ENDPOINT: portal.url, PORTAL_USERNAME: username, PORTAL_PASSWORD: password },
    });
    expect(command.stderr).toBe('');
    // execFile rejects on a non-zero exit: reaching here means exit 0 (clean).
    expect(command.stdout).toContain(`${OTHER_COMMUNE} ${today}: 2 here, 2 at the portal; 2 matching, 0 missing, 0 mismatched`);
  });

  it('resyncs one dossier by an event, and answers a bad day with BAD_INPUT', async () => {
    const { portalCode } = await fileOnline();
    await pull();
    const id = portalDossierId(portalCode!);
    const resynced = await call<Record<string, unknown>>(
      'mutation ($id: ID!) { resyncDossierToPortal(id: $id, reason: "Cổng báo thiếu") { id version status } }',
      { id },
      admin,
    );
    expect(resynced).toMatchObject({ version: 2, status: 'SUBMITTED' });
    const bad = await gql('query { reconciliation(day: "2026-02-30", agencyCode: "06") { clean } }', {}, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'day' });
  });
});

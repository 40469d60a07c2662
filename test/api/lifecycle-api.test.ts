import { beforeAll, describe, expect, it } from 'vitest';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const communeHead: Claims = { sub: 'ct-duongphong', agency: COMMUNE, roles: 'AGENCY_HEAD APPROVER' };
const districtReception: Claims = { sub: 'tn-bachthong', agency: DISTRICT, roles: 'RECEPTION_OFFICER' };
const districtHead: Claims = { sub: 'tp-bachthong', agency: DISTRICT, roles: 'AGENCY_HEAD' };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };
const districtApprover: Claims = { sub: 'pct-bachthong', agency: DISTRICT, roles: 'APPROVER' };
const admin: Claims = { sub: 'kstt', agency: '06', roles: 'PROVINCE_ADMIN' };

let gql: ReturnType<typeof graphqlClient>;
let tableName: string;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  const fixture = await setUpProvince();
  tableName = fixture.tableName;
  snapshot = () => tableSnapshot(fixture.dynamo, tableName);
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const VIEW = `id version status phase allowedActions dueAt receivedAt code
  clock { paused supplementRequests pauses { reason from to } }
  verdict { verdict label nationalVerdict final }
  result { decision resultNumber } procedure { version duration { value } }`;

interface View {
  id: string;
  version: number;
  status: string;
  phase: string | null;
  allowedActions: string[];
  dueAt: string | null;
  receivedAt: string | null;
  code: string | null;
  clock: { paused: boolean; supplementRequests: number; pauses: { reason: string; from: string; to: string | null }[] };
  verdict: { verdict: string; label: string; nationalVerdict: string; final: boolean } | null;
  result: { decision: string; resultNumber: string | null } | null;
  procedure: { version: number; duration: { value: number } };
}

async function mutate(name: string, args: Record<string, unknown>, claims: Claims): Promise<View> {
  const declared = Object.keys(args)
    .map((key) => `$${key}: ${ARG_TYPES[key]}`)
    .join(', ');
  const passed = Object.keys(args)
    .map((key) => `${key}: $${key}`)
    .join(', ');
  const response = await gql<Record<string, View>>(`mutation (${declared}) { ${name}(${passed}) { ${VIEW} } }`, args, claims);
  if (response.errors) throw Object.assign(new Error(response.errors[0]!.message), { extensions: response.errors[0]!.extensions });
  return response.data![name]!;
}

const ARG_TYPES: Record<string, string> = {
  id: 'ID!',
  expectedVersion: 'Int!',
  reason: 'String!',
  items: '[DocumentItemInput!]!',
  documents: '[HandedInDocumentInput!]!',
  decision: 'Decision!',
  resultNumber: 'String',
  deliveryMode: 'DeliveryMode!',
  assignee: 'String!',
  input: 'SubmitDossierInput!',
};

async function failure(run: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await run();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected the mutation to fail');
}

async function submit(procedureCode: string, documents: { code: string }[], claims = reception, commune = COMMUNE): Promise<View> {
  return mutate(
    'submitDossier',
    {
      input: {
        procedureCode,
        applicant: { kind: 'CITIZEN', fullName: 'Hà Văn Nam', phone: '0987654321', address: { communeAgencyCode: commune } },
        documents,
      },
    },
    claims,
  );
}

const accept = (dossier: View, claims = reception) => mutate('acceptDossier', { id: dossier.id, expectedVersion: dossier.version }, claims);

describe('the reception desk', () => {
  it('offers the reception officer exactly the actions the rules allow on a new dossier', async () => {
    const dossier = await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]);
    // ATTACH_DOCUMENT (issue 11): components are digitised at intake, before acceptance.
    expect(dossier.allowedActions.sort()).toEqual(['ACCEPT', 'ASSESS_FEES', 'ATTACH_DOCUMENT', 'REFUSE', 'REQUEST_COMPLETION', 'WITHDRAW']);
  });

  it('prints one-time guidance (Form 02) and a refusal (Form 03) with the officer’s reason', async () => {
    const dossier = await submit('1.001776', [{ code: 'TO_KHAI_TCXH' }]);
    const pending = await mutate(
      'requestCompletion',
      {
        id: dossier.id,
        expectedVersion: 1,
        items: [{ code: 'GIAY_XAC_NHAN_KT', note: 'Bản sao có chứng thực' }],
        reason: 'Thiếu giấy xác nhận khuyết tật',
      },
      reception,
    );
    expect(pending.status).toBe('PENDING_COMPLETION');
    const refused = await mutate(
      'refuseDossier',
      { id: dossier.id, expectedVersion: pending.version, reason: 'Người nộp không bổ sung' },
      reception,
    );
    expect(refused.status).toBe('NOT_RECEIVED');
    const forms = await gql<{ dossier: { forms: Record<string, unknown> } }>(
      `query ($id: ID!) { dossier(id: $id) { forms {
        completionRequest { receivingUnit applicantName items { name copyType note } reason afterReception }
        refusal { reason receivingUnit requestContent } receipt { dossierCode } } } }`,
      { id: dossier.id },
      reception,
    );
    expect(forms.data!.dossier.forms).toMatchObject({
      completionRequest: {
        receivingUnit: 'UBND Xã Dương Phong',
        items: [{ name: 'Giấy xác nhận khuyết tật (nếu có)', copyType: 'CERTIFIED_COPY', note: 'Bản sao có chứng thực' }],
        reason: 'Thiếu giấy xác nhận khuyết tật',
        afterReception: false,
      },
      refusal: { reason: 'Người nộp không bổ sung', requestContent: expect.stringContaining('trợ cấp xã hội') },
      receipt: null,
    });
  });

  it('answers an illegal action with the current state and the allowed actions, and writes nothing', async () => {
    const dossier = await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]);
    const before = await snapshot();
    const error = await failure(() => mutate('returnResult', { id: dossier.id, expectedVersion: 1, deliveryMode: 'COUNTER' }, reception));
    expect(error).toMatchObject({ code: 'ILLEGAL_ACTION', currentStatus: 'SUBMITTED', allowedActions: expect.arrayContaining(['ACCEPT']) });
    expect(await snapshot()).toBe(before);
  });

  it('refuses to ask for documents outside the procedure’s list', async () => {
    const dossier = await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]);
    const before = await snapshot();
    const error = await failure(() =>
      mutate('requestCompletion', { id: dossier.id, expectedVersion: 1, items: [{ code: 'SO_HO_KHAU' }], reason: 'x' }, reception),
    );
    expect(error.code).toBe('UNKNOWN_DOCUMENTS');
    expect(await snapshot()).toBe(before);
  });
});

describe('"4 tại chỗ"', () => {
  it('receives, approves and returns a certification at the counter, early', async () => {
    const dossier = await accept(await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]));
    expect(dossier.allowedActions).toContain('APPROVE_AT_COUNTER');
    const resolved = await mutate(
      'approveAtCounter',
      { id: dossier.id, expectedVersion: dossier.version, decision: 'APPROVED', resultNumber: 'SCT-12' },
      reception,
    );
    expect(resolved).toMatchObject({ status: 'RESOLVED', result: { decision: 'APPROVED', resultNumber: 'SCT-12' } });
    expect(resolved.verdict).toMatchObject({ final: true });
    expect(['EARLY', 'ON_TIME']).toContain(resolved.verdict!.verdict);
    const returned = await mutate(
      'returnResult',
      { id: dossier.id, expectedVersion: resolved.version, deliveryMode: 'COUNTER' },
      reception,
    );
    expect(returned.status).toBe('RETURNED');
    expect(returned.allowedActions).toEqual([]);
  });
});

describe('a district procedure through its internal steps', () => {
  it('assigns, appraises, signs and issues, pausing for a supplement on the way', async () => {
    let dossier = await accept(
      await submit('1.009994', [{ code: 'DON_GPXD' }, { code: 'GIAY_TO_DAT' }, { code: 'BAN_VE_TK' }], districtReception),
      districtReception,
    );
    const statutoryDue = dossier.dueAt!;
    dossier = await mutate('assignDossier', { id: dossier.id, expectedVersion: dossier.version, assignee: 'cv-bachthong' }, districtHead);
    dossier = await mutate('startAppraisal', { id: dossier.id, expectedVersion: dossier.version }, districtOfficer);
    expect(dossier).toMatchObject({ status: 'IN_PROCESSING', phase: 'APPRAISING' });
    dossier = await mutate(
      'requestSupplement',
      { id: dossier.id, expectedVersion: dossier.version, items: [{ code: 'BAN_VE_TK', note: 'Thiếu mặt cắt' }], reason: 'Bản vẽ chưa đủ' },
      districtOfficer,
    );
    expect(dossier).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', clock: { paused: true, supplementRequests: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    dossier = await mutate(
      'receiveSupplement',
      { id: dossier.id, expectedVersion: dossier.version, documents: [{ code: 'BAN_VE_TK', copies: 2 }] },
      districtReception,
    );
    expect(dossier).toMatchObject({ status: 'IN_PROCESSING', phase: 'APPRAISING', clock: { paused: false } });
    expect(Date.parse(dossier.dueAt!)).toBeGreaterThanOrEqual(Date.parse(statutoryDue));
    dossier = await mutate('submitForSignature', { id: dossier.id, expectedVersion: dossier.version }, districtOfficer);
    const notApprover = await failure(() =>
      mutate('signDossier', { id: dossier.id, expectedVersion: dossier.version, decision: 'APPROVED' }, districtOfficer),
    );
    expect(notApprover.code).toBe('FORBIDDEN');
    dossier = await mutate('signDossier', { id: dossier.id, expectedVersion: dossier.version, decision: 'APPROVED' }, districtApprover);
    dossier = await mutate('issueResult', { id: dossier.id, expectedVersion: dossier.version, resultNumber: '45/GPXD' }, districtOfficer);
    expect(dossier).toMatchObject({
      status: 'RESOLVED',
      result: { decision: 'APPROVED', resultNumber: '45/GPXD' },
      verdict: { final: true },
    });
  });

  it('stops a dossier with a reason, after which nothing else is allowed', async () => {
    let dossier = await accept(
      await submit('1.009994', [{ code: 'DON_GPXD' }, { code: 'GIAY_TO_DAT' }, { code: 'BAN_VE_TK' }], districtReception),
      districtReception,
    );
    dossier = await mutate('assignDossier', { id: dossier.id, expectedVersion: dossier.version, assignee: 'cv' }, districtHead);
    dossier = await mutate(
      'stopDossier',
      { id: dossier.id, expectedVersion: dossier.version, reason: 'Đất không đủ điều kiện xây dựng' },
      districtHead,
    );
    expect(dossier.status).toBe('STOPPED');
    expect(dossier.allowedActions).toEqual([]);
  });
});

describe('the apology (Form 04)', () => {
  it('is issued once by the agency head with a later appointment, which the form shows beside the original', async () => {
    const dossier = await accept(await submit('1.001776', [{ code: 'TO_KHAI_TCXH' }]));
    const revisedDueAt = new Date(Date.parse(dossier.dueAt!) + 7 * 86_400_000).toISOString();
    const response = await gql<{ apologize: { version: number; dueAt: string; forms: { apology: Record<string, unknown> } } }>(
      `mutation ($id: ID!, $v: Int!, $d: DateTime!) { apologize(id: $id, expectedVersion: $v, reason: "Chờ kết quả xác minh", revisedDueAt: $d) {
        version dueAt forms { apology { dossierCode reason originalDueAt revisedDueAt issuingAgency } } } }`,
      { id: dossier.id, v: dossier.version, d: revisedDueAt },
      communeHead,
    );
    expect(response.errors).toBeUndefined();
    const apologized = response.data!.apologize;
    expect(apologized.dueAt).toBe(dossier.dueAt);
    expect(apologized.forms.apology).toMatchObject({
      dossierCode: dossier.code,
      reason: 'Chờ kết quả xác minh',
      originalDueAt: dossier.dueAt,
      issuingAgency: 'UBND Xã Dương Phong',
    });
    expect(Date.parse(apologized.forms.apology.revisedDueAt as string)).toBe(Date.parse(revisedDueAt));
    const again = await gql(
      `mutation ($id: ID!, $v: Int!, $d: DateTime!) { apologize(id: $id, expectedVersion: $v, reason: "lần hai", revisedDueAt: $d) { id } }`,
      { id: dossier.id, v: apologized.version, d: revisedDueAt },
      communeHead,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('APOLOGY_NOT_ALLOWED');
  });
});

describe('the register (Form 06)', () => {
  it('lists what the one-stop received in a period, oldest first', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const received = await accept(await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]));
    const response = await gql<{
      trackingBook: { rows: { dossierCode: string; applicantName: string; leadAgency: string; receivedAt: string }[] };
    }>(
      `query ($from: DateTime!, $to: DateTime!) { trackingBook(from: $from, to: $to) { rows { dossierCode applicantName leadAgency receivedAt } } }`,
      { from, to: new Date(Date.now() + 60_000).toISOString() },
      reception,
    );
    const rows = response.data!.trackingBook.rows;
    expect(rows.map((row) => row.dossierCode)).toContain(received.code);
    expect(rows.find((row) => row.dossierCode === received.code)).toMatchObject({
      applicantName: 'Hà Văn Nam',
      leadAgency: 'UBND Xã Dương Phong',
    });
    expect(rows.map((row) => row.receivedAt)).toEqual([...rows.map((row) => row.receivedAt)].sort());
  });
});

describe('catalog versions', () => {
  const PROCEDURE = `mutation ($input: ProcedureInput!) { publishProcedureVersion(input: $input) { code version duration { value } } }`;
  const certificationV2 = {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    field: { code: 'CHUNG_THUC', name: 'Chứng thực' },
    level: 'COMMUNE',
    documents: [
      { code: 'BAN_CHINH', name: 'Bản chính', copyType: 'ORIGINAL' },
      { code: 'BAN_SAO', name: 'Bản sao cần chứng thực', copyType: 'PHOTOCOPY' },
    ],
    duration: { value: 2, unit: 'WORKING_DAYS' },
    route: [{ level: 'COMMUNE', task: 'Tiếp nhận, chứng thực và trả kết quả', budget: { value: 2, unit: 'WORKING_DAYS' } }],
    fourOnTheSpot: true,
  };

  it('keeps a dossier on the version it was received under after a new one is published', async () => {
    const before = await accept(await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]));
    const published = await gql<{ publishProcedureVersion: { version: number } }>(PROCEDURE, { input: certificationV2 }, admin);
    expect(published.errors).toBeUndefined();
    const newVersion = published.data!.publishProcedureVersion.version;
    expect(newVersion).toBeGreaterThan(before.procedure.version);
    const after = await submit('2.000815', [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }]);
    expect(after.procedure).toMatchObject({ version: newVersion, duration: { value: 2 } });
    const old = await gql<{ dossier: View }>(`query ($id: ID!) { dossier(id: $id) { ${VIEW} } }`, { id: before.id }, reception);
    expect(old.data!.dossier.procedure).toMatchObject({ version: before.procedure.version, duration: { value: 0 } });
  });

  it('lets only a province administrator publish, and checks the route fits the duration', async () => {
    const before = await snapshot();
    const forbidden = await gql(PROCEDURE, { input: certificationV2 }, reception);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooLong = await gql(
      PROCEDURE,
      { input: { ...certificationV2, route: [{ level: 'COMMUNE', task: 'x', budget: { value: 9, unit: 'WORKING_DAYS' } }] } },
      admin,
    );
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'route' });
    expect(await snapshot()).toBe(before);
  });
});

describe('a one-stop’s own office hours', () => {
  const UPDATE = `mutation ($code: ID!, $input: AgencyUpdateInput!) { updateAgency(code: $code, input: $input) { code identifier officeHours { start end } } }`;
  const OTHER_COMMUNE = '06.063.02017';
  const otherReception: Claims = { sub: 'tn-quangthuan', agency: OTHER_COMMUNE, roles: 'RECEPTION_OFFICER' };

  it('counts the due date in the receiving point’s office hours once the administrator sets them', async () => {
    const updated = await gql<{ updateAgency: { identifier: string; officeHours: { start: string; end: string }[] } }>(
      UPDATE,
      {
        code: OTHER_COMMUNE,
        input: {
          identifier: '000.21.63.H06',
          officeHours: [
            { start: '07:30', end: '11:30' },
            { start: '13:00', end: '16:30' },
          ],
        },
      },
      admin,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateAgency.officeHours).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ]);
    const dossier = await accept(await submit('1.001776', [{ code: 'TO_KHAI_TCXH' }], otherReception, OTHER_COMMUNE), otherReception);
    expect(dossier.code).toMatch(/^000\.21\.63\.H06-\d{6}-\d{4}$/);
    // The due moment is the close of office on the due day: 16:30 in Hà Nội.
    expect(dossier.dueAt).toMatch(/T16:30:00\+07:00$/);
  });

  it('refuses malformed hours or identifiers and non-administrators, changing nothing', async () => {
    const before = await snapshot();
    const overlapping = await gql(
      UPDATE,
      {
        code: COMMUNE,
        input: {
          officeHours: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        },
      },
      admin,
    );
    expect(overlapping.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'officeHours' });
    const badIdentifier = await gql(UPDATE, { code: COMMUNE, input: { identifier: 'h06 bad' } }, admin);
    expect(badIdentifier.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'identifier' });
    const notAdmin = await gql(UPDATE, { code: COMMUNE, input: { identifier: 'X1' } }, reception);
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await gql(UPDATE, { code: '06.999', input: { identifier: 'X1' } }, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('AGENCY_NOT_FOUND');
    expect(await snapshot()).toBe(before);
  });
});

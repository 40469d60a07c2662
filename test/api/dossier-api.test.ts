import { beforeAll, describe, expect, it } from 'vitest';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot as snapshotOf } from '../support/table-snapshot';

// Bắc Kạn: Dương Phong commune (02014) and its neighbour Quang Thuận, in Bạch Thông district (063).
const COMMUNE = '06.063.02014';
const OTHER_COMMUNE = '06.063.02017';
const DISTRICT = '06.063';

const reception: Claims = { sub: 'tn-duongphong', name: 'Cán bộ một cửa', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const otherReception: Claims = { ...reception, sub: 'tn-other', agency: OTHER_COMMUNE };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const tableSnapshot = () => snapshotOf(fixture.dynamo, fixture.tableName);

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitDossierInput!) {
    submitDossier(input: $input) { id status version code receivingAgency { code } holderAgency { code } }
  }
`;
const ACCEPT = /* GraphQL */ `
  mutation Accept($id: ID!, $v: Int!) {
    acceptDossier(id: $id, expectedVersion: $v) {
      id code status version dueAt receivedAt
      forms { receipt { lookupSecret dossierCode receivingUnit applicantName applicantAddress requestContent statutoryDuration dueAt documents { code copies } } }
    }
  }
`;
const TRANSFER = /* GraphQL */ `
  mutation Transfer($id: ID!, $to: ID!, $v: Int!) {
    transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { id status version holderAgency { code } pendingHandoff { id toAgency { code } } }
  }
`;

function submitInput(overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '2.000815',
    applicant: {
      kind: 'CITIZEN',
      fullName: 'Hoàng Thị Lan',
      idNumber: '006190001234',
      phone: '0912345678',
      address: { communeAgencyCode: COMMUNE, street: 'Thôn Nà Lẹng' },
    },
    documents: [
      { code: 'BAN_CHINH', copies: 1 },
      { code: 'BAN_SAO', copies: 3 },
    ],
    ...overrides,
  };
}

async function submitted(input = submitInput(), claims = reception) {
  const response = await gql<{ submitDossier: { id: string; version: number } }>(SUBMIT, { input }, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.submitDossier;
}

async function accepted(input = submitInput()) {
  const dossier = await submitted(input);
  const response = await gql<{
    acceptDossier: { id: string; code: string; version: number; dueAt: string; forms: { receipt: { lookupSecret: string } } };
  }>(ACCEPT, { id: dossier.id, v: dossier.version }, reception);
  expect(response.errors).toBeUndefined();
  return response.data!.acceptDossier;
}

describe('catalog and agency tree', () => {
  it('lists the starter catalog with documents, deadlines and the interconnected route', async () => {
    const response = await gql<{
      procedures: { code: string; interconnected: boolean; duration: { label: string }; route: { level: string }[] }[];
    }>(`{ procedures { code interconnected duration { label } route { level } } }`);
    const byCode = new Map(response.data!.procedures.map((procedure) => [procedure.code, procedure]));
    expect(byCode.get('1.001776')?.interconnected).toBe(true);
    expect(byCode.get('1.001776')?.route.map((step) => step.level)).toEqual(['COMMUNE', 'DISTRICT', 'COMMUNE']);
    expect(byCode.get('1.009994')?.duration.label).toBe('15 ngày làm việc');
    expect(byCode.get('2.000815')?.interconnected).toBe(false);
  });

  it('walks the agency tree from the province to Dương Phong commune', async () => {
    // Two levels in one request: an officer's (the public route serves one level per request).
    const response = await gql<{
      agencies: {
        code: string;
        level: string;
        children: { code: string; unitName: string; children: { code: string; unitName: string }[] }[];
      }[];
    }>(`{ agencies { code level children { code unitName children { code unitName } } } }`, {}, reception);
    const [province] = response.data!.agencies;
    expect(province).toMatchObject({ code: '06', level: 'PROVINCE' });
    expect(province!.children).toHaveLength(8);
    const bachThong = province!.children.find((district) => district.code === DISTRICT);
    expect(bachThong?.unitName).toBe('Huyện Bạch Thông');
    expect(bachThong?.children.find((commune) => commune.code === COMMUNE)?.unitName).toBe('Xã Dương Phong');
  });
});

describe('reception at a commune one-stop', () => {
  it('accepts a dossier with a TT 01/2018 code, a receipt (Form 01) and a due date', async () => {
    const dossier = await submitted();
    const response = await gql<{
      acceptDossier: { status: string; version: number; code: string; dueAt: string; receivedAt: string; forms: { receipt: unknown } };
    }>(ACCEPT, { id: dossier.id, v: dossier.version }, reception);
    const result = response.data!.acceptDossier;
    expect(result.status).toBe('RECEIVED');
    expect(result.version).toBe(2);
    expect(result.code).toMatch(new RegExp(`^${COMMUNE.replaceAll('.', '\\.')}-\\d{6}-\\d{4}$`));
    expect(result.dueAt).toMatch(/\+07:00$/);
    expect(Date.parse(result.dueAt)).toBeGreaterThan(Date.parse(result.receivedAt));
    expect(result.forms.receipt).toMatchObject({
      dossierCode: result.code,
      receivingUnit: 'UBND Xã Dương Phong',
      applicantName: 'Hoàng Thị Lan',
      applicantAddress: 'Thôn Nà Lẹng, UBND Xã Dương Phong',
      statutoryDuration: 'Trong ngày làm việc',
      documents: [
        { code: 'BAN_CHINH', copies: 1 },
        { code: 'BAN_SAO', copies: 3 },
      ],
    });
  });

  it('numbers concurrent acceptances at one agency without duplicates or gaps', async () => {
    const dossiers = await Promise.all(Array.from({ length: 12 }, () => submitted()));
    const responses = await Promise.all(
      dossiers.map((dossier) => gql<{ acceptDossier: { code: string } }>(ACCEPT, { id: dossier.id, v: dossier.version }, reception)),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const sequences = responses.map((response) => Number(response.data!.acceptDossier.code.slice(-4))).sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(12);
    expect(sequences.at(-1)! - sequences[0]!).toBe(11);
  });

  it('lets exactly one of two officers accepting the same version win', async () => {
    const dossier = await submitted();
    const [first, second] = await Promise.all([
      gql(ACCEPT, { id: dossier.id, v: dossier.version }, reception),
      gql(ACCEPT, { id: dossier.id, v: dossier.version }, reception),
    ]);
    const codes = [first, second].map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', 'STALE_VERSION']);
  });

  it('shows the public status by code and receipt secret, without personal data', async () => {
    const dossier = await accepted();
    const response = await gql<{ lookupDossier: Record<string, unknown> }>(
      `query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { code status statusLabel nationalStatusCode dueAt receivingAgencyName holderAgencyName } }`,
      { code: dossier.code, secret: dossier.forms.receipt.lookupSecret.toLowerCase() },
    );
    const status = response.data!.lookupDossier;
    expect(status).toMatchObject({
      code: dossier.code,
      status: 'RECEIVED',
      nationalStatusCode: 2,
      receivingAgencyName: 'UBND Xã Dương Phong',
    });
    expect(JSON.stringify(status)).not.toMatch(/Hoàng|006190001234|0912345678|Nà Lẹng/);
  });

  it('refuses to expose applicant fields through the public lookup type', async () => {
    const dossier = await accepted();
    const response = await gql(`query ($code: String!) { lookupDossier(code: $code, secret: "X") { applicant { fullName } } }`, {
      code: dossier.code,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers nothing to a wrong secret, and slows down repeated guesses', async () => {
    const dossier = await accepted();
    const LOOKUP = `query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { status } }`;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await gql<{ lookupDossier: unknown }>(LOOKUP, { code: dossier.code, secret: 'AAAAAA' });
      expect(wrong.errors).toBeUndefined();
      expect(wrong.data!.lookupDossier).toBeNull();
    }
    await gql(LOOKUP, { code: dossier.code, secret: 'AAAAAA' });
    const blocked = await gql(LOOKUP, { code: dossier.code, secret: dossier.forms.receipt.lookupSecret });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('inbox and history', () => {
  it('lists the caller agency’s dossiers by status, earliest due first, page by page', async () => {
    const district = await gql<{ a: { nodes: unknown[] } }>(`{ a: inbox(status: RECEIVED) { nodes { id } } }`, {}, districtOfficer);
    expect(district.data!.a.nodes).toEqual([]);
    for (let index = 0; index < 3; index += 1) await accepted();
    const seen: string[] = [];
    const dueDates: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<
        ReturnType<
          typeof gql<{
            inbox: { nodes: { id: string; status: string; dueAt: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
          }>
        >
      > = await gql(
        `query ($after: String) { inbox(status: RECEIVED, first: 2, after: $after) { nodes { id status dueAt } pageInfo { endCursor hasNextPage } } }`,
        { after },
        reception,
      );
      expect(page.errors).toBeUndefined();
      const { nodes, pageInfo } = page.data!.inbox;
      expect(nodes.length).toBeLessThanOrEqual(2);
      expect(nodes.every((node) => node.status === 'RECEIVED')).toBe(true);
      seen.push(...nodes.map((node) => node.id));
      dueDates.push(...nodes.map((node) => node.dueAt));
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect([...dueDates].sort()).toEqual(dueDates);
  });

  it('records every action in a gap-free history', async () => {
    const dossier = await accepted();
    const response = await gql<{ dossier: { history: { version: number; type: string; actorId: string }[] } }>(
      `query ($id: ID!) { dossier(id: $id) { history { version type actorId } } }`,
      { id: dossier.id },
      reception,
    );
    expect(response.data!.dossier.history).toEqual([
      { version: 1, type: 'SUBMITTED', actorId: 'tn-duongphong' },
      { version: 2, type: 'ACCEPTED', actorId: 'tn-duongphong' },
    ]);
  });

  it('hides a dossier from agencies not involved in it', async () => {
    const dossier = await accepted();
    const response = await gql<{ dossier: unknown }>(`query ($id: ID!) { dossier(id: $id) { id } }`, { id: dossier.id }, otherReception);
    expect(response.data!.dossier).toBeNull();
  });
});

describe('bad input: a typed error and an untouched table', () => {
  const interconnectedInput = () => submitInput({ procedureCode: '1.001776', documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }] });

  const cases: { name: string; code: string; run: () => Promise<{ errors?: { extensions?: Record<string, unknown> }[] }> }[] = [
    {
      name: 'unknown procedure',
      code: 'PROCEDURE_NOT_FOUND',
      run: () => gql(SUBMIT, { input: submitInput({ procedureCode: '9.999999' }) }, reception),
    },
    {
      name: 'unknown commune of the applicant',
      code: 'AGENCY_NOT_FOUND',
      run: () =>
        gql(
          SUBMIT,
          { input: submitInput({ applicant: { kind: 'CITIZEN', fullName: 'A', address: { communeAgencyCode: '06.999.99999' } } }) },
          reception,
        ),
    },
    {
      name: 'caller from an unknown agency',
      code: 'AGENCY_NOT_FOUND',
      // Of this province (06): a token of another province's agency names no caller at all (UNAUTHENTICATED).
      run: () => gql(SUBMIT, { input: submitInput() }, { ...reception, agency: '06.999.99999' }),
    },
    {
      // An incomplete dossier is handed in (and answered with Form 02); accepting it is what fails.
      name: 'an acceptance of a dossier missing required documents',
      code: 'MISSING_DOCUMENTS',
      run: async () => {
        const dossier = await submitted(submitInput({ documents: [{ code: 'BAN_SAO', copies: 1 }] }));
        const before = await tableSnapshot();
        const response = await gql(ACCEPT, { id: dossier.id, v: dossier.version }, reception);
        expect(await tableSnapshot()).toBe(before);
        return response;
      },
    },
    {
      name: 'documents outside the procedure list',
      code: 'UNKNOWN_DOCUMENTS',
      run: () =>
        gql(SUBMIT, { input: submitInput({ documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }, { code: 'SO_HO_KHAU' }] }) }, reception),
    },
    {
      name: 'a citizen ID that is not 12 digits',
      code: 'BAD_INPUT',
      run: () =>
        gql(
          SUBMIT,
          {
            input: submitInput({ applicant: { kind: 'CITIZEN', fullName: 'A', idNumber: '123', address: { communeAgencyCode: COMMUNE } } }),
          },
          reception,
        ),
    },
    { name: 'no token', code: 'UNAUTHENTICATED', run: () => gql(SUBMIT, { input: submitInput() }) },
    {
      name: 'a role that may not receive',
      code: 'FORBIDDEN',
      run: () => gql(SUBMIT, { input: submitInput() }, { ...reception, roles: 'AUDITOR' }),
    },
    {
      name: 'a malformed enum',
      code: 'BAD_USER_INPUT',
      run: () => gql(SUBMIT, { input: submitInput({ channel: 'CARRIER_PIGEON' }) }, reception),
    },
    {
      name: 'a stale version',
      code: 'STALE_VERSION',
      run: async () => {
        const dossier = await accepted();
        const before = await tableSnapshot();
        const response = await gql(ACCEPT, { id: dossier.id, v: 1 }, reception);
        expect(await tableSnapshot()).toBe(before);
        return response;
      },
    },
    {
      name: 'a transfer of a dossier the caller does not hold',
      code: 'NOT_HOLDER',
      run: async () => {
        const dossier = await accepted(interconnectedInput());
        const before = await tableSnapshot();
        // The district is on the dossier's route, so it may see it, but it does not hold it yet.
        const response = await gql(TRANSFER, { id: dossier.id, to: DISTRICT, v: dossier.version }, districtOfficer);
        expect(await tableSnapshot()).toBe(before);
        return response;
      },
    },
    {
      name: 'a transfer of a dossier the caller’s agency may not even see',
      code: 'DOSSIER_NOT_FOUND',
      run: async () => {
        const dossier = await accepted(interconnectedInput());
        const before = await tableSnapshot();
        const response = await gql(TRANSFER, { id: dossier.id, to: DISTRICT, v: 1 }, otherReception);
        expect(await tableSnapshot()).toBe(before);
        return response;
      },
    },
    {
      name: 'a transfer off the route',
      code: 'ROUTE_VIOLATION',
      run: async () => {
        const dossier = await accepted(interconnectedInput());
        const before = await tableSnapshot();
        const response = await gql(TRANSFER, { id: dossier.id, to: '06', v: dossier.version }, reception);
        expect(await tableSnapshot()).toBe(before);
        return response;
      },
    },
    {
      name: 'a forged pagination cursor',
      code: 'BAD_INPUT',
      run: () => gql(`{ inbox(after: "eyJQSyI6IngifQ") { nodes { id } } }`, {}, reception),
    },
    { name: 'a page size out of range', code: 'BAD_INPUT', run: () => gql(`{ inbox(first: 0) { nodes { id } } }`, {}, reception) },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.code} for ${testCase.name} and writes nothing`, async () => {
      const before = await tableSnapshot();
      const response = await testCase.run();
      expect(response.errors?.[0]?.extensions?.code).toBe(testCase.code);
      if (!testCase.name.startsWith('a stale') && !testCase.name.startsWith('a transfer') && !testCase.name.startsWith('an acceptance')) {
        // Those compare snapshots themselves, after preparing their dossier.
        expect(await tableSnapshot()).toBe(before);
      }
    });
  }

  it('never leaks internals: an unexpected failure is INTERNAL_SERVER_ERROR without a stack', async () => {
    const response = await gql(`{ procedure(code: "2.000815", version: -1) { code } }`);
    expect(JSON.stringify(response)).not.toMatch(/at .*\.ts:\d+|stacktrace/);
  });
});

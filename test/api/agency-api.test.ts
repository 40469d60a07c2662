import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '#domain/agencies';
import { vietnamDate } from '#domain/agencies-validity';
import { seedProvince } from '#seed/seed';
import { createDocumentClient, createStore } from '../../functions/store';
import { exportAgencies } from '../../scripts/agencies-export';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot as snapshotOf } from '../support/table-snapshot';

/**
 * A province administrator adds, renames and closes agencies of two-tier Thái Nguyên (19) through
 * the real GraphQL handler over DynamoDB Local; a closed agency takes no new dossier or handoff but
 * its dossiers stay readable.
 */
const admin: Claims = { sub: 'admin-19', name: 'Phạm Thu Hà', agency: '19', roles: 'PROVINCE_ADMIN' };
const centreReception: Claims = { sub: 'tn-bachthong', agency: '19.02014.TTPVHCC', roles: 'RECEPTION_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
/** The store's agency verbs, for fixtures only: closures that took effect, a merged commune. */
let store: {
  get(code: string): Promise<Agency | undefined>;
  insert(agency: Agency): Promise<Agency>;
  commitChange(before: Agency, after: Agency): Promise<Agency>;
};

beforeAll(async () => {
  fixture = await setUpProvince({ provinceCode: '19', unitsEdition: '2025-07' });
  const { agencies } = createStore(createDocumentClient(fixture.dynamo), fixture.tableName);
  store = {
    get: async (code) => (await agencies.agencies([code]))[0],
    insert: (agency) => agencies.insertAgency(agency),
    commitChange: (before, after) => agencies.commitAgencyChange(before, after),
  };
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const tableSnapshot = () => snapshotOf(fixture.dynamo, fixture.tableName);
const today = () => vietnamDate(new Date());

const AGENCY_FIELDS =
  'code kind level name oneStopName sector validFrom validTo closed unconfirmed origin parent { code } successor { code }';
const ADD = `mutation Add($input: AgencyAddInput!) { addAgency(input: $input) { ${AGENCY_FIELDS} } }`;
const RENAME = `mutation Rename($code: ID!, $input: AgencyRenameInput!) { renameAgency(code: $code, input: $input) { ${AGENCY_FIELDS} } }`;
const CLOSE = `mutation Close($code: ID!, $input: AgencyCloseInput!) { closeAgency(code: $code, input: $input) { ${AGENCY_FIELDS} } }`;
const AGENCY = `query Agency($code: ID!) { agency(code: $code) { ${AGENCY_FIELDS} } }`;
const CHILDREN = `query Children($parent: ID, $kind: AgencyKind, $closed: Boolean) { agencies(parentCode: $parent, kind: $kind, includeClosed: $closed) { code } }`;

const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.code;

/** A refused request: the given code, and not one item of the table changed. */
async function refused(query: string, variables: Record<string, unknown>, claims: Claims | undefined, code: string) {
  const before = await tableSnapshot();
  const response = await gql(query, variables, claims);
  expect(codeOf(response), JSON.stringify(response.errors)).toBe(code);
  expect(await tableSnapshot()).toBe(before);
  return response.errors![0]!.extensions!;
}

describe('the province’s agencies as seeded', () => {
  it('lists the province’s departments and vertical agencies under it, and each commune’s centre under the commune', async () => {
    const departments = await gql<{ agencies: { code: string }[] }>(CHILDREN, { parent: '19', kind: 'DEPARTMENT' });
    expect(departments.data!.agencies.map((agency) => agency.code)).toContain('19.STP');
    expect(departments.data!.agencies).toHaveLength(11);
    const centre = await gql<{ agencies: { code: string }[] }>(CHILDREN, { parent: '19.02014' });
    expect(centre.data!.agencies.map((agency) => agency.code)).toEqual(['19.02014.TTPVHCC']);
    const police = await gql<{ agency: Record<string, unknown> }>(AGENCY, { code: '19.CAT' });
    expect(police.data!.agency).toMatchObject({
      kind: 'VERTICAL_AGENCY',
      sector: 'CONG_AN',
      closed: false,
      unconfirmed: false,
      origin: 'PROVINCE_FILE',
    });
  });
});

describe('agencies:export before a deploy', () => {
  it('finds the repository file up to date with a freshly seeded table', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agencies-')), '19.json');
    writeFileSync(file, readFileSync('data/agencies/19.json'));
    const db = createDocumentClient(fixture.dynamo);
    expect(await exportAgencies({ province: '19', table: fixture.tableName, units: '2025-07', file, check: true, db })).toEqual({
      upToDate: true,
      agencies: 16,
    });
  });
});

describe('adding an agency', () => {
  it('adds a department from today, visible at once, with its parent', async () => {
    const response = await gql<{ addAgency: Record<string, unknown> }>(
      ADD,
      { input: { code: '19.SNGV', kind: 'DEPARTMENT', name: 'Sở Ngoại vụ tỉnh Thái Nguyên', sector: 'NGOAI_VU' } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.addAgency).toMatchObject({
      code: '19.SNGV',
      kind: 'DEPARTMENT',
      level: 'PROVINCE',
      validFrom: today(),
      validTo: null,
      closed: false,
      origin: 'ADMIN',
      parent: { code: '19' },
    });
    const departments = await gql<{ agencies: { code: string }[] }>(CHILDREN, { parent: '19', kind: 'DEPARTMENT' });
    expect(departments.data!.agencies.map((agency) => agency.code)).toContain('19.SNGV');
  });

  it.each([
    ['a taken code', { code: '19.STP', kind: 'DEPARTMENT', name: 'Sở Tư pháp' }, 'AGENCY_EXISTS'],
    ['a unit kind', { code: '19.UBX', kind: 'PEOPLES_COMMITTEE', name: 'UBND X' }, 'BAD_INPUT'],
    ['a unit code', { code: '19.02999', kind: 'DEPARTMENT', name: 'X' }, 'BAD_INPUT'],
    ['an unknown parent', { code: '19.SXYZ.CN', kind: 'PUBLIC_SERVICE_UNIT', name: 'X' }, 'AGENCY_NOT_FOUND'],
    ['another province', { code: '06.STP', kind: 'DEPARTMENT', name: 'X' }, 'AGENCY_NOT_FOUND'],
    ['a start in the past', { code: '19.SQQ', kind: 'DEPARTMENT', name: 'X', validFrom: '2025-07-01' }, 'BAD_INPUT'],
    ['a blank name', { code: '19.SQQ', kind: 'DEPARTMENT', name: ' ' }, 'BAD_INPUT'],
  ])('refuses %s (%j) with %s, changing nothing', async (_what, input, code) => {
    await refused(ADD, { input }, admin, code);
  });

  it('is the province administrator’s alone', async () => {
    await refused(ADD, { input: { code: '19.SQQ', kind: 'DEPARTMENT', name: 'X' } }, centreReception, 'FORBIDDEN');
    await refused(ADD, { input: { code: '19.SQQ', kind: 'DEPARTMENT', name: 'X' } }, undefined, 'UNAUTHENTICATED');
  });
});

describe('renaming an agency', () => {
  it('renames it, keeping its code; a later deploy’s seed does not undo it', async () => {
    const response = await gql<{ renameAgency: Record<string, unknown> }>(
      RENAME,
      { code: '19.THUE', input: { name: 'Thuế tỉnh Thái Nguyên', oneStopName: 'Bộ phận một cửa Thuế tỉnh' } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.renameAgency).toMatchObject({ code: '19.THUE', oneStopName: 'Bộ phận một cửa Thuế tỉnh' });
    await seedProvince({ tableName: fixture.tableName, provinceCode: '19', unitsEdition: '2025-07' });
    const again = await gql<{ agency: Record<string, unknown> }>(AGENCY, { code: '19.THUE' });
    expect(again.data!.agency.oneStopName).toBe('Bộ phận một cửa Thuế tỉnh');
  });

  it('refuses an unknown agency, a blank name and anyone but the administrator, changing nothing', async () => {
    await refused(RENAME, { code: '19.NOPE', input: { name: 'X' } }, admin, 'AGENCY_NOT_FOUND');
    await refused(RENAME, { code: '19.THUE', input: { name: '' } }, admin, 'BAD_INPUT');
    await refused(RENAME, { code: '19.THUE', input: { name: 'X' } }, centreReception, 'FORBIDDEN');
  });
});

describe('closing an agency', () => {
  it('closes it after its last day, naming its successor; the seed keeps the closure', async () => {
    const response = await gql<{ closeAgency: Record<string, unknown> }>(
      CLOSE,
      { code: '19.SDTTG', input: { validTo: today(), successorCode: '19.SNV' } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    // Today is still its last day in service.
    expect(response.data!.closeAgency).toMatchObject({ validTo: today(), closed: false, successor: { code: '19.SNV' } });
    await seedProvince({ tableName: fixture.tableName, provinceCode: '19', unitsEdition: '2025-07' });
    expect((await store.get('19.SDTTG'))?.validTo).toBe(today());
  });

  it('refuses a second closure, a past day, an unknown or closed successor, changing nothing', async () => {
    await refused(CLOSE, { code: '19.SDTTG', input: { validTo: today() } }, admin, 'AGENCY_CLOSED');
    await refused(CLOSE, { code: '19.SKHCN', input: { validTo: '2025-06-30' } }, admin, 'BAD_INPUT');
    await refused(CLOSE, { code: '19.SKHCN', input: { validTo: 'tomorrow' } }, admin, 'BAD_INPUT');
    await refused(CLOSE, { code: '19.SKHCN', input: { validTo: today(), successorCode: '19.NOPE' } }, admin, 'AGENCY_NOT_FOUND');
    await refused(CLOSE, { code: '19.NOPE', input: { validTo: today() } }, admin, 'AGENCY_NOT_FOUND');
    await refused(CLOSE, { code: '19.SKHCN', input: { validTo: today() } }, centreReception, 'FORBIDDEN');
  });
});

const SUBMIT = `mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) { id version receivingAgency { code } } }`;
const ACCEPT = `mutation Accept($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) { id version route { agency { code } } } }`;
const TRANSFER = `mutation Transfer($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { id version } }`;
const DOSSIER = `query Dossier($id: ID!) { dossier(id: $id) { id status receivingAgency { code closed } route { agency { code name closed } } } }`;

const submitInput = (commune: string) => ({
  procedureCode: '2.000815',
  applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: commune } },
  documents: [
    { code: 'BAN_CHINH', copies: 1 },
    { code: 'BAN_SAO', copies: 1 },
  ],
});

/** A closure that took effect: set through the store, as a migration does for the units of 30/06/2025. */
async function closedSince(code: string, validTo: string, successorCode?: string): Promise<Agency> {
  const before = (await store.get(code))!;
  return store.commitChange(before, { ...before, validTo, ...(successorCode ? { successorCode } : {}) });
}

describe('a closed agency', () => {
  it('takes no new dossier for an applicant of a merged commune, pointing at its successor', async () => {
    await store.insert({
      ...(await store.get('19.02014'))!,
      code: '19.02017',
      identifier: '19.02017',
      unitCode: '02017',
      unitName: 'Xã Quang Thuận',
      name: 'UBND Xã Quang Thuận',
      oneStopName: 'Bộ phận Tiếp nhận và Trả kết quả Xã Quang Thuận',
      validTo: '2025-06-30',
      successorCode: '19.02014',
    });
    const details = await refused(SUBMIT, { input: submitInput('19.02017') }, centreReception, 'AGENCY_CLOSED');
    expect(details).toMatchObject({ field: 'applicant.address.communeAgencyCode', successorCode: '19.02014', validTo: '2025-06-30' });
  });

  it('takes no handoff, while the dossier and the agency stay readable', async () => {
    const submitted = await gql<{ submitDossier: { id: string; version: number } }>(
      SUBMIT,
      { input: submitInput('19.02014') },
      centreReception,
    );
    expect(submitted.errors).toBeUndefined();
    const { id, version } = submitted.data!.submitDossier;
    const accepted = await gql<{ acceptDossier: { version: number; route: { agency: { code: string } }[] } }>(
      ACCEPT,
      { id, v: version },
      centreReception,
    );
    expect(accepted.errors).toBeUndefined();
    // Received at the commune's centre, decided by the commune's People's Committee, returned at the centre.
    expect(accepted.data!.acceptDossier.route.map((step) => step.agency.code)).toEqual([
      '19.02014.TTPVHCC',
      '19.02014',
      '19.02014.TTPVHCC',
    ]);

    await closedSince('19.02014', '2026-01-31');
    const details = await refused(
      TRANSFER,
      { id, to: '19.02014', v: accepted.data!.acceptDossier.version },
      centreReception,
      'AGENCY_CLOSED',
    );
    expect(details).toMatchObject({ field: 'toAgency', agencyCode: '19.02014' });

    const read = await gql<{ dossier: { status: string; route: { agency: { code: string; closed: boolean } }[] } }>(
      DOSSIER,
      { id },
      centreReception,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.dossier.route[1]!.agency).toMatchObject({ code: '19.02014', closed: true });
    const children = await gql<{ agencies: { code: string }[] }>(CHILDREN, { parent: '19' });
    expect(children.data!.agencies.map((agency) => agency.code)).not.toContain('19.02014');
    const withClosed = await gql<{ agencies: { code: string }[] }>(CHILDREN, { parent: '19', closed: true });
    expect(withClosed.data!.agencies.map((agency) => agency.code)).toContain('19.02014');
  });

  it('is asked for no opinion', async () => {
    // A dossier appraised at Phường Đức Xuân's committee, which receives it itself (one step).
    const at = (roles: string): Claims => ({ sub: `dx-${roles}`, agency: '19.01840', roles });
    const submitted = await gql<{ submitDossier: { id: string; version: number } }>(
      SUBMIT,
      { input: submitInput('19.01840') },
      at('RECEPTION_OFFICER'),
    );
    expect(submitted.errors).toBeUndefined();
    let { id, version } = submitted.data!.submitDossier;
    const step = async (query: string, variables: Record<string, unknown>, roles: string) => {
      const response = await gql<Record<string, { version: number }>>(query, { id, v: version, ...variables }, at(roles));
      expect(response.errors, query).toBeUndefined();
      version = Object.values(response.data!)[0]!.version;
    };
    await step(ACCEPT, {}, 'RECEPTION_OFFICER');
    await step(
      `mutation A($id: ID!, $v: Int!) { assignDossier(id: $id, expectedVersion: $v, assignee: "cv") { version } }`,
      {},
      'AGENCY_HEAD',
    );
    await step(`mutation S($id: ID!, $v: Int!) { startAppraisal(id: $id, expectedVersion: $v) { version } }`, {}, 'HANDLING_OFFICER');
    await closedSince('19.SXD', '2026-01-31', '19.SNNMT');
    const ask = `mutation O($id: ID!, $v: Int!, $agencies: [OpinionRequestInput!]!) {
      requestOpinions(id: $id, expectedVersion: $v, question: "Ý kiến?", agencies: $agencies) { version } }`;
    const budget = { value: 3, unit: 'WORKING_DAYS' };
    const details = await (async () => {
      const before = await tableSnapshot();
      const response = await gql(
        ask,
        {
          id,
          v: version,
          agencies: [
            { agencyCode: '19.SYT', budget },
            { agencyCode: '19.SXD', budget },
          ],
        },
        at('HANDLING_OFFICER'),
      );
      expect(codeOf(response)).toBe('AGENCY_CLOSED');
      expect(await tableSnapshot()).toBe(before);
      return response.errors![0]!.extensions!;
    })();
    expect(details).toMatchObject({ field: 'agencies', agencyCode: '19.SXD', successorCode: '19.SNNMT' });
  });

  it('receives no new dossier at its own one-stop', async () => {
    await closedSince('19.TTPVHCC.CNBACKAN', '2026-01-31', '19.TTPVHCC');
    const branch: Claims = { sub: 'tn-branch', agency: '19.TTPVHCC.CNBACKAN', roles: 'RECEPTION_OFFICER' };
    await refused(SUBMIT, { input: submitInput('19.02014') }, branch, 'AGENCY_CLOSED');
  });
});

describe('agencies:export after the administrator’s changes', () => {
  it('writes the added, renamed and closed agencies into the file the next deploy reads', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agencies-')), '19.json');
    writeFileSync(file, readFileSync('data/agencies/19.json'));
    const db = createDocumentClient(fixture.dynamo);
    const options = { province: '19', table: fixture.tableName, units: '2025-07' as const, file, db };
    expect((await exportAgencies({ ...options, check: true })).upToDate).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync('data/agencies/19.json', 'utf8'));
    await exportAgencies(options);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { agencies: Record<string, unknown>[] };
    const byCode = new Map(written.agencies.map((spec) => [spec.code, spec]));
    expect(byCode.get('19.SNGV')).toMatchObject({ kind: 'DEPARTMENT', validFrom: today(), sector: 'NGOAI_VU' });
    expect(byCode.get('19.THUE')).toMatchObject({ oneStopName: 'Bộ phận một cửa Thuế tỉnh' });
    expect(byCode.get('19.SDTTG')).toMatchObject({ validTo: today(), successorCode: '19.SNV' });
    expect((await exportAgencies({ ...options, check: true })).upToDate).toBe(true);
  });
});

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

const COMMUNE = '06.063.02014';
const CCCD = '006190001234';
const PHONE = '0912345678';
const NAME = 'Triệu Thị Mai';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const auditor: Claims = { sub: 'kt-tinh', agency: '06', roles: 'AUDITOR' };
const districtHead: Claims = { sub: 'tp-bachthong', agency: '06.063', roles: 'AGENCY_HEAD' };
const otherCommune: Claims = { sub: 'tn-quangthuan', agency: '06.063.02017', roles: 'RECEPTION_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
const captured: string[] = [];
const originalWrite = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
  // Every line any logger writes during the scenario, to search it for personal data.
  const capture = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
});

afterAll(() => {
  process.stdout.write = originalWrite.out;
  process.stderr.write = originalWrite.err;
});

async function scenario() {
  const submitted = await gql<{ submitDossier: { id: string } }>(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
    {
      input: {
        procedureCode: '1.001776',
        applicant: {
          kind: 'CITIZEN',
          fullName: NAME,
          idNumber: CCCD,
          phone: PHONE,
          email: 'mai@example.vn',
          address: { communeAgencyCode: COMMUNE },
        },
        documents: [{ code: 'TO_KHAI_TCXH' }],
      },
    },
    reception,
  );
  const id = submitted.data!.submitDossier.id;
  await gql(`mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id } }`, { id }, reception);
  await gql(`mutation ($id: ID!) { transferDossier(id: $id, toAgency: "06.063", expectedVersion: 2) { id } }`, { id }, reception);
  // Failures log too: a refused action and a malformed one.
  await gql(`mutation ($id: ID!) { refuseDossier(id: $id, expectedVersion: 3, reason: "x") { id } }`, { id }, reception);
  await gql(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
    {
      input: {
        procedureCode: '1.001776',
        applicant: { kind: 'CITIZEN', fullName: NAME, idNumber: '12', phone: PHONE, address: { communeAgencyCode: COMMUNE } },
        documents: [],
      },
    },
    reception,
  );
  return id;
}

describe('personal data', () => {
  let id: string;
  beforeAll(async () => {
    id = await scenario();
  });

  it('never appears in any log line of a full scenario', () => {
    const logs = captured.join('\n');
    expect(captured.length).toBeGreaterThan(0);
    expect(logs).not.toContain(CCCD);
    expect(logs).not.toContain(PHONE);
    expect(logs).not.toContain(NAME);
  });

  it('is never a key or an index key in the table', async () => {
    const { Items = [] } = await fixture.dynamo.send(new ScanCommand({ TableName: fixture.tableName }));
    const keyValues = Items.flatMap((item) =>
      Object.entries(item)
        .filter(([name]) => /^(PK|SK|GSI\dPK|GSI\dSK)$/.test(name))
        .map(([, value]) => JSON.stringify(value)),
    );
    expect(keyValues.length).toBeGreaterThan(0);
    for (const value of keyValues) {
      expect(value).not.toContain(CCCD);
      expect(value).not.toContain(PHONE);
    }
  });

  it('is shown in full to the officers dealing with the dossier and masked to an auditor', async () => {
    const QUERY = `query ($id: ID!) { dossier(id: $id) { id applicant { fullName idNumber phone email } } }`;
    const asReception = await gql<{ dossier: { applicant: Record<string, string> } }>(QUERY, { id }, reception);
    expect(asReception.data!.dossier.applicant).toMatchObject({ idNumber: CCCD, phone: PHONE, email: 'mai@example.vn' });
    const asAuditor = await gql<{ dossier: { applicant: Record<string, string> } }>(QUERY, { id }, auditor);
    expect(asAuditor.data!.dossier.applicant).toMatchObject({
      fullName: NAME,
      idNumber: '*********234',
      phone: '*******678',
      email: 'm***@example.vn',
    });
  });

  it('finds a citizen’s dossiers by ID number through a keyed hash, only among those the caller may read', async () => {
    const QUERY = `query ($n: String!) { dossiersByCitizenId(idNumber: $n) { id } }`;
    const mine = await gql<{ dossiersByCitizenId: { id: string }[] }>(QUERY, { n: CCCD }, reception);
    expect(mine.data!.dossiersByCitizenId.map((dossier) => dossier.id)).toContain(id);
    const notMine = await gql<{ dossiersByCitizenId: { id: string }[] }>(QUERY, { n: CCCD }, otherCommune);
    expect(notMine.data!.dossiersByCitizenId).toEqual([]);
    const forbidden = await gql(QUERY, { n: CCCD }, districtHead);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records every full read in the dossier’s read log, visible to oversight roles only', async () => {
    const LOG = `query ($id: ID!) { dossier(id: $id) { readLog { officerId agency { code } } } }`;
    const asAuditor = await gql<{ dossier: { readLog: { officerId: string }[] } }>(LOG, { id }, auditor);
    expect(asAuditor.data!.dossier.readLog.map((read) => read.officerId)).toEqual(expect.arrayContaining(['tn-duongphong', 'kt-tinh']));
    const asReception = await gql(LOG, { id }, reception);
    expect(asReception.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

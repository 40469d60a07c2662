import { beforeAll, describe, expect, it } from 'vitest';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

/** Rule sets through GraphQL: what a front end reads, and the two new refusals with an untouched table. */

const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

let gql: ReturnType<typeof graphqlClient>;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  const fixture = await setUpProvince();
  snapshot = () => tableSnapshot(fixture.dynamo, fixture.tableName);
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

interface Row {
  id: string;
  version: number;
  status: string;
  completionRequests: number;
  ruleSet: { id: string };
}

async function call(query: string, variables: Record<string, unknown>): Promise<Row> {
  const response = await gql<Record<string, Row>>(query, variables, reception);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
}

const ROW = 'id version status completionRequests ruleSet { id }';

const submit = (documents: string[]) =>
  call(`mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { ${ROW} } }`, {
    input: {
      procedureCode: '2.000815',
      applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: COMMUNE, street: 'Thôn Nà Pài' } },
      documents: documents.map((code) => ({ code })),
    },
  });

describe('the rule sets', () => {
  it('lists both with their form sets and rules; the instant picks one', async () => {
    const response = await gql<{
      ruleSets: {
        id: string;
        apologyKind: string;
        applicantStopNotice: string | null;
        forms: { number: string; kind: string; marker: string; unconfirmedFields: string[] }[];
        rules: { marker: string }[];
      }[];
      before: { id: string };
      after: { id: string };
    }>(
      `{ ruleSets { id apologyKind applicantStopNotice forms { number kind marker unconfirmedFields } rules { rule marker source } }
         before: ruleSetAt(at: "2025-06-30T23:59:00+07:00") { id }
         after: ruleSetAt(at: "2025-07-01T00:00:00+07:00") { id } }`,
      {},
      reception,
    );
    expect(response.errors).toBeUndefined();
    const [of2018, of2025] = response.data!.ruleSets;
    expect(of2018).toMatchObject({ id: '2018', apologyKind: 'NEW_APPOINTMENT', applicantStopNotice: null });
    expect(of2018!.forms.map((form) => form.number)).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(of2025).toMatchObject({ id: '2025', apologyKind: 'EXTENSION_REQUEST', applicantStopNotice: 'STOP_NOTICE' });
    expect(of2025!.forms.map((form) => `${form.number} ${form.kind}`)).toEqual([
      '01 RECEIPT',
      '02 COMPLETION_REQUEST',
      '03 REFUSAL',
      '04 APOLOGY',
      '05 STOP_NOTICE',
      '06 CONTROL_SLIP',
      '07 REGISTER',
    ]);
    expect(of2025!.rules.some((rule) => rule.marker === 'U')).toBe(true);
    expect(response.data!.before.id).toBe('2018');
    expect(response.data!.after.id).toBe('2025');
  });

  it('an instant before any rule set, or not a date, is a typed error', async () => {
    const early = await gql(`{ ruleSetAt(at: "2010-01-01T00:00:00+07:00") { id } }`, {}, reception);
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    const garbage = await gql(`{ ruleSetAt(at: "yesterday") { id } }`, {}, reception);
    expect(garbage.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('a dossier handed in today', () => {
  it('follows the 2025 rule set; the one-time guidance lists everything missing and counts its requests', async () => {
    const dossier = await submit(['BAN_SAO']);
    expect(dossier).toMatchObject({ status: 'SUBMITTED', ruleSet: { id: '2025' }, completionRequests: 0 });
    const guided = await call(
      `mutation ($id: ID!, $v: Int!) { requestCompletion(id: $id, expectedVersion: $v, items: [], reason: "Thiếu bản chính") { ${ROW} forms { completionRequest { items { code } } formSet { number title } } } }`,
      { id: dossier.id, v: dossier.version },
    );
    expect(guided.completionRequests).toBe(1);
    expect((guided as unknown as { forms: { completionRequest: { items: { code: string }[] } } }).forms.completionRequest.items).toEqual([
      { code: 'BAN_CHINH' },
    ]);
    // The applicant comes back without the original; a second request may not add a document the
    // first did not list: typed error, nothing stored.
    const back = await call(
      `mutation ($id: ID!, $v: Int!) { resubmitDossier(id: $id, expectedVersion: $v, documents: [{ code: "BAN_SAO" }]) { ${ROW} } }`,
      { id: guided.id, v: guided.version },
    );
    const before = await snapshot();
    const added = await gql(
      `mutation ($id: ID!, $v: Int!) { requestCompletion(id: $id, expectedVersion: $v, items: [{ code: "BAN_SAO" }], reason: "Bản sao mờ") { id } }`,
      { id: back.id, v: back.version },
      reception,
    );
    expect(added.errors?.[0]?.extensions).toMatchObject({
      code: 'NEW_COMPLETION_ITEMS',
      documentCodes: ['BAN_SAO'],
      firstItems: ['BAN_CHINH'],
    });
    expect(await snapshot()).toBe(before);
    const again = await call(
      `mutation ($id: ID!, $v: Int!) { requestCompletion(id: $id, expectedVersion: $v, items: [], reason: "Vẫn thiếu bản chính") { ${ROW} } }`,
      { id: back.id, v: back.version },
    );
    expect(again.completionRequests).toBe(2);
  });

  it('stopped at the applicant’s request before a decision: Form 05, the stop notice', async () => {
    const dossier = await submit(['BAN_CHINH', 'BAN_SAO']);
    const accepted = await call(`mutation ($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) { ${ROW} } }`, {
      id: dossier.id,
      v: 1,
    });
    const response = await gql<{
      withdrawDossier: {
        status: string;
        forms: { stopNotice: Record<string, unknown> | null; formSet: { number: string; title: string }[] };
      };
    }>(
      `mutation ($id: ID!, $v: Int!) { withdrawDossier(id: $id, expectedVersion: $v, reason: "Đề nghị dừng") {
         status forms { stopNotice { applicantName applicantAddress dossierCode onApplicantRequest reason officer } formSet { number title } } } }`,
      { id: accepted.id, v: accepted.version },
      reception,
    );
    expect(response.errors).toBeUndefined();
    const { status, forms } = response.data!.withdrawDossier;
    expect(status).toBe('WITHDRAWN');
    expect(forms.stopNotice).toMatchObject({
      applicantName: 'Hoàng Thị Lan',
      onApplicantRequest: true,
      reason: 'Đề nghị dừng',
      officer: 'tn-duongphong',
    });
    expect(forms.stopNotice!.applicantAddress).toContain('Thôn Nà Pài');
    expect(forms.formSet.find((form) => form.number === '05')?.title).toBe('Thông báo về việc dừng giải quyết hồ sơ');
  });

  it('asked to stop after the decision: DECISION_ALREADY_ISSUED, nothing stored', async () => {
    const dossier = await submit(['BAN_CHINH', 'BAN_SAO']);
    const accepted = await call(`mutation ($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) { ${ROW} } }`, {
      id: dossier.id,
      v: 1,
    });
    const decided = await call(
      `mutation ($id: ID!, $v: Int!) { approveAtCounter(id: $id, expectedVersion: $v, decision: APPROVED) { ${ROW} } }`,
      {
        id: accepted.id,
        v: accepted.version,
      },
    );
    const before = await snapshot();
    const response = await gql(
      `mutation ($id: ID!, $v: Int!) { withdrawDossier(id: $id, expectedVersion: $v) { id } }`,
      { id: decided.id, v: decided.version },
      reception,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('DECISION_ALREADY_ISSUED');
    expect(await snapshot()).toBe(before);
  });
});

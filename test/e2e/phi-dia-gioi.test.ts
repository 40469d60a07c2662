import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIRTH_GROUP_CODE, DIPLOMA_COPY_CODE } from '#seed/starter-catalog-2025';
import { type SqsPoller, startSqsPoller } from '../../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

// The default platform: two-tier Thái Nguyên (19). Xã Bạch Thông's service centre receives a
// procedure of the Department of Education and Training for an applicant of Phường Đức Xuân
// (another commune); the department decides; the result comes back to Xã Bạch Thông's centre.
const CENTRE = '19.02014.TTPVHCC';
const APPLICANT_COMMUNE = '19.01840';
const DEPARTMENT = '19.SGDDT';
const reception: Claims = { sub: 'tn-bachthong', agency: CENTRE, roles: 'RECEPTION_OFFICER' };
const officer: Claims = { sub: 'cv-sgddt', agency: DEPARTMENT, roles: 'HANDLING_OFFICER' };
const head: Claims = { sub: 'gd-sgddt', agency: DEPARTMENT, roles: 'AGENCY_HEAD APPROVER' };
const POLICE = '19.CAT';
const SOCIAL_INSURANCE = '19.BHXH';

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let streamPoller: StreamPoller;
let sqsPoller: SqsPoller;

beforeAll(async () => {
  fixture = await setUpProvince({ provinceCode: '19', unitsEdition: '2025-07', queues: true });
  const [{ handler: graphql }, { handler: relay }, { handler: consumer }] = await Promise.all([
    import('#graphql/handler'),
    import('#relay/handler'),
    import('#transfer-consumer/handler'),
  ]);
  gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  streamPoller = await startStreamPoller({
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: relay,
    startingPosition: 'TRIM_HORIZON',
  });
  // Only the queues this story uses: polling every agency of the province would only add load.
  sqsPoller = startSqsPoller({
    endpoint: fixture.sqsEndpoint,
    queues: [CENTRE, DEPARTMENT, APPLICANT_COMMUNE, POLICE, SOCIAL_INSURANCE].map((code) => fixture.queues.get(code)!),
    handler: consumer,
    waitTimeSeconds: 1,
  });
});

afterAll(async () => {
  await Promise.all([streamPoller?.stop(), sqsPoller?.stop()]);
});

async function settle() {
  await streamPoller.drain(20_000);
  await sqsPoller.drain(20_000);
}

interface DossierView {
  id: string;
  version: number;
  status: string;
  holderAgency: { code: string } | null;
  competentAgency: { code: string } | null;
  receivingAgency: { code: string } | null;
  resultDelivery: { mode: string; agency: { code: string } | null };
  route: { agency: { code: string } | null; task: string }[];
  history: { type: string; handoff: { fromAgency: { code: string } | null; toAgency: { code: string } | null } | null }[];
}

const VIEW = `id version status holderAgency { code } competentAgency { code } receivingAgency { code }
  resultDelivery { mode agency { code } } route { agency { code } task }
  history { type handoff { fromAgency { code } toAgency { code } } }`;

async function view(id: string, claims: Claims): Promise<DossierView> {
  const response = await gql<{ dossier: DossierView }>(`query ($id: ID!) { dossier(id: $id) { ${VIEW} } }`, { id }, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.dossier;
}

async function inboxIds(claims: Claims): Promise<string[]> {
  const response = await gql<{ inbox: { nodes: { id: string }[] } }>(`{ inbox(first: 100) { nodes { id } } }`, {}, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.inbox.nodes.map((node) => node.id);
}

describe('reception regardless of boundary on the default platform (two-tier 19), through stream, queue and consumer', () => {
  it("a commune centre receives a department's procedure for another commune's applicant; decided at the department, returned at the centre", async () => {
    const submitted = await gql<{ submitDossier: { id: string } }>(
      `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
      {
        input: {
          procedureCode: DIPLOMA_COPY_CODE,
          applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: APPLICANT_COMMUNE } },
          documents: [{ code: 'DON_BAN_SAO_VB' }, { code: 'GIAY_TO_TUY_THAN' }],
        },
      },
      reception,
    );
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitDossier.id;
    const received = await view(id, reception);
    expect(received.receivingAgency?.code).toBe(CENTRE);
    expect(received.competentAgency?.code).toBe(DEPARTMENT);
    expect(received.route.map((step) => step.agency?.code)).toEqual([CENTRE, DEPARTMENT, CENTRE]);
    expect(received.resultDelivery).toEqual({ mode: 'RECEPTION_POINT', agency: { code: CENTRE } });

    let version = 1;
    const step = async (mutation: string, claims: Claims, extra = '') => {
      const response = await gql<Record<string, { version: number }>>(
        `mutation ($id: ID!, $v: Int!) { ${mutation}(id: $id, expectedVersion: $v${extra}) { version } }`,
        { id, v: version },
        claims,
      );
      expect(response.errors).toBeUndefined();
      version = response.data![mutation]!.version;
    };
    await step('acceptDossier', reception);
    await step('transferDossier', reception, `, toAgency: "${DEPARTMENT}"`);
    await settle();

    expect(await inboxIds(officer)).toContain(id);
    version = (await view(id, officer)).version;
    await step('acceptHandoff', officer);
    await step('assignDossier', head, ', assignee: "cv-sgddt"');
    await step('startAppraisal', officer);
    await step('submitForSignature', officer);
    await step('signDossier', head, ', decision: APPROVED');
    await step('issueResult', officer, ', resultNumber: "15/SGDĐT-BS"');
    await step('transferDossier', officer, `, toAgency: "${CENTRE}"`);
    await settle();

    expect(await inboxIds(reception)).toContain(id);
    version = (await view(id, reception)).version;
    await step('acceptHandoff', reception);
    await step('returnResult', reception, ', deliveryMode: COUNTER');

    const done = await view(id, reception);
    expect(done.status).toBe('RETURNED');
    expect(done.holderAgency?.code).toBe(CENTRE);
    expect(done.history.filter((event) => event.type === 'DELIVERED').map((event) => event.handoff)).toEqual([
      { fromAgency: { code: CENTRE }, toAgency: { code: DEPARTMENT } },
      { fromAgency: { code: DEPARTMENT }, toAgency: { code: CENTRE } },
    ]);
    // The applicant's own commune never held the dossier: competence follows the procedure.
    expect(done.history.some((event) => event.handoff?.toAgency?.code === APPLICANT_COMMUNE)).toBe(false);
    // The control slip judges each agency against its own step of the resolved route.
    const slip = await gql<{ dossier: { forms: { controlSlip: { rows: { stepTask: string; stepBudget: string }[] } } } }>(
      `query ($id: ID!) { dossier(id: $id) { forms { controlSlip { rows { stepTask stepBudget } } } } }`,
      { id },
      reception,
    );
    expect(slip.data!.dossier.forms.controlSlip.rows).toEqual([
      { stepTask: 'Tiếp nhận và chuyển hồ sơ', stepBudget: 'Trong ngày làm việc' },
      { stepTask: 'Sở Giáo dục và Đào tạo tra cứu sổ gốc, cấp bản sao', stepBudget: '03 ngày làm việc' },
      { stepTask: 'Trả kết quả', stepBudget: 'Trong ngày làm việc' },
    ]);
  });

  it('runs the interconnected birth group: the commune decides, then the provincial police, then social insurance, back to the centre', async () => {
    const submitted = await gql<{ submitDossier: { id: string } }>(
      `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
      {
        input: {
          procedureCode: BIRTH_GROUP_CODE,
          applicant: { kind: 'CITIZEN', fullName: 'Triệu Văn Hùng', address: { communeAgencyCode: APPLICANT_COMMUNE } },
          documents: [{ code: 'TO_KHAI_LIEN_THONG' }, { code: 'GIAY_CHUNG_SINH' }],
        },
      },
      reception,
    );
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitDossier.id;
    const route = [CENTRE, APPLICANT_COMMUNE, POLICE, SOCIAL_INSURANCE, CENTRE];
    expect((await view(id, reception)).route.map((step) => step.agency?.code)).toEqual(route);

    let version = 1;
    const step = async (mutation: string, claims: Claims, extra = '') => {
      const response = await gql<Record<string, { version: number }>>(
        `mutation ($id: ID!, $v: Int!) { ${mutation}(id: $id, expectedVersion: $v${extra}) { version } }`,
        { id, v: version },
        claims,
      );
      expect(response.errors).toBeUndefined();
      version = response.data![mutation]!.version;
    };
    const communeHead: Claims = { sub: 'ct-ducxuan', agency: APPLICANT_COMMUNE, roles: 'AGENCY_HEAD APPROVER HANDLING_OFFICER' };
    await step('acceptDossier', reception);
    await step('transferDossier', reception, `, toAgency: "${APPLICANT_COMMUNE}"`);
    await settle();
    version = (await view(id, communeHead)).version;
    await step('acceptHandoff', communeHead);
    await step('assignDossier', communeHead, ', assignee: "ct-ducxuan"');
    await step('startAppraisal', communeHead);
    await step('submitForSignature', communeHead);
    await step('signDossier', communeHead, ', decision: APPROVED');
    await step('issueResult', communeHead, ', resultNumber: "KS-12/2026"');
    // Each agency of the group adds its own result and hands the dossier on along the route.
    let from = communeHead;
    for (const agency of [POLICE, SOCIAL_INSURANCE, CENTRE]) {
      await step('transferDossier', from, `, toAgency: "${agency}"`);
      await settle();
      const claims: Claims = agency === CENTRE ? reception : { sub: `cb-${agency}`, agency, roles: 'HANDLING_OFFICER' };
      version = (await view(id, claims)).version;
      await step('acceptHandoff', claims);
      from = claims;
    }
    await step('returnResult', reception, ', deliveryMode: COUNTER');
    const done = await view(id, reception);
    expect(done.status).toBe('RETURNED');
    expect(done.history.filter((event) => event.type === 'DELIVERED').map((event) => event.handoff?.toAgency?.code)).toEqual(
      route.slice(1),
    );
  });

  it('refuses a department as a reception point and a result point outside the reception points, storing nothing', async () => {
    const input = {
      procedureCode: DIPLOMA_COPY_CODE,
      applicant: { kind: 'CITIZEN', fullName: 'Hoàng Văn Nam', address: { communeAgencyCode: APPLICANT_COMMUNE } },
      documents: [{ code: 'DON_BAN_SAO_VB' }, { code: 'GIAY_TO_TUY_THAN' }],
    };
    const submit = (variables: Record<string, unknown>, claims: Claims) =>
      gql(`mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`, { input: { ...input, ...variables } }, claims);
    const before = await inboxIds(reception);
    const atDepartment = await submit({}, { sub: 'tn-sgddt', agency: DEPARTMENT, roles: 'RECEPTION_OFFICER' });
    expect(atDepartment.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const returnAtDepartment = await submit({ returnAt: DEPARTMENT }, reception);
    expect(returnAtDepartment.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    const online = await submit({ resultDelivery: 'ONLINE' }, reception);
    expect(online.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(await inboxIds(reception)).toEqual(before);
  });
});

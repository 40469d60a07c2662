import { beforeAll, describe, expect, it } from 'vitest';
import { getDefaultCalendar } from '#domain/calendar';
import { BIRTH_GROUP_CODE, COMPLAINT_CODE, DIPLOMA_COPY_CODE } from '#seed/starter-catalog-2025';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

// Two-tier Thái Nguyên (19), through the GraphQL handler over DynamoDB Local.
const admin: Claims = { sub: 'kstt', agency: '19', roles: 'PROVINCE_ADMIN' };
const CENTRE = '19.02014.TTPVHCC';
const PROVINCE_CENTRE = '19.TTPVHCC';
const reception: Claims = { sub: 'tn-bachthong', agency: CENTRE, roles: 'RECEPTION_OFFICER' };
const applicant = { kind: 'CITIZEN', fullName: 'Lục Thị Hoa', address: { communeAgencyCode: '19.01843' } };
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  await setUpProvince({ provinceCode: '19', unitsEdition: '2025-07' });
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const SUBMIT = `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id resultDelivery { mode agency { code } } route { agency { code } } } }`;

describe('the two-tier starter catalog and durations in calendar days and months', () => {
  it('seeds department, vertical-agency and interconnected procedures with their sectors, and a procedure in calendar days', async () => {
    const response = await gql<{
      procedures: { code: string; route: { sector: string | null }[]; duration: { unit: string; label: string } }[];
    }>(`{ procedures { code route { sector } duration { unit label } } }`);
    expect(response.errors).toBeUndefined();
    const byCode = new Map(response.data!.procedures.map((procedure) => [procedure.code, procedure]));
    expect(byCode.get(DIPLOMA_COPY_CODE)?.route.map((step) => step.sector)).toEqual(['GIAO_DUC_DAO_TAO']);
    expect(byCode.get(BIRTH_GROUP_CODE)?.route.map((step) => step.sector)).toEqual([null, 'CONG_AN', 'BAO_HIEM_XA_HOI']);
    expect(byCode.get(COMPLAINT_CODE)?.duration).toEqual({ unit: 'CALENDAR_DAYS', label: '30 ngày' });
    // No three-tier procedure on a province without districts.
    expect(byCode.has('1.001776')).toBe(false);
  });

  it('publishes a procedure in months with a sector step; a malformed sector is BAD_INPUT and nothing is stored', async () => {
    const input = {
      code: '9.000777',
      name: 'Thủ tục thử nghiệm tính theo tháng',
      field: { code: 'THU_NGHIEM', name: 'Thử nghiệm' },
      level: 'PROVINCE',
      documents: [{ code: 'DON', name: 'Đơn đề nghị', copyType: 'ORIGINAL' }],
      duration: { value: 3, unit: 'MONTHS' },
      route: [{ level: 'PROVINCE', sector: 'TU_PHAP', task: 'Sở Tư pháp giải quyết', budget: { value: 3, unit: 'MONTHS' } }],
      remoteDelivery: ['POSTAL'],
    };
    const PUBLISH = `mutation ($input: ProcedureInput!) { publishProcedureVersion(input: $input) { version } }`;
    const bad = await gql(PUBLISH, { input: { ...input, route: [{ ...input.route[0], sector: 'tư pháp' }] } }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect((await gql<{ procedure: unknown }>(`{ procedure(code: "9.000777") { version } }`)).data?.procedure).toBeNull();

    const published = await gql(PUBLISH, { input }, admin);
    expect(published.errors).toBeUndefined();
    const read = await gql<{ procedure: unknown }>(
      `{ procedure(code: "9.000777") { duration { unit label } route { sector } remoteDelivery } }`,
    );
    expect(read.data?.procedure).toEqual({
      duration: { unit: 'MONTHS', label: '03 tháng' },
      route: [{ sector: 'TU_PHAP' }],
      remoteDelivery: ['POSTAL'],
    });
  });

  it('a complaint accepted today is due 30 calendar days later, a last day off moving to the next working day', async () => {
    const submitted = await gql<{ submitDossier: { id: string } }>(
      SUBMIT,
      { input: { procedureCode: COMPLAINT_CODE, applicant, documents: [{ code: 'DON_KHIEU_NAI' }] } },
      reception,
    );
    expect(submitted.errors).toBeUndefined();
    const accepted = await gql<{ acceptDossier: { receivedAt: string; dueAt: string } }>(
      `mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { receivedAt dueAt } }`,
      { id: submitted.data!.submitDossier.id },
      reception,
    );
    expect(accepted.errors).toBeUndefined();
    const { receivedAt, dueAt } = accepted.data!.acceptDossier;
    expect(Date.parse(dueAt)).toBe(getDefaultCalendar().dueAt(new Date(receivedAt), { value: 30, unit: 'DAYS' }).getTime());
  });
});

describe('where the result goes back', () => {
  const input = { procedureCode: DIPLOMA_COPY_CODE, applicant, documents: [{ code: 'DON_BAN_SAO_VB' }, { code: 'GIAY_TO_TUY_THAN' }] };

  it("to the province's centre when the applicant asks, or by post; an unknown point is AGENCY_NOT_FOUND", async () => {
    const elsewhere = await gql<{ submitDossier: { resultDelivery: unknown; route: { agency: { code: string } }[] } }>(
      SUBMIT,
      { input: { ...input, returnAt: PROVINCE_CENTRE } },
      reception,
    );
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data!.submitDossier.resultDelivery).toEqual({ mode: 'RECEPTION_POINT', agency: { code: PROVINCE_CENTRE } });
    expect(elsewhere.data!.submitDossier.route.map((step) => step.agency.code)).toEqual([CENTRE, '19.SGDDT', PROVINCE_CENTRE]);

    const posted = await gql<{ submitDossier: { resultDelivery: unknown } }>(
      SUBMIT,
      { input: { ...input, resultDelivery: 'POSTAL' } },
      reception,
    );
    expect(posted.data!.submitDossier.resultDelivery).toEqual({ mode: 'POSTAL', agency: { code: CENTRE } });

    const unknown = await gql(SUBMIT, { input: { ...input, returnAt: '19.99999.TTPVHCC' } }, reception);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('AGENCY_NOT_FOUND');
  });
});

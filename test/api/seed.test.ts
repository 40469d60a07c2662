import { beforeAll, describe, expect, it } from 'vitest';
import { seedProvince } from '#seed/seed';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

const admin: Claims = { sub: 'kstt', agency: '06', roles: 'PROVINCE_ADMIN' };
let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

describe('seeding again after a deployment', () => {
  it('keeps what the province administrator changed: identifiers, office hours, published versions', async () => {
    const changed = await gql(
      `mutation { updateAgency(code: "06.063", input: { identifier: "000.00.63.H06", officeHours: [{ start: "07:30", end: "16:30" }] }) { code } }`,
      {},
      admin,
    );
    expect(changed.errors).toBeUndefined();
    const published = await gql<{ publishProcedureVersion: { version: number } }>(
      `mutation ($input: ProcedureInput!) { publishProcedureVersion(input: $input) { version } }`,
      {
        input: {
          code: '1.009994',
          name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
          field: { code: 'XAY_DUNG', name: 'Hoạt động xây dựng' },
          level: 'DISTRICT',
          documents: [{ code: 'DON_GPXD', name: 'Đơn đề nghị', copyType: 'ORIGINAL' }],
          duration: { value: 12, unit: 'WORKING_DAYS' },
          route: [{ level: 'DISTRICT', task: 'Tiếp nhận, thẩm định, cấp giấy phép', budget: { value: 12, unit: 'WORKING_DAYS' } }],
        },
      },
      admin,
    );
    expect(published.errors).toBeUndefined();

    await seedProvince({ tableName: fixture.tableName, provinceCode: '06' });

    const after = await gql<{
      agency: { identifier: string; officeHours: { start: string }[]; unitName: string };
      procedure: { version: number; duration: { value: number } };
    }>(
      `{ agency(code: "06.063") { identifier unitName officeHours { start } } procedure(code: "1.009994") { version duration { value } } }`,
    );
    expect(after.data!.agency).toEqual({ identifier: '000.00.63.H06', unitName: 'Huyện Bạch Thông', officeHours: [{ start: '07:30' }] });
    expect(after.data!.procedure).toEqual({ version: published.data!.publishProcedureVersion.version, duration: { value: 12 } });
  });
});

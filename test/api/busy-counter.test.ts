import { beforeAll, describe, expect, it } from 'vitest';
import { toVnIso } from '#domain/calendar';
import { act, type Caller, vietnamYymmdd } from '#domain/lifecycle';
import { registerPage } from '#print/pages';
import { createServices, type Services, servicesForTable } from '../../functions/services';
import { createDocumentClient, createStore, type Store } from '../../functions/store';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

/**
 * Issue 14, a busy counter: acceptances at one agency reserve the day's numbers without
 * conflicting; a number whose acceptance fails is recorded void with the reason; the nightly sweep
 * voids numbers reserved but never recorded; the printed register lists every void number.
 */
const COMMUNE = '06.063.02014';
const reception = (index: number): Caller => ({
  officerId: `tn-busy-${index}`,
  name: 'Tiếp nhận',
  agencyCode: COMMUNE,
  roles: ['RECEPTION_OFFICER'],
});

let fixture: ProvinceFixture;
let services: Services;
let store: Store;
let gql: ReturnType<typeof graphqlClient>;

const submit = (caller: Caller) =>
  services.dossiers.submit(caller, {
    procedureCode: '1.001776',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Lò Thị Kho', address: { communeAgencyCode: COMMUNE } },
    documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
  });

const sequenceOf = (code: string) => Number(code.split('-').at(-1));
const today = () => toVnIso(new Date()).slice(0, 10);

beforeAll(async () => {
  fixture = await setUpProvince();
  const db = createDocumentClient(fixture.dynamo);
  services = servicesForTable(fixture.tableName, { db });
  store = createStore(db, fixture.tableName);
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

/**
 * An acceptance whose commit fails: another officer refuses the dossier between the acceptance's
 * read and its commit, so the number it reserved is voided (ACCEPTANCE_FAILED, STALE_VERSION).
 */
async function failedAcceptance(officer: Caller): Promise<{ dossierId: string; number: number; day: string }> {
  const dossier = await submit(officer);
  const day = vietnamYymmdd(new Date());
  const before = (await store.numbering.numberedDay(COMMUNE, day)).last;
  const racing = createServices({
    store: {
      ...store,
      dossiers: {
        ...store.dossiers,
        commitAcceptance: async (transition, number) => {
          await services.dossiers.act(reception(1), dossier.id, 1, { action: 'REFUSE', reason: 'Hồ sơ không thuộc thẩm quyền' });
          return store.dossiers.commitAcceptance(transition, number);
        },
      },
    },
  });
  await expect(racing.dossiers.accept(officer, dossier.id, 1)).rejects.toMatchObject({ code: 'STALE_VERSION' });
  return { dossierId: dossier.id, number: before + 1, day };
}

describe('a busy counter', () => {
  it('accepts 50 dossiers at one agency at once, first time, with unique numbers each recorded as used', async () => {
    const dossiers = await Promise.all(Array.from({ length: 50 }, (_, index) => submit(reception(index))));
    const accepted = await Promise.all(dossiers.map((dossier, index) => services.dossiers.accept(reception(index), dossier.id, 1)));
    const numbers = accepted.map((dossier) => sequenceOf(dossier.code!)).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    const day = vietnamYymmdd(new Date());
    const account = await store.numbering.numberedDay(COMMUNE, day);
    // Every number reserved is accounted for: used by one of these dossiers (none failed here, so no gap).
    expect(account.last).toBe(50);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect([...account.recorded].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('records the number of an acceptance whose commit failed as void, with the reason, and the register prints it', async () => {
    const { dossierId, number, day } = await failedAcceptance(reception(0));
    const account = await store.numbering.numberedDay(COMMUNE, day);
    expect(account.last).toBe(number);
    expect(account.recorded.has(number)).toBe(true);
    const voids = await services.numbering.voidNumbers(reception(0), '2000', '9999');
    expect(voids).toContainEqual(expect.objectContaining({ number, reason: 'ACCEPTANCE_FAILED', detail: 'STALE_VERSION', dossierId }));
    const page = await registerPage(services, reception(0), { from: today(), to: today() });
    expect(page.html).toContain(`data-void="${day}-${number}"`);
    expect(page.html).toContain('STALE_VERSION');
  });

  it('sweeps a past day: a number reserved but never recorded is voided as stopped, once; the register prints it', async () => {
    const day = '2026-01-15';
    const yymmdd = '260115';
    // An acceptance reserved numbers 1 and 2, recorded 1 as used, then its process stopped before recording 2.
    expect(await store.numbering.reserveNumber(COMMUNE, yymmdd)).toBe(1);
    const dossier = await submit(reception(2));
    const transition = act(
      (await store.dossiers.dossier(dossier.id))!,
      { action: 'ACCEPT', sequence: 1 },
      { caller: reception(2), now: new Date() },
    );
    await store.dossiers.commitAcceptance(transition, { agencyCode: COMMUNE, day: yymmdd, number: 1 });
    expect(await store.numbering.reserveNumber(COMMUNE, yymmdd)).toBe(2);

    const first = await services.numbering.sweepDay(day);
    expect(first).toMatchObject({ day, voided: 1, failed: [] });
    expect((await store.numbering.numberedDay(COMMUNE, yymmdd)).recorded).toEqual(new Set([1, 2]));
    const again = await services.numbering.sweepDay(day);
    expect(again.voided).toBe(0);

    const page = await registerPage(services, reception(2), { from: day, to: day });
    expect(page.html).toContain(`data-void="${yymmdd}-2"`);
    expect(page.html).toContain('quá trình tiếp nhận bị gián đoạn');
    expect(page.html).not.toContain(`data-void="${yymmdd}-1"`);
  });

  it('refuses to sweep a day not yet over (its acceptances may be in flight) and changes nothing', async () => {
    const before = await tableSnapshot(fixture.dynamo, fixture.tableName);
    await expect(services.numbering.sweepDay(today())).rejects.toMatchObject({ code: 'BAD_INPUT', details: { field: 'day' } });
    await expect(services.numbering.sweepDay('2026-13-45')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await tableSnapshot(fixture.dynamo, fixture.tableName)).toBe(before);
  });

  it('reserves no number for an acceptance the rules refuse (stale version, second acceptance)', async () => {
    const dossier = await submit(reception(3));
    await services.dossiers.accept(reception(3), dossier.id, 1);
    const before = await tableSnapshot(fixture.dynamo, fixture.tableName);
    await expect(services.dossiers.accept(reception(3), dossier.id, 1)).rejects.toMatchObject({ code: 'STALE_VERSION' });
    await expect(services.dossiers.accept(reception(3), dossier.id, 2)).rejects.toBeDefined();
    expect(await tableSnapshot(fixture.dynamo, fixture.tableName)).toBe(before);
  });
});

describe('the GraphQL register lists the void numbers', () => {
  const VOIDS = `query ($from: DateTime!, $to: DateTime!, $first: Int, $after: String) {
    trackingBook(from: $from, to: $to, first: 1) {
      voidNumbers(first: $first, after: $after) { rows { day number reason reasonLabel detail recordedAt } pageInfo { endCursor hasNextPage } }
    }
  }`;
  interface VoidRow {
    day: string;
    number: number;
    reason: string;
    reasonLabel: string;
    detail: string | null;
    recordedAt: string;
  }
  type VoidsAnswer = {
    trackingBook: { voidNumbers: { rows: VoidRow[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
  };
  const claimsOf = (caller: Caller): Claims => ({ sub: caller.officerId, agency: caller.agencyCode, roles: caller.roles.join(' ') });
  const around = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
  const voidsOf = async (claims: Claims, variables: Record<string, unknown>) => {
    const response = await gql<VoidsAnswer>(VOIDS, variables, claims);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.trackingBook.voidNumbers;
  };

  it("shows a failed acceptance's number with its reason to the agency's register, and not to another agency's", async () => {
    const failed = await failedAcceptance(reception(4));
    const { rows } = await voidsOf(claimsOf(reception(4)), { ...around(), first: 200 });
    const row = rows.find((entry) => entry.number === failed.number);
    expect(row).toMatchObject({
      day: today(),
      reason: 'ACCEPTANCE_FAILED',
      reasonLabel: expect.stringContaining('không tiếp nhận được hồ sơ'),
      detail: 'STALE_VERSION',
    });
    expect(Math.abs(Date.parse(row!.recordedAt) - Date.now())).toBeLessThan(3_600_000);
    expect(rows.map((entry) => entry.recordedAt)).toEqual([...rows.map((entry) => entry.recordedAt)].sort());

    // Another agency's one-stop reads its own register: this agency's voids are not in it.
    const district: Claims = { sub: 'tn-bachthong', agency: '06.063', roles: 'RECEPTION_OFFICER' };
    expect((await voidsOf(district, { ...around(), first: 200 })).rows).toEqual([]);
    // An officer without the register's right gets what the tracking book answers: FORBIDDEN, no data.
    const handler: Claims = { sub: 'cv-duongphong', agency: COMMUNE, roles: 'HANDLING_OFFICER' };
    const refused = await gql(VOIDS, { ...around(), first: 200 }, handler);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data ?? null).toBeNull();
  });

  it('pages the voids on their own cursor, and refuses a bad page size or a cursor of another list, storing nothing', async () => {
    await failedAcceptance(reception(5));
    await failedAcceptance(reception(6));
    const claims = claimsOf(reception(5));
    const all = (await voidsOf(claims, { ...around(), first: 200 })).rows;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await voidsOf(claims, { ...around(), first: 1 });
    expect(first.rows).toEqual(all.slice(0, 1));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await voidsOf(claims, { ...around(), first: 200, after: first.pageInfo.endCursor });
    expect(second.rows).toEqual(all.slice(1));
    expect(second.pageInfo).toEqual({ endCursor: null, hasNextPage: false });

    const before = await tableSnapshot(fixture.dynamo, fixture.tableName);
    const cases: Record<string, unknown>[] = [
      { ...around(), first: 0 },
      { ...around(), first: 201 },
      // The cursor of this list, for a period it is not in.
      { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', first: 1, after: first.pageInfo.endCursor },
      { ...around(), first: 1, after: 'not-a-cursor' },
      // A period that ends before it starts (DynamoDB would refuse the query as a server error).
      { from: '2026-12-05T00:00:00Z', to: '2026-12-01T00:00:00Z', first: 1 },
    ];
    for (const variables of cases) {
      const response = await gql(VOIDS, variables, claims);
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_INPUT');
    }
    // Another agency cannot page with this agency's cursor.
    const district: Claims = { sub: 'tn-bachthong', agency: '06.063', roles: 'RECEPTION_OFFICER' };
    const foreign = await gql(VOIDS, { ...around(), first: 1, after: first.pageInfo.endCursor }, district);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(await tableSnapshot(fixture.dynamo, fixture.tableName)).toBe(before);
  });

  it("refuses the register rows' own cursor reused with a period it is not in, as BAD_INPUT (not a DynamoDB error)", async () => {
    const ROWS = `query ($from: DateTime!, $to: DateTime!, $after: String) {
      trackingBook(from: $from, to: $to, first: 1, after: $after) { rows { dossierCode } pageInfo { endCursor hasNextPage } }
    }`;
    type RowsAnswer = { trackingBook: { rows: { dossierCode: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
    const claims = claimsOf(reception(0));
    for (const dossier of await Promise.all([submit(reception(0)), submit(reception(0))]))
      await services.dossiers.accept(reception(0), dossier.id, 1);
    const page = await gql<RowsAnswer>(ROWS, around(), claims);
    expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
    // At least the two received just now: a page of one has a next page.
    const cursor = page.data!.trackingBook.pageInfo.endCursor;
    expect(cursor).not.toBeNull();
    const next = await gql<RowsAnswer>(ROWS, { ...around(), after: cursor }, claims);
    expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
    expect(next.data!.trackingBook.rows[0]?.dossierCode).not.toBe(page.data!.trackingBook.rows[0]?.dossierCode);

    const before = await tableSnapshot(fixture.dynamo, fixture.tableName);
    const elsewhere = await gql(ROWS, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', after: cursor }, claims);
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(await tableSnapshot(fixture.dynamo, fixture.tableName)).toBe(before);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { toVnIso } from '#domain/calendar';
import { act, type Caller, vietnamYymmdd } from '#domain/lifecycle';
import { registerPage } from '#print/pages';
import { createServices, type Services, servicesForTable } from '../../functions/services';
import { createDocumentClient, createStore, type Store } from '../../functions/store';
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
});

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
    const dossier = await submit(reception(0));
    const day = vietnamYymmdd(new Date());
    const before = (await store.numbering.numberedDay(COMMUNE, day)).last;
    // Another officer changes the dossier between this acceptance's read and its commit.
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
    await expect(racing.dossiers.accept(reception(0), dossier.id, 1)).rejects.toMatchObject({ code: 'STALE_VERSION' });
    const account = await store.numbering.numberedDay(COMMUNE, day);
    expect(account.last).toBe(before + 1);
    expect(account.recorded.has(before + 1)).toBe(true);
    const voids = await services.numbering.voidNumbers(reception(0), '2000', '9999');
    expect(voids).toContainEqual(
      expect.objectContaining({ number: before + 1, reason: 'ACCEPTANCE_FAILED', detail: 'STALE_VERSION', dossierId: dossier.id }),
    );
    const page = await registerPage(services, reception(0), { from: today(), to: today() });
    expect(page.html).toContain(`data-void="${day}-${before + 1}"`);
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

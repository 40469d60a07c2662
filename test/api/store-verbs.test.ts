import { beforeAll, describe, expect, it } from 'vitest';
import { act, type Caller } from '#domain/lifecycle';
import { messagesOf } from '#queue/outbox';
import { ConfigurationError, type Services, servicesForTable } from '../../functions/services';
import { createDocumentClient, createStore, SequenceTaken, type Store } from '../../functions/store';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

/**
 * The store's verbs as the use cases rely on them: a redelivered handoff is noticed, a taken
 * number is a named error, AWS errors keep their cause, and a refused commit writes nothing.
 */
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const reception: Caller = { officerId: 'tn-store', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };

let fixture: ProvinceFixture;
let services: Services;
let store: Store;

const submitted = () =>
  services.dossiers.submit(reception, {
    procedureCode: '1.001776',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Lò Thị Kho', address: { communeAgencyCode: COMMUNE } },
    documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
  });

const unchanged = async (attempt: () => Promise<unknown>) => {
  const before = await tableSnapshot(fixture.dynamo, fixture.tableName);
  const error = await attempt().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(await tableSnapshot(fixture.dynamo, fixture.tableName)).toBe(before);
  return error;
};

beforeAll(async () => {
  fixture = await setUpProvince();
  const db = createDocumentClient(fixture.dynamo);
  services = servicesForTable(fixture.tableName, { db });
  store = createStore(db, fixture.tableName);
});

describe('the store verbs behind the use cases', () => {
  it('delivers a handoff once: a second markDelivered of the same message reports it and writes nothing', async () => {
    const dossier = await submitted();
    const received = await services.dossiers.accept(reception, dossier.id, dossier.version);
    const sent = await services.dossiers.transfer(reception, { id: received.id, toAgency: DISTRICT, expectedVersion: received.version });
    const [message] = messagesOf((await services.dossiers.history(sent.id)).at(-1)!);
    expect(await services.dossiers.deliver(message!)).toBe('DELIVERED');
    let again: unknown;
    expect(await unchanged(async () => (again = await services.dossiers.deliver(message!)))).toBeUndefined();
    expect(again).toBe('ALREADY_DELIVERED');
  });

  it('names a day number already recorded (SequenceTaken, with the AWS error as cause) and writes nothing', async () => {
    const dossier = await submitted();
    const day = '991231';
    const transition = act(
      (await store.dossiers.dossier(dossier.id))!,
      { action: 'ACCEPT', sequence: 8 },
      { caller: reception, now: new Date() },
    );
    // Number 8 was voided (say, by the nightly sweep) before this acceptance committed it.
    await store.numbering.voidNumber(
      { agencyCode: COMMUNE, day, number: 8, reason: 'PROCESS_STOPPED', at: new Date().toISOString() },
      '2099-12-30T17:00:00.000Z',
    );
    const error = await unchanged(() => store.dossiers.commitAcceptance(transition, { agencyCode: COMMUNE, day, number: 8 }));
    expect(error).toBeInstanceOf(SequenceTaken);
    expect(error).toMatchObject({ code: 'SEQUENCE_TAKEN', name: 'SequenceTaken' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('answers STALE_VERSION for a transition computed from an old head, keeping the cancellation as cause', async () => {
    const dossier = await submitted();
    const received = await services.dossiers.accept(reception, dossier.id, dossier.version);
    const [district] = await store.agencies.agencies([DISTRICT]);
    const toAgency = { code: district!.code, identifier: district!.identifier, level: district!.level };
    const stale = act(received, { action: 'TRANSFER', toAgency }, { caller: reception, now: new Date() });
    await services.dossiers.transfer(reception, { id: received.id, toAgency: DISTRICT, expectedVersion: received.version });
    const error = await unchanged(() => store.dossiers.commitTransfer(stale));
    expect(error).toMatchObject({ name: 'StaleVersionError', code: 'STALE_VERSION' });
    expect((error as Error).cause).toMatchObject({ name: 'TransactionCanceledException' });
  });

  it('refuses an agency update with nothing to change (BAD_INPUT) and an unknown agency (AGENCY_NOT_FOUND, with cause), writing nothing', async () => {
    expect(await unchanged(() => services.agencies.update(COMMUNE, {}))).toMatchObject({ code: 'BAD_INPUT' });
    const { identifier } = (await services.agencies.get(COMMUNE))!;
    const missing = await unchanged(() => services.agencies.update('99.999', { identifier }));
    expect(missing).toMatchObject({ code: 'AGENCY_NOT_FOUND' });
    expect((missing as Error).cause).toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('says plainly when services were built without the dead-letter queues', async () => {
    const error = await unchanged(async () => services.failures.redrive({ agencyCode: DISTRICT, max: 1 }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'CONFIGURATION' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractErrors } from '#portal/contract/validate';
import { type Services, servicesForTable } from '#services/index';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { advance, COMMUNE, receptionOfficer, submitCertification } from './dossier-runs';
import { type SyncHarness, startSyncHarness } from './sync-harness';

const admin: Claims = { sub: 'qt-tinh', agency: '06', roles: 'PROVINCE_ADMIN' };
let harness: SyncHarness;
let services: Services;
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  harness = await startSyncHarness({ maxReceiveCount: 3, quiet: true });
  services = servicesForTable(harness.fixture.tableName);
  // The admin redrive function answers in-process here, as in local runs.
  await import('../../local/in-process-redrive');
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

afterAll(async () => {
  await harness?.stop();
});

interface PortalSyncView {
  acknowledgedVersion: number;
  state: string;
  attempts: number;
  lastError: { code: string; message: string; version: number } | null;
}

async function portalSyncOf(id: string): Promise<PortalSyncView> {
  const response = await gql<{ dossier: { portalSync: PortalSyncView } }>(
    'query ($id: ID!) { dossier(id: $id) { portalSync { acknowledgedVersion state attempts lastError { code message version } } } }',
    { id },
    admin,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.dossier.portalSync;
}

describe('every dossier state reaches the national portal (emulator)', () => {
  it('sends the accepted dossier, then each new state and every step, on the contract', async () => {
    const submitted = await submitCertification(services);
    await harness.settle();
    // A counter dossier has no code before acceptance: nothing to file at the portal yet.
    expect(harness.emulator.records.dossiers()).toEqual([]);
    expect((await portalSyncOf(submitted.id)).state).toBe('NOT_APPLICABLE');

    const returned = await advance(services, submitted, 4);
    await harness.settle();
    const held = harness.emulator.records.dossier(returned.code!)!;
    expect(held.version).toBe(returned.version);
    expect(contractErrors('dossier', held.payload)).toEqual([]);
    expect(held.payload).toMatchObject({
      MaHoSo: returned.code,
      MaTTHC: '2.000815',
      MaLinhVuc: 'CHUNG_THUC',
      KenhThucHien: 1,
      TrangThaiHoSo: 10,
      DanhSachHoSoBoSung: [expect.objectContaining({ TrangThaiBoSung: 1 })],
      DanhSachGiayToKetQua: [expect.objectContaining({ GiayToId: 'CT-001' })],
    });
    expect(held.payload.NgayTra).toMatch(/^\d{14}$/);
    expect(JSON.stringify(held.payload)).not.toContain('0912345678');
    const steps = harness.emulator.records.steps(returned.code!);
    expect(steps.map((step) => Number(step.stepId)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await portalSyncOf(returned.id)).toMatchObject({ acknowledgedVersion: returned.version, state: 'SYNCED', lastError: null });
  });

  it('sends nothing off the contract: an identifier the contract cannot carry stops the sync before anything leaves', async () => {
    const dossier = await services.dossiers.submit(receptionOfficer, {
      procedureCode: '2.000815',
      channel: 'DIRECT',
      applicant: { kind: 'ORGANISATION', fullName: 'Công ty TNHH An Bình', idNumber: '0101/2345', address: { communeAgencyCode: COMMUNE } },
      documents: [
        { code: 'BAN_CHINH', copies: 1 },
        { code: 'BAN_SAO', copies: 1 },
      ],
    });
    const accepted = await advance(services, dossier, 0);
    await harness.settle();
    expect(harness.emulator.records.dossier(accepted.code!)).toBeUndefined();
    expect(await portalSyncOf(accepted.id)).toMatchObject({
      state: 'REFUSED',
      lastError: { code: 'PORTAL_OFF_CONTRACT', message: expect.stringContaining('/data/DinhDanhCHS/0/SoDinhDanh must match pattern') },
    });
    expect((await portalSyncOf(accepted.id)).lastError!.message).not.toContain('0101/2345');
  });

  it('a dossier the portal refuses lands in the DLQ with the portal reason, is listed under DVCQG, and syncs once redriven', async () => {
    const dossier = await submitCertification(services, 'Lê Văn Bình');
    // The submission's message finds nothing to send yet (no code before acceptance): let it go
    // first, so only the acceptance meets the refusing portal, however fast the relay is.
    await harness.settle();
    await fetch(`${harness.emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ mode: 'reject' }) });
    const accepted = await advance(services, dossier, 0);
    await harness.settle();

    const listed = await gql<{
      failedHandoffs: { dossierId: string; failureKind: string; reason: string; message: string; deadLettered: boolean }[];
    }>('{ failedHandoffs(agencyCode: "DVCQG") { dossierId failureKind reason message deadLettered } }', {}, admin);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.failedHandoffs.filter((failure) => failure.dossierId === accepted.id)).toEqual([
      expect.objectContaining({
        dossierId: accepted.id,
        failureKind: 'PORTAL_SYNC',
        reason: 'PORTAL_REFUSED',
        message: expect.stringContaining('không có trong CSDL quốc gia'),
        deadLettered: true,
      }),
    ]);
    // The acceptance's message was tried three times (maxReceiveCount here) before the DLQ.
    expect(await portalSyncOf(accepted.id)).toMatchObject({ acknowledgedVersion: 0, state: 'REFUSED', attempts: 3 });
    expect(harness.emulator.records.dossier(accepted.code!)).toBeUndefined();

    await fetch(`${harness.emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ mode: 'none' }) });
    const redriven = await gql<{ redriveFailedHandoffs: { moved: number } }>(
      'mutation { redriveFailedHandoffs(agencyCode: "DVCQG", max: 10) { moved } }',
      {},
      admin,
    );
    expect(redriven.errors).toBeUndefined();
    expect(redriven.data!.redriveFailedHandoffs.moved).toBeGreaterThanOrEqual(1);
    await harness.settle();
    expect(harness.emulator.records.dossier(accepted.code!)?.version).toBe(accepted.version);
    expect(await portalSyncOf(accepted.id)).toMatchObject({ acknowledgedVersion: accepted.version, state: 'SYNCED', attempts: 0 });
    const after = await gql<{ failedHandoffs: { dossierId: string }[] }>(
      '{ failedHandoffs(agencyCode: "DVCQG") { dossierId } }',
      {},
      admin,
    );
    expect(after.data!.failedHandoffs.map((failure) => failure.dossierId)).not.toContain(accepted.id);
  });
});

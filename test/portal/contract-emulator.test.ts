import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalRefusedError, PortalUnavailableError } from '#portal/client';
import { toPortalSteps } from '#portal/mapping';
import { planPortalSync } from '#portal/sync-plan';
import { DEFAULT_RETRY, httpPortalClient } from '#portal-sync/portal-client';
import { connectionOf } from '#portal-sync/portal-config';
import { LOCAL_PORTAL_CREDENTIALS, type PortalEmulator, startPortalEmulator } from '../../local/portal-emulator/server';
import { ACCEPT, reception, story } from './dossier-fixtures';

/** The mapping against the emulator over HTTP, through the sender's own client: what the portal takes and refuses. */
let emulator: PortalEmulator;
const noWait = { ...DEFAULT_RETRY, baseMs: 1 };
const client = () =>
  httpPortalClient(async () => connectionOf({ endpoint: emulator.url, ...LOCAL_PORTAL_CREDENTIALS, timeoutMs: 500 }), noWait);

beforeAll(async () => {
  emulator = await startPortalEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

/** A dossier with a fee assessed, then asked for a supplement: the domain's own actions. */
const withFees = () =>
  story([
    ACCEPT,
    [{ action: 'ASSESS_FEES', fees: [{ code: 'LP1', name: 'Phí chứng thực', amount: 6000, kind: 'FEE' }] }, reception],
    [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Bản sao không rõ' }, reception],
  ]);

describe('the mapping against the portal emulator', () => {
  it('is taken as sent: names, date formats, status code, supplement and fee lists; steps in batches of at most 10', async () => {
    const plan = planPortalSync(withFees());
    if (plan.kind !== 'SEND') throw new Error(plan.kind);
    for (const batch of plan.steps) expect(await client().sendSteps(batch)).toBe('OK');
    expect(await client().sendDossier(plan.dossier)).toBe('OK');
    const held = emulator.records.dossier(plan.dossier.data.MaHoSo)!;
    expect(held.payload).toMatchObject({
      TrangThaiHoSo: 5,
      NgayTiepNhan: '20251117090100',
      DanhSachHoSoBoSung: [{ NoiDungBoSung: 'Bản sao không rõ: Bản sao cần chứng thực', NgayBoSung: '20251117090300', TrangThaiBoSung: 0 }],
      DanhSachLePhi: [{ MaPhiLePhi: 'LP1', TenPhiLePhi: 'Phí chứng thực', Gia: 6000, LoaiPhiLePhi: 1, HinhThucThu: 0 }],
    });
    expect(emulator.records.steps(plan.dossier.data.MaHoSo)).toHaveLength(4);
  });

  it('answers a repeat as DUPLICATE and an older version as STALE, keeping the newer', async () => {
    const plan = planPortalSync(withFees());
    if (plan.kind !== 'SEND') throw new Error(plan.kind);
    expect(await client().sendDossier(plan.dossier)).toBe('DUPLICATE');
    expect(await client().sendDossier({ ...plan.dossier, data: { ...plan.dossier.data, PhienBan: 2, TrangThaiHoSo: 2 } })).toBe('STALE');
    expect(emulator.records.dossier(plan.dossier.data.MaHoSo)).toMatchObject({ version: 4, payload: { TrangThaiHoSo: 5 } });
  });

  it('refuses what is off the contract with 400 and the errors, naming fields, never values', async () => {
    const plan = planPortalSync(withFees());
    if (plan.kind !== 'SEND') throw new Error(plan.kind);
    const bad = { ...plan.dossier, data: { ...plan.dossier.data, NgayNopHoSo: '2025-11-17', SoDienThoai: '0912345678' } };
    const refusal = await client()
      .sendDossier(bad)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PortalRefusedError);
    expect((refusal as PortalRefusedError).status).toBe(400);
    expect((refusal as PortalRefusedError).reason).toContain('/data/NgayNopHoSo must match pattern');
    expect((refusal as PortalRefusedError).reason).toContain('(SoDienThoai)');
    expect((refusal as PortalRefusedError).reason).not.toContain('0912345678');
    const eleven = toPortalSteps(withFees(), 0);
    const tooMany = { data: Array.from({ length: 11 }, (_, index) => ({ ...eleven[0]!, SoThuTu: index + 1 })) };
    await expect(client().sendSteps(tooMany)).rejects.toBeInstanceOf(PortalRefusedError);
  });

  it('retries what may pass (5xx, down, time-outs) and says PORTAL_UNAVAILABLE when it does not', async () => {
    const plan = planPortalSync(withFees());
    if (plan.kind !== 'SEND') throw new Error(plan.kind);
    for (const fault of [{ mode: '5xx' }, { mode: 'down' }, { mode: 'timeout', delayMs: 800 }]) {
      emulator.faults.set({ ...fault, rate: 1 });
      const error = await client()
        .sendDossier(plan.dossier)
        .catch((caught: unknown) => caught);
      expect(error, fault.mode).toBeInstanceOf(PortalUnavailableError);
      expect((error as PortalUnavailableError).code).toBe('PORTAL_UNAVAILABLE');
    }
    expect(emulator.faults.injectedByMode).toEqual({ '5xx': 3, down: 3, timeout: 3 });
    emulator.faults.set({ mode: 'none' });
  });

  it('turns bad credentials away (401), which the sender treats as passing, not as a refusal', async () => {
    const wrong = httpPortalClient(async () => connectionOf({ endpoint: emulator.url, username: 'x', password: 'y' }), {
      ...noWait,
      attempts: 1,
    });
    await expect(wrong.sendSteps({ data: toPortalSteps(withFees(), 3) })).rejects.toMatchObject({
      code: 'PORTAL_UNAVAILABLE',
      status: 401,
    });
  });
});

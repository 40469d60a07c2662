import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '#domain/dossier';
import { ACCEPT, reception, story } from '../../test/portal/dossier-fixtures';
import { planPortalSync, portalSyncState } from './sync-plan';

const supplement = [{ action: 'REQUEST_SUPPLEMENT' as const, items: [{ code: 'BAN_SAO' }], reason: 'Thiếu' }, reception] as const;
const received = [{ action: 'RECEIVE_SUPPLEMENT' as const, documents: [{ code: 'BAN_SAO', copies: 1 }] }, reception] as const;

describe('planning a portal sync', () => {
  it('sends nothing for a version the portal already acknowledged (a repeat, or an older message after a newer one)', () => {
    const source = story([ACCEPT]);
    expect(planPortalSync(source, { acknowledgedVersion: 2, attempts: 0 })).toEqual({ kind: 'UP_TO_DATE', acknowledgedVersion: 2 });
    expect(planPortalSync(source, { acknowledgedVersion: 5, attempts: 0 }).kind).toBe('UP_TO_DATE');
  });

  it('waits for a code: a counter dossier before acceptance is not the portal’s yet', () => {
    expect(planPortalSync(story([])).kind).toBe('NO_CODE_YET');
  });

  it('sends the current state as an update once created, with only the steps not acknowledged, in batches of 10', () => {
    const cycles = Array.from({ length: 6 }, () => [supplement, received]).flat() as never[];
    const source = story([ACCEPT, ...cycles]);
    const first = planPortalSync(source);
    if (first.kind !== 'SEND') throw new Error(first.kind);
    expect(first.dossier.isUpdating).toBe(false);
    expect(first.steps.map((batch) => batch.data.length)).toEqual([10, 4]);
    const later = planPortalSync(source, { acknowledgedVersion: 12, attempts: 2 });
    if (later.kind !== 'SEND') throw new Error(later.kind);
    expect(later.dossier.isUpdating).toBe(true);
    expect(later.steps.flatMap((batch) => batch.data.map((step) => step.SoThuTu))).toEqual([13, 14]);
  });

  it('sends every step again after an operator asked for a resync', () => {
    const source = story([ACCEPT, supplement as never]);
    const header = {
      dossierId: source.dossier.id,
      at: '2025-11-17T05:00:00.000Z',
      actor: { officerId: 'op', agencyCode: '06', role: 'PROVINCE_ADMIN' },
    };
    const resync = {
      ...header,
      version: 4,
      type: 'PORTAL_RESYNC_REQUESTED',
      statusAfter: 'SUPPLEMENT_REQUESTED',
    } as unknown as DossierEvent;
    const plan = planPortalSync(
      { ...source, events: [...source.events, resync], dossier: { ...source.dossier, version: 4 } },
      { acknowledgedVersion: 3, attempts: 0 },
    );
    if (plan.kind !== 'SEND') throw new Error(plan.kind);
    expect(plan.steps.flatMap((batch) => batch.data.map((step) => step.SoThuTu))).toEqual([1, 2, 3, 4]);
    expect(plan.dossier.data.PhienBan).toBe(4);
  });

  it('names the sync state officers see', () => {
    const { dossier } = story([ACCEPT]);
    expect(portalSyncState(dossier)).toBe('PENDING');
    expect(portalSyncState(dossier, { acknowledgedVersion: 2, attempts: 0 })).toBe('SYNCED');
    const error = { message: 'x', version: 2, at: dossier.updatedAt };
    expect(portalSyncState(dossier, { acknowledgedVersion: 1, attempts: 3, lastError: { ...error, code: 'PORTAL_UNAVAILABLE' } })).toBe(
      'FAILING',
    );
    expect(portalSyncState(dossier, { acknowledgedVersion: 1, attempts: 5, lastError: { ...error, code: 'PORTAL_REFUSED' } })).toBe(
      'REFUSED',
    );
    expect(portalSyncState(story([]).dossier)).toBe('NOT_APPLICABLE');
  });
});

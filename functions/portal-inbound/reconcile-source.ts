import type { PortalEntry } from '#domain/online/reconcile';
import { PortalUnavailableError } from '#portal/client';
import type { PortalReconcileSource } from '../services';
import { type PortalEndpoint, portalCall } from './client';

/**
 * The portal's side of reconciliation: what it holds for one agency (its electronic identifier,
 * NoiNopHoSo) and one day of reception. `GET /api/reconcile?day=yyyyMMdd&agency=` is the
 * emulator's; the real portal's report call could not be confirmed [U] and is this one place.
 */
export function httpPortalReconcileSource(endpoint: PortalEndpoint): PortalReconcileSource {
  return {
    async dossiers(day, agencyIdentifier) {
      const query = new URLSearchParams({ day: day.replaceAll('-', ''), agency: agencyIdentifier });
      const answer = (await portalCall(endpoint, 'GET', `/api/reconcile?${query}`)) as { dossiers?: unknown } | undefined;
      if (!Array.isArray(answer?.dossiers)) throw new PortalUnavailableError('GET /api/reconcile: no dossier list in the answer');
      return answer.dossiers.flatMap((entry): PortalEntry[] => {
        const held = (entry ?? {}) as Record<string, unknown>;
        return typeof held.MaHoSo === 'string'
          ? [{ code: held.MaHoSo, version: Number(held.PhienBan ?? 0), portalStatus: Number(held.TrangThaiHoSo ?? 0) }]
          : [];
      });
    },
  };
}

import { DOSSIER_STATUSES, type DossierStatus } from '#domain/dossier';
import type { PortalMappingConfig } from './mapping-config';

/**
 * Our state → the portal's TrangThaiHoSo (1–10). The codes themselves are data in one place,
 * DOSSIER_STATUSES (functions/domain/dossier.ts, `nationalCode`); the only portal-side twist is the
 * configurable push-time override ([U]: some vendors push 5, 6 and 8 as 9).
 */
export function portalStatus(status: DossierStatus, config: PortalMappingConfig): number {
  const code = DOSSIER_STATUSES[status].nationalCode;
  return config.statusOverrides[code] ?? code;
}

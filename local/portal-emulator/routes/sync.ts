import { contractErrors } from '#portal/contract/validate';
import type { PortalDossierRequest, PortalStepsRequest } from '#portal/payloads';
import type { EmulatorApp, EmulatorReply } from '../app';

/**
 * The portal's sync calls (domain.md Appendix B): DongBoHoSoMC takes one dossier's state,
 * CapNhatTienDoHoSoMC up to 10 process steps. Every body is checked against the contract
 * (400 with the problems); the state is kept at the highest version, each step once.
 */
export function registerRoutes(app: EmulatorApp): void {
  app.post('/api/DongBoHoSoMC', ({ body }) => {
    const refused = refusal('dossierRequest', body);
    if (refused) return refused;
    const { data } = body as PortalDossierRequest;
    const outcome = app.records.acceptDossier(data.MaHoSo, Number(data.PhienBan), { ...data });
    if (outcome === 'stale') {
      const held = app.records.dossier(data.MaHoSo)?.version;
      return { status: 200, body: { status: 'STALE', message: `Đã có phiên bản mới hơn (${held})`, heldVersion: held } };
    }
    return { status: 200, body: { status: outcome === 'stored' ? 'OK' : 'DUPLICATE' } };
  });
  app.post('/api/CapNhatTienDoHoSoMC', ({ body }) => {
    const refused = refusal('stepsRequest', body);
    if (refused) return refused;
    for (const step of (body as PortalStepsRequest).data) app.records.acceptStep(step.MaHoSo, String(step.SoThuTu), { ...step });
    return { status: 200, body: { status: 'OK' } };
  });
}

function refusal(part: 'dossierRequest' | 'stepsRequest', body: unknown): EmulatorReply | undefined {
  const errors = contractErrors(part, body);
  if (errors.length === 0) return undefined;
  return { status: 400, body: { status: 'INVALID', message: `Dữ liệu không hợp lệ: ${errors.slice(0, 5).join('; ')}`, errors } };
}

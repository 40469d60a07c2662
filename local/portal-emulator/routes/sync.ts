import type { EmulatorApp } from '../app';

/**
 * The portal's sync calls (Appendix B: DongBoHoSoMC, CapNhatTienDoHoSoMC). Validation against the
 * contract is added with the contract module (functions/portal/contract).
 */
export function registerRoutes(app: EmulatorApp): void {
  app.post('/api/DongBoHoSoMC', ({ body }) => {
    const payload = body as Record<string, unknown>;
    const outcome = app.records.acceptDossier(String(payload.MaHoSo), Number(payload.PhienBan), payload);
    return { status: 200, body: { status: outcome === 'stored' ? 'OK' : outcome === 'same' ? 'DUPLICATE' : 'STALE' } };
  });
}

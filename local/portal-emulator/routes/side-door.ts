import type { EmulatorApp } from '../app';

/** The operators' and tests' door: set faults, read what the portal received. Never faulted. */
export function registerRoutes(app: EmulatorApp): void {
  app.post('/_emulator/faults', ({ body }) => {
    const problems = app.faults.set(body);
    if (problems.length > 0) return { status: 400, body: { status: 'INVALID', message: problems.join('; '), errors: problems } };
    return { status: 200, body: { faults: app.faults.settings } };
  });
  app.get('/_emulator/faults', () => ({ status: 200, body: { faults: app.faults.settings, injected: app.faults.injected } }));
  app.get('/_emulator/dossiers/:code', ({ params }) => {
    const dossier = app.records.dossier(params.code ?? '');
    if (!dossier) return { status: 404, body: { status: 'NOT_FOUND', message: `no dossier ${params.code}` } };
    return { status: 200, body: { ...dossier, steps: app.records.steps(dossier.code).map((step) => step.payload) } };
  });
  app.get('/_emulator/dossiers', () => ({
    status: 200,
    body: { dossiers: app.records.dossiers().map(({ code, version, receivedAt }) => ({ code, version, receivedAt })) },
  }));
  app.post('/_emulator/reset', () => {
    app.records.clear();
    app.faults.reset();
    return { status: 200, body: { status: 'OK' } };
  });
}

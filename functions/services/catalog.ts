import type { AgencyLevel } from '#domain/agencies';
import { nextVersion, type Procedure, type ProcedureDraft } from '#domain/catalog';
import type { ServiceDeps } from './deps';

export function catalogService(deps: ServiceDeps) {
  const { catalog } = deps.store;
  return {
    /** The current version of every procedure, optionally of one level. */
    async list(level?: AgencyLevel): Promise<Procedure[]> {
      const procedures = await catalog.currentProcedures();
      return level ? procedures.filter((procedure) => procedure.level === level) : procedures;
    },
    get: (code: string, version?: number) => catalog.procedure(code, version),
    versions: (wanted: readonly { code: string; version: number }[]) => catalog.procedureVersions(wanted),

    /** Publishes the draft as the procedure's next version (CONFLICT if another was published meanwhile). */
    async publish(draft: ProcedureDraft): Promise<Procedure> {
      const procedure = nextVersion(await catalog.procedure(draft.code), draft);
      await catalog.commitPublication(procedure);
      return procedure;
    },
  };
}

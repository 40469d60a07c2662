import type { AgencyLevel } from '#domain/agencies';
import { nextVersion, type Procedure, type ProcedureDraft } from '#domain/catalog';
import type { ServiceDeps } from './deps';
import { cacheFor, type ReferenceCache } from './reference-cache';

const caches = new WeakMap<object, ReferenceCache<Procedure>>();
const versionKey = (code: string, version: number) => `${code}#${version}`;

/** Keeps a procedure version an action read from the table in the container's copy (versions are never rewritten). */
export const rememberProcedureRead =
  (store: ServiceDeps['store']) =>
  (procedure: Procedure): void =>
    cacheFor(caches, store.catalog).set(versionKey(procedure.code, procedure.version), procedure);

export function catalogService(deps: ServiceDeps) {
  const { catalog } = deps.store;
  const cache = cacheFor(caches, catalog);
  return {
    /** The current version of every procedure, optionally of one level. */
    async list(level?: AgencyLevel): Promise<Procedure[]> {
      const procedures = await catalog.currentProcedures();
      return level ? procedures.filter((procedure) => procedure.level === level) : procedures;
    },
    get: (code: string, version?: number) => catalog.procedure(code, version),
    /**
     * Versions by code and number, from this container's copy where it has one: a published
     * version is never rewritten by the service (a new one is published instead), so the copy
     * ages only against a re-seed elsewhere (reference-cache.ts, REFERENCE_TTL_MS).
     */
    versions: (wanted: readonly { code: string; version: number }[]) =>
      cache.many(
        wanted.map(({ code, version }) => versionKey(code, version)),
        (missing) =>
          catalog.procedureVersions(
            missing.map((key) => {
              const [code = '', version] = key.split('#');
              return { code, version: Number(version) };
            }),
          ),
      ),

    /** Publishes the draft as the procedure's next version (CONFLICT if another was published meanwhile). */
    async publish(draft: ProcedureDraft): Promise<Procedure> {
      const procedure = nextVersion(await catalog.procedure(draft.code), draft);
      await catalog.commitPublication(procedure);
      cache.set(versionKey(procedure.code, procedure.version), procedure);
      return procedure;
    },
  };
}

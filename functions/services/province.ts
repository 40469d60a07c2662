import type { Agency } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import type { ServiceDeps } from './deps';
import { forgetCachedReferences } from './reference-cache';

const CONCURRENCY = 8;

/**
 * Writes a province's agencies and catalog without undoing the province's own changes: an
 * agency's unit-list fields are refreshed but its identifier and office hours are kept; a
 * procedure version that exists is left as it is. Safe to re-run after every deployment.
 */
export async function seedReferenceData(
  deps: ServiceDeps,
  data: { agencies: readonly Agency[]; procedures: readonly Procedure[] },
  onProgress?: (done: number, total: number, what: string) => void,
): Promise<void> {
  const { seed } = deps.store;
  const writes: (() => Promise<void>)[] = [
    ...data.agencies.map((agency) => () => seed.seedAgency(agency)),
    ...data.procedures.map((procedure) => () => seed.seedProcedure(procedure)),
  ];
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const write = writes[next++]!;
      await write();
      done += 1;
      if (done % 25 === 0 || done === writes.length) onProgress?.(done, writes.length, 'agencies and procedures');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // The seed writes behind the agency and catalog services: no copy this process holds outlives it.
  forgetCachedReferences();
}

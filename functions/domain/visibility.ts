import type { Dossier } from './dossier';

/**
 * Which agencies may read a dossier in full: where it was handed in, the agencies of its route
 * (they have worked on it or will), the one holding it, and those whose opinion was asked.
 * Anyone else gets "not found", so probing ids reveals nothing of other agencies' dossiers.
 */
export function involvedAgencies(dossier: Dossier): Set<string> {
  return new Set(
    [
      dossier.receivingAgency,
      dossier.holderAgency,
      dossier.handoff?.fromAgency,
      dossier.handoff?.toAgency,
      ...dossier.route.map((step) => step.agencyCode),
      ...(dossier.consultation?.requests.map((request) => request.agencyCode) ?? []),
    ].filter((code): code is string => code !== undefined),
  );
}

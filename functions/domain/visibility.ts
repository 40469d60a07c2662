import type { Dossier } from './dossier';

/**
 * Which agencies may read a dossier: where it was handed in, every agency of its route (those that
 * have worked on it, and those that will, so they can see what is coming), the one holding it,
 * and those whose opinion was asked. Anyone else gets "not found", so probing ids reveals nothing
 * of other agencies' dossiers. The applicant's personal data in full is narrower:
 * `personalDataAgencies`.
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

/**
 * Which agencies may see the applicant's personal data unmasked (ID number, phone, email): only
 * those the dossier has reached. An agency later on the route sees the dossier and its status
 * before then, with personal data masked (Decree 13/2023: no more personal data than the task
 * needs): the receiving one-stop, route steps already performed, the step being performed once
 * the dossier was delivered there (the holder), both ends of a delivered handoff, and agencies
 * asked for an opinion (the request carries the dossier to them).
 */
export function personalDataAgencies(dossier: Dossier): Set<string> {
  const delivered = dossier.handoff?.deliveredAt !== undefined;
  return new Set(
    [
      dossier.receivingAgency,
      dossier.holderAgency,
      dossier.handoff?.fromAgency,
      delivered ? dossier.handoff?.toAgency : undefined,
      ...dossier.route.filter((_, index) => index < dossier.routeStep).map((step) => step.agencyCode),
      ...(dossier.consultation?.requests.map((request) => request.agencyCode) ?? []),
    ].filter((code): code is string => code !== undefined),
  );
}

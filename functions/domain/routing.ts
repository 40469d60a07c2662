import type { AgencyLevel } from './agencies';
import type { AgencyRef } from './dossier';

/** Codes of an agency and its ancestors, nearest first: `06.063.02014` → itself, `06.063`, `06`. */
export function ancestorCodes(agencyCode: string): string[] {
  const parts = agencyCode.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'));
}

/**
 * The agency responsible for a route step: the one at the step's level among the dossier's
 * subject commune and its ancestors. Never the place the dossier was handed in (domain.md §e.2).
 */
export function routeAgency(route: readonly { level: AgencyLevel }[], stepIndex: number, subjectChain: readonly AgencyRef[]): AgencyRef | undefined {
  const level = route[stepIndex]?.level;
  return level ? subjectChain.find((agency) => agency.level === level) : undefined;
}

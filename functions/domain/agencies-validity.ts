import type { Agency, AgencyKind } from './agencies';
import { toVnIso } from './calendar';
import { DomainError } from './errors';

/**
 * Agencies have validity periods (domain.md §g.4: "version the agency and unit catalogues with
 * validFrom/validTo"). A closed agency (a district after 30/06/2025, a merged commune or province,
 * a department that was merged) stays in the table, so its dossiers, events and handoffs keep
 * naming it and stay readable; it is no longer a target for new dossiers, handoffs or opinion
 * requests. Days are Vietnamese calendar dates, both ends inclusive.
 */
export type AgencyStatus = 'OPEN' | 'NOT_YET_OPEN' | 'CLOSED';

/** `YYYY-MM-DD` of an instant on a wall clock in Hà Nội. */
export const vietnamDate = (instant: Date): string => toVnIso(instant).slice(0, 10);

export function agencyStatusAt(agency: Pick<Agency, 'validFrom' | 'validTo'>, at: Date): AgencyStatus {
  const day = vietnamDate(at);
  if (agency.validFrom !== undefined && day < agency.validFrom) return 'NOT_YET_OPEN';
  if (agency.validTo !== undefined && day > agency.validTo) return 'CLOSED';
  return 'OPEN';
}

export const isOpenAt = (agency: Pick<Agency, 'validFrom' | 'validTo'>, at: Date): boolean => agencyStatusAt(agency, at) === 'OPEN';

/**
 * Throws AGENCY_CLOSED (with the successor, when one took over) or AGENCY_NOT_YET_OPEN unless the
 * agency is in service at `at`. `field` names the input that pointed at it.
 */
export function assertAgencyOpen(agency: Agency, at: Date, field?: string): void {
  const status = agencyStatusAt(agency, at);
  if (status === 'OPEN') return;
  const details = {
    agencyCode: agency.code,
    ...(field ? { field } : {}),
    ...(agency.validFrom ? { validFrom: agency.validFrom } : {}),
    ...(agency.validTo ? { validTo: agency.validTo } : {}),
    ...(agency.successorCode ? { successorCode: agency.successorCode } : {}),
  };
  if (status === 'CLOSED') {
    throw new DomainError('AGENCY_CLOSED', `${agency.name} (${agency.code}) closed on ${agency.validTo}`, details);
  }
  throw new DomainError('AGENCY_NOT_YET_OPEN', `${agency.name} (${agency.code}) is in service from ${agency.validFrom}`, details);
}

/** The province's agency in service for a sector (its department of justice, its police, …), if any. */
export function sectorAgency(agencies: readonly Agency[], kind: AgencyKind, sector: string, at: Date): Agency | undefined {
  return agencies.find((agency) => agency.kind === kind && agency.sector === sector && isOpenAt(agency, at));
}

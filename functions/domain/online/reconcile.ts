import { badInput } from '../errors';

/**
 * Reconciliation with the national portal: for one agency and one day, what the province holds
 * beside what the portal acknowledged. Pure: the service reads both sides and stores the report.
 */
export interface ProvinceEntry {
  dossierId: string;
  /** The code the portal knows it by (the portal's own for an online dossier). */
  code: string;
  version: number;
  /** TrangThaiHoSo as our mapping sends it. */
  portalStatus: number;
  /** The last version the portal acknowledged, as the sync adapter recorded it; absent when never. */
  acknowledgedVersion?: number;
}

export interface PortalEntry {
  code: string;
  version: number;
  portalStatus: number;
}

export interface Mismatch {
  dossierId: string;
  code: string;
  ourVersion: number;
  portalVersion: number;
  ourStatus: number;
  portalStatus: number;
}

export interface ReconciliationReport {
  /** YYYY-MM-DD, Vietnamese date of reception. */
  day: string;
  agencyCode: string;
  ranAt: string;
  counts: {
    province: number;
    portal: number;
    matching: number;
    missing: number;
    mismatched: number;
    unknown: number;
    unacknowledged: number;
  };
  /** Held here, absent at the portal. */
  missing: { dossierId: string; code: string; version: number; portalStatus: number }[];
  /** At the portal in an older (or different) state than ours. */
  mismatched: Mismatch[];
  /** At the portal for this agency and day, unknown here (a code the province never issued, or received another day). */
  unknown: { code: string; version: number; portalStatus: number }[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkDay(day: string, field = 'day'): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    throw badInput(field, 'A day as YYYY-MM-DD');
  return day;
}

/** Compares the two sides; every dossier lands in exactly one of matching, missing, mismatched, unknown. */
export function reconcile(
  scope: { day: string; agencyCode: string; ranAt: Date },
  ours: readonly ProvinceEntry[],
  theirs: readonly PortalEntry[],
): ReconciliationReport {
  const atPortal = new Map(theirs.map((entry) => [entry.code, entry]));
  const known = new Set(ours.map((entry) => entry.code));
  const missing: ReconciliationReport['missing'] = [];
  const mismatched: Mismatch[] = [];
  let matching = 0;
  for (const entry of ours) {
    const portal = atPortal.get(entry.code);
    if (!portal) {
      missing.push({ dossierId: entry.dossierId, code: entry.code, version: entry.version, portalStatus: entry.portalStatus });
    } else if (portal.version !== entry.version || portal.portalStatus !== entry.portalStatus) {
      mismatched.push({
        dossierId: entry.dossierId,
        code: entry.code,
        ourVersion: entry.version,
        portalVersion: portal.version,
        ourStatus: entry.portalStatus,
        portalStatus: portal.portalStatus,
      });
    } else {
      matching += 1;
    }
  }
  const unknown = theirs
    .filter((entry) => !known.has(entry.code))
    .map(({ code, version, portalStatus }) => ({ code, version, portalStatus }));
  const unacknowledged = ours.filter((entry) => (entry.acknowledgedVersion ?? 0) < entry.version).length;
  return {
    day: scope.day,
    agencyCode: scope.agencyCode,
    ranAt: scope.ranAt.toISOString(),
    counts: {
      province: ours.length,
      portal: theirs.length,
      matching,
      missing: missing.length,
      mismatched: mismatched.length,
      unknown: unknown.length,
      unacknowledged,
    },
    missing,
    mismatched,
    unknown,
  };
}

/** Whether the report found nothing to fix. */
export const isClean = (report: ReconciliationReport): boolean =>
  report.counts.missing === 0 && report.counts.mismatched === 0 && report.counts.unknown === 0;

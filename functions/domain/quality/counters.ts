import type { IsoDate } from '../calendar/civil-date';

/**
 * What the read model counts per agency, procedure and day. Flows (received, resolved, ratings…)
 * are counted on the day they happened. Stocks (in process, overdue) are not stored: they are
 * running sums of flows, `received − resolved` and `overdueFrom − overdueTo`, so a past period's
 * end is recomputed exactly without any snapshot (see figures.ts).
 */
export const COUNTERS = [
  'receivedDirect',
  'receivedOnline',
  'receivedPostal',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  /** A dossier became overdue while open on this day (its due day, or a second supplement request). */
  'overdueFrom',
  /** An overdue dossier closed on this day. */
  'overdueTo',
  'supplements',
  'apologies',
  'withdrawals',
  'stops',
  /** Refused at reception (never received). */
  'refusals',
  'ratedVerySatisfied',
  'ratedSatisfied',
  'ratedDissatisfied',
  /** Dossiers assessed a fee or charge above zero (issue 10's FEES_ASSESSED). */
  'feeBearing',
  'paidOnline',
  /** Dossiers with a component scanned or uploaded (issue 11's DOCUMENT_ATTACHED). */
  'digitised',
  /** Dossiers with a component reused from a result or a data store. */
  'reused',
  /** Dossiers with an electronic result (RESULT_DOCUMENT_ATTACHED). */
  'eResults',
] as const;

export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const emptyCounts = (): Counts => Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counts;

/** Where a dossier's figures go: the competent agency and the procedure, as at submission. */
export interface CellScope {
  agency: string;
  procedure: string;
  /** The procedure's level (cấp thực hiện), for II.06a rows per level. */
  level: string;
}

/** One change to the read model: `sign` −1 takes back a count made earlier (a moved due day). */
export interface Delta extends CellScope {
  day: IsoDate;
  counter: Counter;
  dossierId: string;
  sign: 1 | -1;
}

/** The counts of one agency, procedure and day, with the dossiers behind each (for drill-down). */
export interface Cell extends CellScope {
  day: IsoDate;
  counts: Counts;
  ids: Partial<Record<Counter, string[]>>;
}

export const cellKey = (scope: CellScope & { day: IsoDate }): string => `${scope.agency}#${scope.procedure}#${scope.day}`;

/** Applies deltas to cells in place: the pure twin of the store's ADD/DELETE updates. */
export function applyDeltas(cells: Map<string, Cell>, deltas: readonly Delta[]): void {
  for (const delta of deltas) {
    const key = cellKey(delta);
    let cell = cells.get(key);
    if (!cell) {
      cell = { agency: delta.agency, procedure: delta.procedure, level: delta.level, day: delta.day, counts: emptyCounts(), ids: {} };
      cells.set(key, cell);
    }
    cell.counts[delta.counter] += delta.sign;
    const ids = new Set(cell.ids[delta.counter] ?? []);
    if (delta.sign > 0) ids.add(delta.dossierId);
    else ids.delete(delta.dossierId);
    cell.ids[delta.counter] = [...ids].sort();
  }
}

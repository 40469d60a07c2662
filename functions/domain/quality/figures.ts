import type { IsoDate } from '../calendar/civil-date';
import { type Cell, COUNTERS, type Counter, emptyCounts } from './counters';

export interface Range {
  from: IsoDate;
  to: IsoDate;
}

/** A period's figures for some cells (an agency, a procedure, the province). */
export interface Figures extends Record<Counter, number> {
  received: number;
  /** Open at the start of the period (tồn kỳ trước chuyển sang). */
  carriedOver: number;
  resolved: number;
  /** Open at the end of the period. */
  inProcess: number;
  inProcessOnTime: number;
  inProcessOverdue: number;
  ratings: number;
}

export type Figure = keyof Figures;

const RECEIVED: Counter[] = ['receivedDirect', 'receivedOnline', 'receivedPostal'];
const RESOLVED: Counter[] = ['resolvedEarly', 'resolvedOnTime', 'resolvedLate'];
const RATED: Counter[] = ['ratedVerySatisfied', 'ratedSatisfied', 'ratedDissatisfied'];
const sum = (counts: Record<Counter, number>, names: Counter[]) => names.reduce((total, name) => total + counts[name], 0);

/**
 * Flows are summed over the period's days; stocks are running sums up to a day, so `cells` must
 * hold everything up to the period's end (the store reads from the first month with figures).
 */
export function figuresOf(cells: Iterable<Cell>, range: Range): Figures {
  const flows = emptyCounts();
  const before = emptyCounts();
  const upToEnd = emptyCounts();
  for (const cell of cells) {
    if (cell.day > range.to) continue;
    for (const name of COUNTERS) {
      const n = cell.counts[name];
      upToEnd[name] += n;
      if (cell.day < range.from) before[name] += n;
      else flows[name] += n;
    }
  }
  const open = (counts: Record<Counter, number>) => sum(counts, RECEIVED) - sum(counts, RESOLVED);
  const inProcess = open(upToEnd);
  const inProcessOverdue = upToEnd.overdueFrom - upToEnd.overdueTo;
  return {
    ...flows,
    received: sum(flows, RECEIVED),
    carriedOver: open(before),
    resolved: sum(flows, RESOLVED),
    inProcess,
    inProcessOverdue,
    inProcessOnTime: inProcess - inProcessOverdue,
    ratings: sum(flows, RATED),
  };
}

/** The dossiers behind one figure (drill-down), from the cells' per-day id sets. */
export function dossiersOf(cells: Iterable<Cell>, range: Range, figure: Figure): string[] {
  const all = [...cells].filter((cell) => cell.day <= range.to);
  const ids = (names: Counter[], pick: (cell: Cell) => boolean) => {
    const out = new Set<string>();
    for (const cell of all) if (pick(cell)) for (const name of names) for (const id of cell.ids[name] ?? []) out.add(id);
    return out;
  };
  const inPeriod = (cell: Cell) => cell.day >= range.from;
  const minus = (a: Set<string>, b: Set<string>) => [...a].filter((id) => !b.has(id));
  const openAt = (pick: (cell: Cell) => boolean) => new Set(minus(ids(RECEIVED, pick), ids(RESOLVED, pick)));
  const overdue = () =>
    new Set(
      minus(
        ids(['overdueFrom'], () => true),
        ids(['overdueTo'], () => true),
      ),
    );
  const listed = (() => {
    switch (figure) {
      case 'received':
        return [...ids(RECEIVED, inPeriod)];
      case 'resolved':
        return [...ids(RESOLVED, inPeriod)];
      case 'ratings':
        return [...ids(RATED, inPeriod)];
      case 'carriedOver':
        return [...openAt((cell) => cell.day < range.from)];
      case 'inProcess':
        return [...openAt(() => true)];
      case 'inProcessOverdue':
        return [...overdue()];
      case 'inProcessOnTime':
        return minus(
          openAt(() => true),
          overdue(),
        );
      default:
        return [...ids([figure], inPeriod)];
    }
  })();
  return listed.sort();
}

/** Cells grouped by a key (agency, procedure, level), for per-row figures. */
export function groupCells<K extends string>(cells: Iterable<Cell>, keyOf: (cell: Cell) => K): Map<K, Cell[]> {
  const groups = new Map<K, Cell[]>();
  for (const cell of cells) {
    const key = keyOf(cell);
    const list = groups.get(key) ?? [];
    list.push(cell);
    groups.set(key, list);
  }
  return groups;
}

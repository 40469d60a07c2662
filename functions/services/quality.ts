import { badInput } from '#domain/errors';
import {
  type Cell,
  dossiersOf,
  type Figure,
  type Figures,
  figuresOf,
  groupCells,
  type II06aRow,
  type IndexScore,
  ii06aRows,
  localRates,
  type Period,
  type PeriodKind,
  periodOf,
  projectEvent,
  type StatsEvent,
  scoreIndex,
  type Tracker,
} from '#domain/quality';
import { type ApplyOutcome, ProjectionGap } from '../store';
import type { ServiceDeps } from './deps';

export interface PeriodInput {
  kind: PeriodKind;
  year: number;
  number?: number | undefined;
  /** 0: calendar months; N: from the N-th of the month before (II.06a default 15). */
  cutoffDay?: number | undefined;
}

export interface ScopedFigures {
  code: string;
  name: string;
  figures: Figures;
  score: IndexScore;
}

export interface QualityOverview {
  period: Period;
  /** The agency asked for, or the province (all agencies). */
  scope: ScopedFigures;
  /** One row per agency (province view) or per procedure (agency view). */
  rows: ScopedFigures[];
}

/** A dossier behind a figure, with what the statistics know of it (never personal data). */
export type DrilledDossier = Pick<
  Tracker,
  | 'dossierId'
  | 'agency'
  | 'procedure'
  | 'channel'
  | 'receivedAt'
  | 'dueAt'
  | 'closedAt'
  | 'outcome'
  | 'apologies'
  | 'lastApology'
  | 'supplementRequests'
>;

const FIGURE_NAMES = new Set<string>([
  'received',
  'carriedOver',
  'resolved',
  'inProcess',
  'inProcessOnTime',
  'inProcessOverdue',
  'ratings',
  'receivedDirect',
  'receivedOnline',
  'receivedPostal',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'supplements',
  'apologies',
  'withdrawals',
  'stops',
  'refusals',
  'feeBearing',
  'paidOnline',
  'digitised',
  'reused',
  'eResults',
]);

export function qualityService(deps: ServiceDeps) {
  const store = deps.store.quality;

  const period = (input: PeriodInput, defaultCutoff = 0) =>
    periodOf(input.kind, input.year, input.number, input.cutoffDay ?? defaultCutoff);

  async function names(codes: readonly string[]): Promise<Map<string, string>> {
    const agencies = await deps.store.agencies.agencies(codes);
    return new Map(codes.map((code, i) => [code, agencies[i]?.name ?? code]));
  }

  async function procedureInfo(): Promise<Map<string, { name: string; field: { code: string; name: string } }>> {
    const procedures = await deps.store.catalog.currentProcedures();
    return new Map(procedures.map((procedure) => [procedure.code, { name: procedure.name, field: procedure.field }]));
  }

  const scoped = (code: string, name: string, cells: readonly Cell[], p: Period): ScopedFigures => {
    const figures = figuresOf(cells, p);
    return { code, name, figures, score: scoreIndex(figures, p.to) };
  };

  return {
    /**
     * The on-time rate (%) of an agency's dossiers over the days from..to (the quarterly agency
     * evaluation's measured criterion), as the 766 index computes it; null when none was due.
     */
    async onTimePercent(agencyCode: string, from: string, to: string): Promise<number | null> {
      const cells = await store.cellsFor({ from, to }, { agency: agencyCode });
      const { value } = localRates(figuresOf(cells, { from, to })).onTime;
      return value === null ? null : Math.round(value * 10_000) / 100;
    },

    /**
     * Applies one dossier event to the read model, once: a redelivered or replayed event is a
     * DUPLICATE and changes nothing. When the tracker is behind (a dossier older than the read
     * model, or an earlier event set aside in the failure queue), the dossier's own history (one
     * Query of its partition, never a scan) is folded from where the tracker stands, in the same
     * transaction; a history that does not reach the event is a ProjectionGap, retried by the stream.
     */
    async project(event: StatsEvent): Promise<ApplyOutcome> {
      const previous = event.type === 'SUBMITTED' && event.version === 1 ? undefined : await store.loadTracker(event.dossierId);
      const from = previous?.version ?? 0;
      if (from >= event.version) return 'DUPLICATE';
      if (event.version === from + 1) return store.applyProjection(projectEvent(previous, event), from);
      const history: StatsEvent[] = (await deps.store.dossiers.history(event.dossierId)).filter(
        (earlier) => earlier.version > from && earlier.version <= event.version,
      );
      if (history.length !== event.version - from) throw new ProjectionGap(event.dossierId, event.version, from);
      let tracker = previous;
      const deltas = [];
      for (const earlier of history.sort((a, b) => a.version - b.version)) {
        const projection = projectEvent(tracker, earlier);
        tracker = projection.tracker;
        deltas.push(...projection.deltas);
      }
      if (!tracker) throw new ProjectionGap(event.dossierId, event.version, from);
      return store.applyProjection({ tracker, deltas }, from);
    },

    /** The index and its figures for the province (rows per agency) or one agency (rows per procedure). */
    async overview(input: PeriodInput, agency?: string): Promise<QualityOverview> {
      const p = period(input);
      const cells = await store.cellsFor(p, { agency });
      if (agency) {
        const [agencyName] = (await names([agency])).values();
        const procedures = await procedureInfo();
        const rows = [...groupCells(cells, (cell) => cell.procedure)].map(([code, list]) =>
          scoped(code, procedures.get(code)?.name ?? code, list, p),
        );
        return {
          period: p,
          scope: scoped(agency, agencyName ?? agency, cells, p),
          rows: rows.sort((a, b) => a.code.localeCompare(b.code)),
        };
      }
      const groups = groupCells(cells, (cell) => cell.agency);
      const agencyNames = await names([...groups.keys()]);
      const rows = [...groups].map(([code, list]) => scoped(code, agencyNames.get(code) ?? code, list, p));
      return { period: p, scope: scoped('PROVINCE', 'Toàn tỉnh', cells, p), rows: rows.sort((a, b) => a.code.localeCompare(b.code)) };
    },

    /** The same overview for several consecutive periods (the dashboard's trend). */
    async trend(kind: PeriodKind, year: number, agency?: string): Promise<{ period: Period; score: IndexScore; figures: Figures }[]> {
      const count = { MONTH: 12, QUARTER: 4, HALF_YEAR: 2, NINE_MONTHS: 1, YEAR: 1 }[kind];
      const last = periodOf(kind, year, kind === 'NINE_MONTHS' || kind === 'YEAR' ? undefined : count);
      const first = periodOf(kind, year, kind === 'NINE_MONTHS' || kind === 'YEAR' ? undefined : 1);
      const cells = await store.cellsFor({ from: first.from, to: last.to }, { agency });
      return Array.from({ length: count }, (_, i) => {
        const p = periodOf(kind, year, kind === 'NINE_MONTHS' || kind === 'YEAR' ? undefined : i + 1);
        const figures = figuresOf(cells, p);
        return { period: p, figures, score: scoreIndex(figures, p.to) };
      });
    },

    /** The dossiers behind one figure: province → agency → procedure → dossiers. */
    async drillDown(
      input: PeriodInput,
      figure: string,
      scope: { agency?: string | undefined; procedure?: string | undefined },
    ): Promise<DrilledDossier[]> {
      if (!FIGURE_NAMES.has(figure)) throw badInput('figure', `Unknown figure ${figure}`);
      const p = period(input);
      const cells = (await store.cellsUpTo(p.to, { agency: scope.agency, withIds: true })).filter(
        (cell) => !scope.procedure || cell.procedure === scope.procedure,
      );
      const ids = dossiersOf(cells, p, figure as Figure);
      const trackers = await store.trackers(ids);
      return trackers.map((t) => ({
        dossierId: t.dossierId,
        agency: t.agency,
        procedure: t.procedure,
        channel: t.channel,
        supplementRequests: t.supplementRequests,
        apologies: t.apologies,
        ...(t.receivedAt ? { receivedAt: t.receivedAt } : {}),
        ...(t.dueAt ? { dueAt: t.dueAt } : {}),
        ...(t.closedAt ? { closedAt: t.closedAt } : {}),
        ...(t.outcome ? { outcome: t.outcome } : {}),
        ...(t.lastApology ? { lastApology: t.lastApology } : {}),
      }));
    },

    /** Form II.06a: per level and field, cut off on the 15th unless told otherwise. */
    async reportII06a(input: PeriodInput, agency?: string): Promise<{ period: Period; rows: II06aRow[]; agencyName: string }> {
      const p = period(input, 15);
      const cells = await store.cellsFor(p, { agency });
      const procedures = await procedureInfo();
      const rows = ii06aRows(cells, p, (code) => procedures.get(code)?.field ?? { code: 'KHAC', name: 'Lĩnh vực khác' });
      const agencyName = agency ? ((await names([agency])).get(agency) ?? agency) : 'Toàn tỉnh';
      return { period: p, rows, agencyName };
    },
  };
}

export type QualityService = ReturnType<typeof qualityService>;

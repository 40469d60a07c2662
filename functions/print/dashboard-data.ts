import { permits } from '#domain/authorization';
import type { Caller } from '#domain/lifecycle';
import { formatRate, localRates, type Period, type PeriodKind } from '#domain/quality';
import type { DrilledDossier } from '#services/quality';
import type { Services } from '../services';
import { PrintError } from './pages';

/** PAKN backlog and overdue lists as the dashboard shows them (issue 12, citizens' voice). */
export interface PaknPanel {
  backlog: number;
  overdueCount: number;
  nearlyDueCount: number;
  overdue: { label: string; dueAt: string }[];
}

/**
 * The PAKN panel: one agency's feedback backlog (services.feedback.overview). Shown for an agency
 * the caller may see the overview of; the province view has none (PAKN is handled per agency).
 */
export async function paknPanel(services: Services, caller: Caller, agencyCode: string): Promise<PaknPanel | null> {
  if (!agencyCode || !permits('FEEDBACK_OVERVIEW_READ', caller, { agency: agencyCode })) return null;
  const overview = await services.feedback.overview(agencyCode);
  return {
    backlog: overview.backlog,
    overdueCount: overview.overdueCount,
    nearlyDueCount: overview.nearlyDueCount,
    overdue: overview.overdue.map((item) => ({ label: item.code, dueAt: item.deadline?.at ?? '' })),
  };
}

export interface DashboardData {
  scopeName: string;
  period: Period;
  kind: PeriodKind;
  year: number;
  points: number;
  computedMax: number;
  groupNames: string[];
  groups: { code: number; name: string; points: number; computedMax: number; max: number; portalOnly: number }[];
  trend: { label: string; groups: number[]; points: number }[];
  onTime: string;
  agencies: {
    code: string;
    name: string;
    onTime: number | null;
    onTimeDisplay: string;
    points: number;
    received: number;
    resolvedLate: number;
    inProcessOverdue: number;
  }[];
  satisfaction: { display: string; levels: [number, number, number]; ratings: number };
  figures: { received: number; resolved: number; inProcess: number; inProcessOverdue: number; carriedOver: number };
  overdue: DrilledDossier[];
  late: DrilledDossier[];
  pakn: PaknPanel | null;
}

export interface DashboardQuery {
  year: number;
  kind: PeriodKind;
  number?: number | undefined;
  agency?: string | undefined;
}

const forbidden = () => new PrintError(403, 'FORBIDDEN', 'Not allowed to see these figures', 'Không có quyền xem số liệu này');

/** Everything the dashboard draws, read from the statistics read model (a handful of Queries). */
export async function dashboardData(services: Services, caller: Caller, query: DashboardQuery): Promise<DashboardData> {
  const allowed = query.agency ? permits('QUALITY_READ', caller, { agency: query.agency }) : permits('QUALITY_PROVINCE_READ', caller);
  if (!allowed) throw forbidden();
  const input = { kind: query.kind, year: query.year, number: query.number };
  const [overview, trend, overdue, late] = await Promise.all([
    services.quality.overview(input, query.agency),
    services.quality.trend(query.kind, query.year, query.agency),
    services.quality.drillDown(input, 'inProcessOverdue', { agency: query.agency }),
    services.quality.drillDown(input, 'resolvedLate', { agency: query.agency }),
  ]);
  const { scope } = overview;
  const rates = localRates(scope.figures);
  return {
    scopeName: scope.name,
    period: overview.period,
    kind: query.kind,
    year: query.year,
    points: scope.score.points,
    computedMax: scope.score.computedMax,
    groupNames: scope.score.groups.map((group) => `${group.code}. ${group.name}`),
    groups: scope.score.groups.map((group) => ({
      code: group.code,
      name: group.name,
      points: group.points,
      computedMax: group.computedMax,
      max: group.max,
      portalOnly: group.indicators
        .filter((indicator) => indicator.status === 'PORTAL_ONLY')
        .reduce((total, indicator) => total + indicator.max, 0),
    })),
    trend: trend.map((point) => ({
      label: point.period.label,
      groups: point.score.groups.map((group) => group.points),
      points: point.score.points,
    })),
    onTime: formatRate(rates.onTime),
    agencies: overview.rows.map((row) => {
      const onTime = localRates(row.figures).onTime;
      return {
        code: row.code,
        name: row.name,
        onTime: onTime.value === null ? null : Math.round(onTime.value * 10_000) / 100,
        onTimeDisplay: formatRate(onTime),
        points: row.score.points,
        received: row.figures.received,
        resolvedLate: row.figures.resolvedLate,
        inProcessOverdue: row.figures.inProcessOverdue,
      };
    }),
    satisfaction: {
      display: formatRate(rates.satisfaction),
      levels: [scope.figures.ratedVerySatisfied, scope.figures.ratedSatisfied, scope.figures.ratedDissatisfied],
      ratings: scope.figures.ratings,
    },
    figures: {
      received: scope.figures.received,
      resolved: scope.figures.resolved,
      inProcess: scope.figures.inProcess,
      inProcessOverdue: scope.figures.inProcessOverdue,
      carriedOver: scope.figures.carriedOver,
    },
    overdue,
    late,
    pakn: await paknPanel(services, caller, query.agency ?? ''),
  };
}

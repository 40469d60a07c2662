import { formatRate, type IndexScore, localRates, type Period, type Rate } from '#domain/quality';
import type { ScopedFigures } from '#services/quality';
import { authorized, type GraphQLContext } from '../context';
import type { PeriodInput, QualityIndex, QualityRate, ReportPeriod, Resolvers } from '../generated/resolvers-types';

/** Province-wide figures need the province's grant; an agency's, the agency's. */
function authorize(context: GraphQLContext, agency: string | null | undefined): string | undefined {
  if (agency) authorized(context, 'QUALITY_READ', { agency });
  else authorized(context, 'QUALITY_PROVINCE_READ');
  return agency ?? undefined;
}

const periodInput = (input: PeriodInput) => ({
  kind: input.kind,
  year: input.year,
  number: input.number ?? undefined,
  cutoffDay: input.cutoffDay ?? undefined,
});
const rateView = (rate: Rate): QualityRate => ({ ...rate, display: formatRate(rate) });
const periodView = (p: Period): ReportPeriod => ({
  kind: p.kind,
  year: p.year,
  number: p.number ?? null,
  from: p.from,
  to: p.to,
  label: p.label,
});

export function indexView(score: IndexScore, onTime: Rate): QualityIndex {
  return {
    version: score.version,
    versionSource: score.versionSource,
    points: score.points,
    computedMax: score.computedMax,
    onTime: rateView(onTime),
    satisfaction: rateView(score.satisfaction),
    groups: score.groups.map((group) => ({
      ...group,
      indicators: group.indicators.map((indicator) => ({ ...indicator, rate: indicator.rate ? rateView(indicator.rate) : null })),
    })),
  };
}

const scopeView = (scope: ScopedFigures) => ({
  code: scope.code,
  name: scope.name,
  figures: scope.figures,
  index: indexView(scope.score, localRates(scope.figures).onTime),
});

export const qualityResolvers: Resolvers = {
  Query: {
    qualityOverview: async (_parent, { period, agency }, context) => {
      const overview = await context.services.quality.overview(periodInput(period), authorize(context, agency));
      return { period: periodView(overview.period), scope: scopeView(overview.scope), rows: overview.rows.map(scopeView) };
    },
    qualityTrend: async (_parent, { kind, year, agency }, context) => {
      const points = await context.services.quality.trend(kind, year, authorize(context, agency));
      return points.map((point) => ({
        period: periodView(point.period),
        figures: point.figures,
        index: indexView(point.score, localRates(point.figures).onTime),
      }));
    },
    qualityDossiers: async (_parent, { period, figure, agency, procedure }, context) => {
      const dossiers = await context.services.quality.drillDown(periodInput(period), figure, {
        agency: authorize(context, agency),
        procedure: procedure ?? undefined,
      });
      return dossiers.map(({ lastApology, ...dossier }) => ({
        ...dossier,
        apologyAt: lastApology?.at ?? null,
        apologyRevisedDueAt: lastApology?.revisedDueAt ?? null,
        apologyReason: lastApology?.reason ?? null,
      }));
    },
    reportII06a: async (_parent, { period, agency }, context) => {
      const report = await context.services.quality.reportII06a(periodInput(period), authorize(context, agency));
      return { period: periodView(report.period), agencyName: report.agencyName, rows: report.rows };
    },
  },
};

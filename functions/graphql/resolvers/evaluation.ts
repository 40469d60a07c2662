import { badInput } from '#domain/errors';
import { checkQuarter, type EvaluationFigure } from '#domain/evaluation';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const evaluationResolvers: Resolvers = {
  Query: {
    evaluationRules: async (_parent, _args, context) => {
      authorized(context, 'EVALUATION_READ');
      return context.services.evaluation.versions();
    },
    agencyEvaluation: async (_parent, { agencyCode, quarter }, context) => {
      authorized(context, 'EVALUATION_READ', { agency: agencyCode });
      checkText('agencyCode', agencyCode, 64, true);
      checkQuarter(quarter);
      return context.services.evaluation.get(agencyCode, quarter);
    },
  },
  Mutation: {
    publishEvaluationRules: async (_parent, { input }, context) => {
      const caller = authorized(context, 'EVALUATION_RULES_PUBLISH');
      return context.services.evaluation.publishRules(caller, {
        from: input.from,
        source: input.source,
        criteria: input.criteria.map((criterion) => ({
          code: criterion.code,
          name: criterion.name,
          maxPoints: criterion.maxPoints,
          ...(criterion.figure != null ? { figure: criterion.figure as EvaluationFigure } : {}),
        })),
        grades: input.grades.map((band) => ({
          grade: band.grade,
          label: band.label,
          ...(band.above != null ? { above: band.above } : {}),
          ...(band.atLeast != null ? { atLeast: band.atLeast } : {}),
        })),
      });
    },
    fillAgencyEvaluation: async (_parent, { agencyCode, quarter, scores }, context) => {
      const caller = authorized(context, 'EVALUATION_FILL', { agency: agencyCode });
      checkText('agencyCode', agencyCode, 64, true);
      checkQuarter(quarter);
      if (scores.length > 20) throw badInput('scores', 'At most 20 scores');
      const given = scores.map((score) => ({
        criterion: score.criterion,
        points: score.points,
        ...(score.note ? { note: score.note } : {}),
      }));
      return context.services.evaluation.fill(caller, agencyCode, quarter, given);
    },
  },
  EvaluationCriterion: {
    figure: (criterion) => criterion.figure ?? null,
  },
  EvaluationGradeBand: {
    above: (band) => band.above ?? null,
    atLeast: (band) => band.atLeast ?? null,
  },
  AgencyEvaluation: {
    agency: (evaluation, _args, context) => context.loaders.agency.load(evaluation.agencyCode),
    rulesVersion: (evaluation) => evaluation.rules.version,
    rulesSource: (evaluation) => evaluation.rules.source,
    grade: (evaluation) => evaluation.grade?.grade ?? null,
    gradeLabel: (evaluation) => evaluation.grade?.label ?? null,
    criteria: (evaluation) =>
      evaluation.criteria.map((result) => ({
        criterion: result.criterion,
        points: result.points,
        source: result.source,
        figurePercent: result.figurePercent ?? null,
        note: result.note ?? null,
      })),
  },
};

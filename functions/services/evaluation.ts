import { toVnIso } from '#domain/calendar';
import { AgencyNotFoundError } from '#domain/errors';
import {
  type AgencyScore,
  checkAgencyScores,
  checkEvaluationRules,
  EVALUATION_RULES,
  type Evaluation,
  type EvaluationRules,
  type EvaluationRulesDraft,
  evaluate,
  quarterDays,
  rulesFor,
} from '#domain/evaluation';
import type { Caller } from '#domain/lifecycle';
import type { ServiceDeps } from './deps';
import type { feedbackService } from './feedback';
import type { satisfactionService } from './satisfaction';

export interface AgencyEvaluation extends Evaluation {
  agencyCode: string;
  filledBy: string | null;
  filledAt: string | null;
}

/** The quarterly agency evaluation: figures where the system measures them, the agency's scores elsewhere. */
export function evaluationService(
  deps: ServiceDeps,
  sources: {
    satisfaction: ReturnType<typeof satisfactionService>;
    feedback: ReturnType<typeof feedbackService>;
    /** The on-time rate (%) of the agency's dossiers over the days from..to, from the 766 read model (services/quality.ts). */
    onTimePercent: (agencyCode: string, from: string, to: string) => Promise<number | null>;
  },
) {
  async function requireAgency(code: string): Promise<void> {
    const [agency] = await deps.store.agencies.agencies([code]);
    if (!agency) throw new AgencyNotFoundError(undefined, { field: 'agencyCode', agencyCode: code });
  }

  /** The bundled versions and those the province published, oldest first. */
  async function versions(): Promise<EvaluationRules[]> {
    const published = await deps.store.evaluation.publishedEvaluationRules();
    return [...EVALUATION_RULES, ...published].sort((a, b) => a.version - b.version);
  }

  async function get(agencyCode: string, quarter: string): Promise<AgencyEvaluation> {
    const rules = rulesFor(quarter, await versions());
    const { from, to } = quarterDays(quarter);
    const [satisfaction, feedbackOnTime, onTime, stored] = await Promise.all([
      sources.satisfaction.report({ agencyCode }, from, to),
      sources.feedback.onTimePercent(agencyCode, from, to),
      sources.onTimePercent(agencyCode, from, to),
      deps.store.evaluation.agencyScores(agencyCode, quarter),
    ]);
    const figures = {
      SATISFIED_PERCENT: satisfaction.figures.satisfiedPercent,
      FEEDBACK_ON_TIME_PERCENT: feedbackOnTime,
      ON_TIME_PERCENT: onTime,
    };
    return {
      agencyCode,
      ...evaluate(quarter, rules, figures, stored?.scores ?? []),
      filledBy: stored?.filledBy ?? null,
      filledAt: stored?.filledAt ?? null,
    };
  }

  return {
    get,
    versions,
    /** A new version of the rules from a quarter not yet begun; earlier quarters keep theirs. */
    async publishRules(caller: Caller, draft: EvaluationRulesDraft): Promise<EvaluationRules> {
      const existing = await versions();
      const now = deps.now();
      const day = toVnIso(now).slice(0, 10);
      const currentQuarter = `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
      checkEvaluationRules(draft, existing, currentQuarter);
      const rules: EvaluationRules = { ...draft, version: Math.max(0, ...existing.map((version) => version.version)) + 1 };
      await deps.store.evaluation.commitEvaluationRules(rules, caller.officerId, now.toISOString());
      return rules;
    },
    /** The agency's scores for the quarter, as a whole; nothing is stored when one is wrong. */
    async fill(caller: Caller, agencyCode: string, quarter: string, scores: readonly AgencyScore[]): Promise<AgencyEvaluation> {
      const rules = rulesFor(quarter, await versions());
      checkAgencyScores(rules, scores);
      await requireAgency(agencyCode);
      await deps.store.evaluation.saveAgencyScores(agencyCode, quarter, {
        scores: scores.map((score) => ({ criterion: score.criterion, points: score.points, ...(score.note ? { note: score.note } : {}) })),
        rulesVersion: rules.version,
        filledBy: caller.officerId,
        filledAt: deps.now().toISOString(),
      });
      return get(agencyCode, quarter);
    },
  };
}

import type { AgencyLevel } from './agencies';
import type { RouteStep } from './catalog';
import type { AgencyRef, ResolvedStep } from './dossier';

/** Codes of an agency and its ancestors, nearest first: `06.063.02014` → itself, `06.063`, `06`. */
export function ancestorCodes(agencyCode: string): string[] {
  const parts = agencyCode.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'));
}

/**
 * The agency responsible for a route step: the one at the step's level among the dossier's
 * subject commune and its ancestors. Never the place the dossier was handed in (domain.md §e.2).
 */
export function routeAgency(
  route: readonly { level: AgencyLevel }[],
  stepIndex: number,
  subjectChain: readonly AgencyRef[],
): AgencyRef | undefined {
  const level = route[stepIndex]?.level;
  return level ? subjectChain.find((agency) => agency.level === level) : undefined;
}

const RECEPTION_TASK = 'Tiếp nhận và chuyển hồ sơ';
const RETURN_TASK = 'Trả kết quả';

/**
 * The route with its agencies. Each step is done by the agency at its level above the subject
 * commune (domain.md §e.2: competence follows the subject, not the place of reception). The
 * applicant deals with the one-stop that received the dossier: when that one-stop is not the
 * first or last agency of the route (reception "phi địa giới"), the route begins with a reception
 * step there and ends with a return step there, both in the day.
 */
export function resolveRoute(
  route: readonly RouteStep[],
  receiving: AgencyRef,
  subjectChain: readonly AgencyRef[],
): ResolvedStep[] | undefined {
  const steps: ResolvedStep[] = [];
  for (const step of route) {
    const agency = subjectChain.find((candidate) => candidate.level === step.level);
    if (!agency) return undefined;
    steps.push({ ...step, agencyCode: agency.code });
  }
  const sameDay = { value: 0, unit: 'WORKING_DAYS' as const };
  if (steps[0]?.agencyCode !== receiving.code) {
    steps.unshift({ level: receiving.level, task: RECEPTION_TASK, budget: sameDay, agencyCode: receiving.code });
  }
  if (steps.at(-1)?.agencyCode !== receiving.code) {
    steps.push({ level: receiving.level, task: RETURN_TASK, budget: sameDay, agencyCode: receiving.code });
  }
  return steps;
}

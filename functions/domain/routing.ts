import type { AgencyLevel } from './agencies';
import type { RouteStep } from './catalog';
import type { AgencyRef, ResolvedStep } from './dossier';
import { RouteViolationError } from './errors';

/**
 * Who does what for a dossier (domain.md §e.2): the receiving point (where it is handed in), the
 * agencies of its route (from the procedure and the applicant, never from the place of
 * reception), and the returning point (where the applicant chose to collect the result). Which
 * reception points may take which procedures is the law in force at the moment of receipt:
 * routing-reception.ts.
 */

/** Codes of an agency and its ancestors, nearest first: `06.063.02014` → itself, `06.063`, `06`. */
export function ancestorCodes(agencyCode: string): string[] {
  const parts = agencyCode.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'));
}

/** A department or vertical agency of the province, found by the sector a route step names. */
export interface SectorAgency extends AgencyRef {
  sector: string;
}

/**
 * The agency doing one route step: with a sector, the province's agency of that sector at the
 * step's level (a department, the provincial police, social insurance); otherwise the People's
 * Committee at the step's level among the subject commune and its ancestors.
 */
export function stepAgency(
  step: Pick<RouteStep, 'level' | 'sector'>,
  subjectChain: readonly AgencyRef[],
  sectorAgencies: readonly SectorAgency[] = [],
): AgencyRef | undefined {
  if (step.sector !== undefined) return sectorAgencies.find((agency) => agency.sector === step.sector && agency.level === step.level);
  return subjectChain.find((agency) => agency.level === step.level);
}

const RECEPTION_TASK = 'Tiếp nhận và chuyển hồ sơ';
const RETURN_TASK = 'Trả kết quả';

export interface RouteParties {
  /** Where the dossier was handed in. */
  receiving: AgencyRef;
  /** The reception point that hands the result over (the receiving one unless the applicant chose another). */
  returning: AgencyRef;
  /** The applicant's commune and its ancestors, nearest first. */
  subjectChain: readonly AgencyRef[];
  /** The province's agencies of the sectors the route names. */
  sectorAgencies?: readonly SectorAgency[];
}

export interface ResolvedRoute {
  steps: ResolvedStep[];
  /** The agency with competence to decide: the first step at the procedure's level. */
  competentAgency: string;
}

/**
 * The route with its agencies. When the receiving point is not the route's first agency
 * (reception "phi địa giới"), the route begins with a reception step there; when the returning
 * point is not its last, it ends with a return step there; both in the day.
 */
export function resolveRoute(route: readonly RouteStep[], level: AgencyLevel, parties: RouteParties): ResolvedRoute {
  const steps: ResolvedStep[] = [];
  for (const step of route) {
    const agency = stepAgency(step, parties.subjectChain, parties.sectorAgencies);
    if (!agency) {
      throw new RouteViolationError(
        step.sector
          ? `The province has no ${step.sector} agency at ${step.level} level for the step "${step.task}"`
          : `No ${step.level} People's Committee above the applicant's commune for the step "${step.task}"`,
        { level: step.level, sector: step.sector ?? null },
      );
    }
    steps.push({ ...step, agencyCode: agency.code });
  }
  const competent = steps.find((step) => step.level === level);
  if (!competent) throw new RouteViolationError(`No route step at the procedure's level ${level}`, { level });
  const sameDay = { value: 0, unit: 'WORKING_DAYS' as const };
  const { receiving, returning } = parties;
  if (steps[0]?.agencyCode !== receiving.code) {
    steps.unshift({ level: receiving.level, task: RECEPTION_TASK, budget: sameDay, agencyCode: receiving.code });
  }
  if (steps.at(-1)?.agencyCode !== returning.code) {
    steps.push({ level: returning.level, task: RETURN_TASK, budget: sameDay, agencyCode: returning.code });
  }
  return { steps, competentAgency: competent.agencyCode };
}

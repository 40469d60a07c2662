import type { AgencyLevel } from './agencies';

/**
 * The procedure catalog (thủ tục hành chính). A procedure is versioned: a dossier keeps the
 * version it was received under, so a later change of documents, deadline or route never
 * rewrites the terms an applicant was given.
 */

export type CopyType = 'ORIGINAL' | 'CERTIFIED_COPY' | 'PHOTOCOPY' | 'ORIGINAL_OR_CERTIFIED_COPY';

export interface RequiredDocument {
  code: string;
  name: string;
  copies: number;
  copyType: CopyType;
  required: boolean;
}

export type DurationUnit = 'WORKING_DAYS' | 'WORKING_HOURS';

export interface Duration {
  value: number;
  unit: DurationUnit;
}

export interface Fee {
  code: string;
  name: string;
  /** Vietnamese đồng. */
  amount: number;
  collectedAt: 'RECEPTION' | 'RETURN';
}

/**
 * One step of the route (quy trình liên thông). The responsible agency is not named: it is the
 * agency at `level` above (or at) the commune the dossier is about, resolved at transfer time.
 */
export interface RouteStep {
  level: AgencyLevel;
  task: string;
  budget: Duration;
}

export interface Procedure {
  code: string;
  version: number;
  name: string;
  field: { code: string; name: string };
  /** The level of the competent agency (cấp thực hiện). */
  level: AgencyLevel;
  documents: RequiredDocument[];
  duration: Duration;
  fees: Fee[];
  /** First step is reception; a single step means the receiving level handles it alone. */
  route: RouteStep[];
  legalBasis: string[];
  /** Received, appraised, approved and returned at the one-stop counter ("4 tại chỗ"). */
  fourOnTheSpot: boolean;
  /** Whether waiting for fees or taxes stops the clock: set by each procedure's law [U]. */
  financialObligationPausesClock: boolean;
  /** `HH:MM`: accepted after it → counted from the next working day ("sau 15 giờ"), where the procedure says so. */
  sameDayCutoff?: string;
  /** True where codes, fees or budgets are illustrative and must be checked against the province's published catalog. */
  example: boolean;
}

export const receptionLevel = (procedure: Procedure): AgencyLevel => procedure.route[0]?.level ?? procedure.level;

export const isInterconnected = (procedure: Procedure): boolean =>
  new Set(procedure.route.map((step) => step.level)).size > 1;

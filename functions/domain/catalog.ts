import type { AgencyLevel } from './agencies';
import { badInput } from './errors';

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

export const isInterconnected = (procedure: Procedure): boolean => new Set(procedure.route.map((step) => step.level)).size > 1;

export type ProcedureDraft = Omit<Procedure, 'version'>;

const PROCEDURE_CODE = /^\d\.\d{6}$/;
const CUTOFF = /^([01]\d|2[0-3]):[0-5]\d$/;

function invalid(field: string, message: string): never {
  throw badInput(field, message);
}

/**
 * The next version of a procedure, checked: a province publishes a change (new documents,
 * deadline, fees or route) as a new version; dossiers received earlier keep theirs.
 */
export function nextVersion(current: Procedure | undefined, draft: ProcedureDraft): Procedure {
  if (!PROCEDURE_CODE.test(draft.code)) invalid('code', 'A national procedure code looks like 1.001193');
  if (draft.name.trim().length === 0 || draft.name.length > 500) invalid('name', 'The name is required (at most 500 characters)');
  if (!Number.isInteger(draft.duration.value) || draft.duration.value < 0 || draft.duration.value > 365) {
    invalid('duration', 'The duration is a whole number from 0 to 365');
  }
  if (draft.route.length === 0) invalid('route', 'A route has at least the reception step');
  if (!draft.route.some((step) => step.level === draft.level)) invalid('route', `No route step at the procedure’s level ${draft.level}`);
  const budgets = draft.route.filter((step) => step.budget.unit === draft.duration.unit).reduce((sum, step) => sum + step.budget.value, 0);
  if (budgets > draft.duration.value) invalid('route', 'The step budgets exceed the statutory duration');
  const codes = draft.documents.map((doc) => doc.code);
  if (new Set(codes).size !== codes.length) invalid('documents', 'Each document code appears once');
  if (draft.documents.some((doc) => !Number.isInteger(doc.copies) || doc.copies < 1))
    invalid('documents', 'Copies are whole numbers from 1');
  if (draft.fees.some((fee) => !Number.isInteger(fee.amount) || fee.amount < 0)) invalid('fees', 'Fees are whole numbers of đồng');
  if (draft.sameDayCutoff !== undefined && !CUTOFF.test(draft.sameDayCutoff)) invalid('sameDayCutoff', 'The cut-off is HH:MM');
  return { ...draft, version: (current?.version ?? 0) + 1 };
}

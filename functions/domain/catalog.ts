import type { AgencyLevel } from './agencies';
import type { Duration as CalendarDuration } from './calendar/deadline';
import type { FileRules } from './documents';
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
  /** The files this component may be given as (types by their bytes, size); absent: documents.ts's defaults. */
  file?: FileRules;
}

/**
 * How a procedure states its time (DonViTinh, domain.md §c): working days or hours, or calendar
 * days and months, which the Civil Code counts (art. 147/148: from the day after the event, a last
 * day off moves to the next working day).
 */
export type DurationUnit = 'WORKING_DAYS' | 'WORKING_HOURS' | 'CALENDAR_DAYS' | 'MONTHS';

export interface Duration {
  value: number;
  unit: DurationUnit;
}

/** The calendar's name for the same period: it says `DAYS` where the catalog says `CALENDAR_DAYS`. */
export function toCalendarDuration(duration: Duration): CalendarDuration {
  return duration.unit === 'CALENDAR_DAYS' ? { value: duration.value, unit: 'DAYS' } : { value: duration.value, unit: duration.unit };
}

/** Upper bounds a published duration stays within: a year, in the procedure's own unit. */
const MAX_DURATION: Readonly<Record<DurationUnit, number>> = { WORKING_DAYS: 365, WORKING_HOURS: 365, CALENDAR_DAYS: 365, MONTHS: 12 };

/**
 * Where the result may go besides a reception point of the province (which every procedure
 * allows): by public postal service, or online, where the procedure's law allows it.
 */
export type RemoteDelivery = 'POSTAL' | 'ONLINE';

export interface Fee {
  code: string;
  name: string;
  /** Vietnamese đồng. */
  amount: number;
  collectedAt: 'RECEPTION' | 'RETURN';
}

/**
 * One step of the route (quy trình liên thông). The responsible agency is not named, so one
 * catalog fits every province: it is the People's Committee at `level` above (or at) the commune
 * the dossier is about, or, with `sector`, the province's agency of that sector (a department or a
 * vertical agency such as the provincial police), resolved when the dossier is handed in.
 */
export interface RouteStep {
  level: AgencyLevel;
  task: string;
  budget: Duration;
  /** The sector of the agency doing this step (`TU_PHAP`, `CONG_AN`, `BAO_HIEM_XA_HOI`…); absent: the People's Committee. */
  sector?: string;
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
  /** Ways the result may be delivered besides a reception point; absent or empty: at a reception point only. */
  remoteDelivery?: RemoteDelivery[];
}

export const receptionLevel = (procedure: Procedure): AgencyLevel => procedure.route[0]?.level ?? procedure.level;

export const isInterconnected = (procedure: Procedure): boolean => new Set(procedure.route.map((step) => step.level)).size > 1;

export type ProcedureDraft = Omit<Procedure, 'version'>;

const PROCEDURE_CODE = /^\d\.\d{6}$/;
const SECTOR = /^[A-Z][A-Z_]{1,39}$/;
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
  const max = MAX_DURATION[draft.duration.unit];
  if (!Number.isInteger(draft.duration.value) || draft.duration.value < 0 || draft.duration.value > max) {
    invalid('duration', `The duration is a whole number of ${draft.duration.unit} from 0 to ${max}`);
  }
  if (draft.route.some((step) => step.sector !== undefined && !SECTOR.test(step.sector)))
    invalid('route', 'A step’s sector is a code such as TU_PHAP or CONG_AN');
  if (draft.route.length === 0) invalid('route', 'A route has at least the reception step');
  if (!draft.route.some((step) => step.level === draft.level)) invalid('route', `No route step at the procedure’s level ${draft.level}`);
  const budgets = draft.route.filter((step) => step.budget.unit === draft.duration.unit).reduce((sum, step) => sum + step.budget.value, 0);
  if (budgets > draft.duration.value) invalid('route', 'The step budgets exceed the statutory duration');
  const codes = draft.documents.map((doc) => doc.code);
  if (new Set(codes).size !== codes.length) invalid('documents', 'Each document code appears once');
  if (draft.documents.some((doc) => !Number.isInteger(doc.copies) || doc.copies < 1))
    invalid('documents', 'Copies are whole numbers from 1');
  if (draft.fees.some((fee) => !Number.isInteger(fee.amount) || fee.amount < 0)) invalid('fees', 'Fees are whole numbers of đồng');
  // A component's file rules (issue 11): at least one type, and a size S3 takes in one presigned PUT.
  if (
    draft.documents.some(
      (doc) =>
        doc.file &&
        (doc.file.types.length === 0 ||
          !Number.isInteger(doc.file.maxBytes) ||
          doc.file.maxBytes < 1 ||
          doc.file.maxBytes > 100 * 1024 * 1024),
    )
  )
    invalid('documents', 'A component’s files need at least one type and a size limit from 1 byte to 100 MiB');
  if (draft.sameDayCutoff !== undefined && !CUTOFF.test(draft.sameDayCutoff)) invalid('sameDayCutoff', 'The cut-off is HH:MM');
  return { ...draft, version: (current?.version ?? 0) + 1 };
}

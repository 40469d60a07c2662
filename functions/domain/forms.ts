import { getDefaultCalendar } from './calendar';
import { VERDICT_NAMES, type Verdict } from './calendar/deadline';
import { type Duration, toCalendarDuration } from './catalog';
import { calendarFor, processingEndedAt } from './clock';
import { type DigitisationNote, digitisationNote } from './digitisation';
import type { Dossier, DossierEvent, DossierStatus, HandedInDocument, MissingItem } from './dossier';
import { mask, maskEmail } from './personal-data';

/**
 * The forms of TT 01/2018/TT-VPCP (regime 2018; TT 03/2025 renumbers them [U]) as data, read
 * from the dossier and its events. Rendering (GraphQL types, printable pages) is elsewhere.
 */

export type AgencyNames = (code: string) => string;

/**
 * Whether a form shows the applicant's contact data as given, or masked: forms follow the same
 * rule as the API (the authorization table's PERSONAL_DATA_READ), decided by the caller.
 */
export type PersonalData = 'FULL' | 'MASKED';

function contact(dossier: Dossier, view: PersonalData): { applicantPhone?: string; applicantEmail?: string } {
  const { phone, email } = dossier.applicant;
  const full = view === 'FULL';
  return {
    ...(phone ? { applicantPhone: full ? phone : mask(phone) } : {}),
    ...(email ? { applicantEmail: full ? email : maskEmail(email) } : {}),
  };
}

const DURATION_WORDS: Readonly<Record<Duration['unit'], string>> = {
  WORKING_DAYS: 'ngày làm việc',
  WORKING_HOURS: 'giờ làm việc',
  CALENDAR_DAYS: 'ngày',
  MONTHS: 'tháng',
};

export function durationLabel(duration: Duration): string {
  if (duration.value === 0) return 'Trong ngày làm việc';
  const unit = DURATION_WORDS[duration.unit];
  return `${String(duration.value).padStart(2, '0')} ${unit}`;
}

function applicantAddress(dossier: Dossier, names: AgencyNames): string {
  const commune = names(dossier.applicant.address.communeAgencyCode);
  return [dossier.applicant.address.street, commune].filter(Boolean).join(', ');
}

/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptForm {
  dossierCode: string;
  /** For the public status lookup; printed beside the code. */
  lookupSecret?: string;
  /** Where the applicant rates the service once the result is returned (a QR code; issue 12). */
  ratingLink?: string;
  receivingUnit: string;
  applicantName: string;
  applicantAddress: string;
  applicantPhone?: string;
  applicantEmail?: string;
  requestContent: string;
  documents: HandedInDocument[];
  statutoryDuration: string;
  receivedAt: string;
  dueAt: string;
  /** Issue 11: how each component was digitised at intake (printed under the documents). */
  digitisation?: DigitisationNote;
}

export function receiptForm(dossier: Dossier, names: AgencyNames, view: PersonalData, lookupSecret?: string): ReceiptForm | null {
  if (!dossier.code || !dossier.receivedAt || !dossier.dueAt) return null;
  const { applicant } = dossier;
  return {
    dossierCode: dossier.code,
    ...(lookupSecret ? { lookupSecret } : {}),
    receivingUnit: names(dossier.receivingAgency),
    applicantName: applicant.fullName,
    applicantAddress: applicantAddress(dossier, names),
    ...contact(dossier, view),
    requestContent: dossier.procedureName,
    documents: dossier.documents,
    statutoryDuration: durationLabel(dossier.terms.duration),
    receivedAt: dossier.receivedAt,
    // The appointment as agreed; an apology's new date is on Form 04, not here.
    dueAt: dossier.dueAt,
    digitisation: digitisationNote(dossier),
  };
}

/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (one-time written guidance). */
export interface CompletionRequestForm {
  receivingUnit: string;
  applicantName: string;
  applicantAddress: string;
  applicantPhone?: string;
  requestContent: string;
  items: MissingItem[];
  reason: string;
  guidingOfficer: string;
  at: string;
  afterReception: boolean;
}

export function completionRequestForm(dossier: Dossier, names: AgencyNames, view: PersonalData): CompletionRequestForm | null {
  const request = dossier.completionRequest;
  if (!request) return null;
  const { applicantPhone } = contact(dossier, view);
  return {
    receivingUnit: names(dossier.receivingAgency),
    applicantName: dossier.applicant.fullName,
    applicantAddress: applicantAddress(dossier, names),
    ...(applicantPhone ? { applicantPhone } : {}),
    requestContent: dossier.procedureName,
    items: request.items,
    reason: request.reason,
    guidingOfficer: request.officerId,
    at: request.at,
    afterReception: request.afterReception,
  };
}

/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalForm {
  receivingUnit: string;
  applicantName: string;
  requestContent: string;
  reason: string;
  officer: string;
  at: string;
}

export function refusalForm(dossier: Dossier, names: AgencyNames): RefusalForm | null {
  const refusal = dossier.refusal;
  if (!refusal) return null;
  return {
    receivingUnit: names(dossier.receivingAgency),
    applicantName: dossier.applicant.fullName,
    requestContent: dossier.procedureName,
    reason: refusal.reason,
    officer: refusal.officerId,
    at: refusal.at,
  };
}

/** Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyForm {
  issuingAgency: string;
  applicantName: string;
  dossierCode: string;
  requestContent: string;
  receivedAt: string;
  originalDueAt: string;
  reason: string;
  revisedDueAt: string;
  signer: string;
  at: string;
}

export function apologyForm(dossier: Dossier, events: readonly DossierEvent[], names: AgencyNames): ApologyForm | null {
  const apology = dossier.apology;
  if (!apology || !dossier.code || !dossier.receivedAt || !dossier.dueAt) return null;
  const event = events.find((candidate) => candidate.type === 'APOLOGIZED');
  return {
    issuingAgency: names(event?.actor.agencyCode ?? dossier.holderAgency ?? dossier.receivingAgency),
    applicantName: dossier.applicant.fullName,
    dossierCode: dossier.code,
    requestContent: dossier.procedureName,
    receivedAt: dossier.receivedAt,
    originalDueAt: dossier.dueAt,
    reason: apology.reason,
    revisedDueAt: apology.revisedDueAt,
    signer: apology.officerId,
    at: apology.at,
  };
}

/** One row of Mẫu 05: a handover, and how the giver's step went against its budget. */
export interface ControlSlipRow {
  fromAgency: string;
  /** Null for the last row: the result handed to the applicant. */
  toAgency: string | null;
  handedOverAt: string;
  receivedAt: string | null;
  stepTask: string;
  stepBudget: string;
  stepDueAt: string;
  verdict: Verdict;
  verdictLabel: string;
  note?: string;
}

/** The step in progress of an open dossier: where it is, since when, and whether it is still within its budget. */
export interface ControlSlipCurrentStep {
  agency: string;
  receivedAt: string;
  stepTask: string;
  stepBudget: string;
  stepDueAt: string;
  /** NOT_YET_DUE ("chưa đến hạn") or LATE: open work is never "trước hạn". */
  verdict: Verdict;
  verdictLabel: string;
}

/** Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSlipForm {
  dossierCode: string;
  applicantName: string;
  leadAgency: string;
  coordinatingAgencies: string[];
  rows: ControlSlipRow[];
  /** Only for an open dossier, when the caller gives "now". */
  currentStep?: ControlSlipCurrentStep;
  /** Issue 11: what was digitised and whether an e-result is attached. */
  digitisation?: DigitisationNote;
}

interface OpenStep {
  agency: string;
  routeStep: number;
  startedAt: string;
  /** The reception step: judged by the reception point's office hours and the procedure's cut-off. */
  reception: boolean;
}

/**
 * Reads the slip from the history: a step starts when an agency takes the dossier (acceptance at
 * the one-stop, or a delivery) and ends when it hands it on (a transfer) or returns the result.
 * Each step is judged against its route budget at minute granularity (domain.md §e.3); the
 * dossier's own verdict is separate and judges against its appointment. The reception step counts
 * as the appointment does: the reception point's office hours, and a dossier accepted after the
 * procedure's cut-off starts the next working day. Later steps use default office hours (the
 * dossier does not carry the other agencies' hours).
 */
export function controlSlipForm(dossier: Dossier, events: readonly DossierEvent[], names: AgencyNames, now?: Date): ControlSlipForm | null {
  if (!dossier.code) return null;
  const calendar = getDefaultCalendar();
  const receptionCalendar = calendarFor(dossier.officeHours);
  const cutoff = dossier.terms.sameDayCutoff;
  const rows: ControlSlipRow[] = [];
  let open: OpenStep | undefined;
  const judged = (step: OpenStep) => {
    // Handoffs index the resolved route, which may begin with a reception step the terms lack.
    const routeStep = dossier.route[step.routeStep];
    const budget = routeStep?.budget ?? dossier.terms.duration;
    const stepCalendar = step.reception ? receptionCalendar : calendar;
    const due = stepCalendar.dueAt(new Date(step.startedAt), toCalendarDuration(budget), step.reception && cutoff ? { cutoff } : {});
    return { stepCalendar, due, stepTask: routeStep?.task ?? dossier.procedureName, stepBudget: durationLabel(budget) };
  };
  const close = (at: string, toAgency: string | null, receivedAt: string | null, note?: string) => {
    if (!open) return;
    const { stepCalendar, due, stepTask, stepBudget } = judged(open);
    const verdict = stepCalendar.verdict(new Date(at), due, 'minute');
    rows.push({
      fromAgency: names(open.agency),
      toAgency: toAgency === null ? null : names(toAgency),
      handedOverAt: at,
      receivedAt,
      stepTask,
      stepBudget,
      stepDueAt: due.toISOString(),
      verdict,
      verdictLabel: VERDICT_NAMES[verdict],
      ...(note ? { note } : {}),
    });
    open = undefined;
  };
  for (const [index, event] of events.entries()) {
    if (event.type === 'ACCEPTED') open = { agency: event.actor.agencyCode, routeStep: 0, startedAt: event.at, reception: true };
    if (event.type === 'TRANSFERRED') {
      const { id, toAgency } = event.handoff;
      const delivery = events.slice(index + 1).find((later) => later.type === 'DELIVERED' && later.handoff.id === id);
      close(event.at, toAgency, delivery?.at ?? null, event.note);
    }
    // A reassignment at the 2025 reorganisation hands the dossier over like a transfer; its note is why.
    if (event.type === 'REASSIGNED' && event.handoff) {
      const { id, toAgency } = event.handoff;
      const delivery = events.slice(index + 1).find((later) => later.type === 'DELIVERED' && later.handoff.id === id);
      close(event.at, toAgency, delivery?.at ?? null, event.reason);
    }
    if (event.type === 'DELIVERED')
      open = { agency: event.handoff.toAgency, routeStep: event.handoff.routeStep, startedAt: event.at, reception: false };
    if (event.type === 'RESULT_RETURNED') close(event.at, null, event.at, event.deliveryMode);
  }
  const current = now && open && !processingEndedAt(dossier) ? currentStep(open, judged(open), now, names) : undefined;
  const lead = leadAgencyCode(dossier);
  // The agencies resolved at submission (People's Committees, departments, vertical agencies).
  const routeAgencies = dossier.route.map((step) => step.agencyCode);
  const coordinating = [...new Set(routeAgencies)].filter(
    (code): code is string => code !== undefined && code !== lead && code !== dossier.receivingAgency,
  );
  return {
    dossierCode: dossier.code,
    applicantName: dossier.applicant.fullName,
    leadAgency: names(lead),
    coordinatingAgencies: coordinating.map(names),
    rows,
    ...(current ? { currentStep: current } : {}),
    digitisation: digitisationNote(dossier),
  };
}

function currentStep(
  open: OpenStep,
  {
    stepCalendar,
    due,
    stepTask,
    stepBudget,
  }: { stepCalendar: { standing(at: Date, due: Date): Verdict }; due: Date; stepTask: string; stepBudget: string },
  now: Date,
  names: AgencyNames,
): ControlSlipCurrentStep {
  const verdict = stepCalendar.standing(now, due);
  return {
    agency: names(open.agency),
    receivedAt: open.startedAt,
    stepTask,
    stepBudget,
    stepDueAt: due.toISOString(),
    verdict,
    verdictLabel: VERDICT_NAMES[verdict],
  };
}

/** The competent agency (cơ quan chủ trì), resolved from the procedure and the applicant at submission. */
export function leadAgencyCode(dossier: Dossier): string {
  return dossier.competentAgency;
}

/** One row of Mẫu 06, Sổ theo dõi hồ sơ, for the register of the receiving one-stop. */
export interface TrackingBookRow {
  dossierCode: string;
  procedureName: string;
  sets: number;
  applicantName: string;
  applicantAddress: string;
  applicantPhone?: string;
  leadAgency: string;
  receivedAt: string;
  dueAt: string;
  transferredAt?: string;
  resultReceivedAt?: string;
  returnedAt?: string;
  status: DossierStatus;
  /** Issue 11: `Số hóa 2/3; KQĐT`, in the note column. */
  digitisation?: string;
}

export function trackingBookRow(dossier: Dossier, names: AgencyNames, view: PersonalData): TrackingBookRow | null {
  if (!dossier.code || !dossier.receivedAt || !dossier.dueAt) return null;
  const { applicantPhone } = contact(dossier, view);
  return {
    dossierCode: dossier.code,
    procedureName: dossier.procedureName,
    sets: 1,
    applicantName: dossier.applicant.fullName,
    applicantAddress: applicantAddress(dossier, names),
    ...(applicantPhone ? { applicantPhone } : {}),
    leadAgency: names(leadAgencyCode(dossier)),
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    ...(dossier.transferredAt ? { transferredAt: dossier.transferredAt } : {}),
    ...(dossier.result ? { resultReceivedAt: dossier.result.resolvedAt } : {}),
    ...(dossier.returnedAt ? { returnedAt: dossier.returnedAt } : {}),
    status: dossier.status,
    digitisation: digitisationNote(dossier).summary,
  };
}

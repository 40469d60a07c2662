/**
 * An independent, deliberately small restatement of the one-stop lifecycle (domain.md §d, §f),
 * used as the oracle of the model-based tests. It imports nothing from the rules table
 * (`functions/domain/actions.ts`) nor from the lifecycle: who may do what, from which state, and
 * what each action does to status, phase, holder, route step and clock are written out again
 * here, in the words of the domain document. Only the working-day calendar (a separately tested
 * pure module) is borrowed, to turn "N working days" and "the paused working time" into instants.
 *
 * Where the system and this model are known to disagree and the lead has to decide, the model
 * follows the system behind a named switch in `PENDING_DECISIONS` (each pinned by an `it.fails`
 * test in lifecycle-model.test.ts), so the property run stays meaningful for everything else.
 */
import { getDefaultCalendar } from '../../functions/domain/calendar';

export type Status =
  | 'SUBMITTED'
  | 'PENDING_COMPLETION'
  | 'NOT_RECEIVED'
  | 'RECEIVED'
  | 'IN_PROCESSING'
  | 'SUPPLEMENT_REQUESTED'
  | 'AWAITING_FINANCIAL_OBLIGATION'
  | 'WITHDRAWN'
  | 'STOPPED'
  | 'RESOLVED'
  | 'RETURNED';

export type Phase = 'TRANSFERRED' | 'ASSIGNED' | 'APPRAISING' | 'AWAITING_SIGNATURE' | 'SIGNED';

/** domain.md §d.2: the national portal's TrangThaiHoSo for each internal state. */
export const NATIONAL_STATUS_CODE: Readonly<Record<Status, number>> = {
  SUBMITTED: 1, // Mới đăng ký
  RECEIVED: 2, // Được tiếp nhận
  NOT_RECEIVED: 3, // Không được tiếp nhận
  IN_PROCESSING: 4, // Đang xử lý
  PENDING_COMPLETION: 5, // Yêu cầu bổ sung giấy tờ (before reception)
  SUPPLEMENT_REQUESTED: 5, // Yêu cầu bổ sung giấy tờ (after reception)
  AWAITING_FINANCIAL_OBLIGATION: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  WITHDRAWN: 7, // Công dân yêu cầu rút hồ sơ
  STOPPED: 8, // Dừng xử lý
  RESOLVED: 9, // Đã xử lý xong
  RETURNED: 10, // Đã trả kết quả
};

export const TERMINAL: ReadonlySet<Status> = new Set<Status>(['NOT_RECEIVED', 'WITHDRAWN', 'STOPPED', 'RETURNED']);

export type RoleName = 'RECEPTION_OFFICER' | 'HANDLING_OFFICER' | 'APPROVER' | 'AGENCY_HEAD' | 'PROVINCE_ADMIN' | 'AUDITOR';

export type ActionName =
  | 'REQUEST_COMPLETION'
  | 'RESUBMIT'
  | 'REFUSE'
  | 'ACCEPT'
  | 'TRANSFER'
  | 'ASSIGN'
  | 'START_APPRAISAL'
  | 'SUBMIT_FOR_SIGNATURE'
  | 'SIGN'
  | 'ISSUE'
  | 'APPROVE_AT_COUNTER'
  | 'REQUEST_SUPPLEMENT'
  | 'RECEIVE_SUPPLEMENT'
  | 'REQUEST_FINANCIAL_OBLIGATION'
  | 'CONFIRM_FINANCIAL_OBLIGATION'
  | 'APOLOGIZE'
  | 'WITHDRAW'
  | 'STOP'
  | 'RETURN_RESULT';

export const ACTION_NAMES: readonly ActionName[] = [
  'REQUEST_COMPLETION',
  'RESUBMIT',
  'REFUSE',
  'ACCEPT',
  'TRANSFER',
  'ASSIGN',
  'START_APPRAISAL',
  'SUBMIT_FOR_SIGNATURE',
  'SIGN',
  'ISSUE',
  'APPROVE_AT_COUNTER',
  'REQUEST_SUPPLEMENT',
  'RECEIVE_SUPPLEMENT',
  'REQUEST_FINANCIAL_OBLIGATION',
  'CONFIRM_FINANCIAL_OBLIGATION',
  'APOLOGIZE',
  'WITHDRAW',
  'STOP',
  'RETURN_RESULT',
];

/** The event each successful action records (the history's vocabulary, domain.md §d.3). */
export const EVENT_TYPE: Readonly<Record<ActionName, string>> = {
  REQUEST_COMPLETION: 'COMPLETION_REQUESTED',
  RESUBMIT: 'RESUBMITTED',
  REFUSE: 'REFUSED',
  ACCEPT: 'ACCEPTED',
  TRANSFER: 'TRANSFERRED',
  ASSIGN: 'ASSIGNED',
  START_APPRAISAL: 'APPRAISAL_STARTED',
  SUBMIT_FOR_SIGNATURE: 'SUBMITTED_FOR_SIGNATURE',
  SIGN: 'SIGNED',
  ISSUE: 'ISSUED',
  APPROVE_AT_COUNTER: 'APPROVED_AT_COUNTER',
  REQUEST_SUPPLEMENT: 'SUPPLEMENT_REQUESTED',
  RECEIVE_SUPPLEMENT: 'SUPPLEMENT_RECEIVED',
  REQUEST_FINANCIAL_OBLIGATION: 'FINANCIAL_OBLIGATION_REQUESTED',
  CONFIRM_FINANCIAL_OBLIGATION: 'FINANCIAL_OBLIGATION_MET',
  APOLOGIZE: 'APOLOGIZED',
  WITHDRAW: 'WITHDRAWN',
  STOP: 'STOPPED',
  RETURN_RESULT: 'RESULT_RETURNED',
};

export type ErrorName =
  | 'FORBIDDEN'
  | 'NOT_HOLDER'
  | 'ILLEGAL_ACTION'
  | 'ROUTE_VIOLATION'
  | 'APOLOGY_NOT_ALLOWED'
  | 'BAD_INPUT'
  | 'UNKNOWN_DOCUMENTS';

/**
 * Known disagreements between this model and the system, each waiting for the lead. `true` means
 * "the model follows the system for now"; the it.fails tests named here say what a user would see.
 */
export const PENDING_DECISIONS = {
  /**
   * The commune that received a district-level procedure (1.001776, whose route says the district
   * "thẩm định, quyết định") can assign, sign, ISSUE and return the result itself, without the
   * district ever seeing the dossier. Strictly, ISSUE belongs to the competent level only.
   * Pinned by: "a commune cannot issue the decision of a district-level procedure".
   */
  issueOutsideCompetentLevel: true,
  /**
   * A dossier withdrawn at the one-stop while its handoff is on the way still gets a DELIVERED
   * event when the message arrives (version n+1 after WITHDRAWN, holder set to the receiver, so
   * it shows in the receiver's inbox as withdrawn). Arguably the platform recording a fact, not an
   * action; a literal "nothing after a terminal state" forbids it. Not pinned by a failing test.
   */
  deliveryRecordedAfterTerminal: true,
} as const;

// ---------------------------------------------------------------------------------------------
// The procedure facts the rules need (read from the catalog entry the dossier was received under)

export type Level = 'COMMUNE' | 'DISTRICT' | 'PROVINCE';

export interface ProcedureFacts {
  code: string;
  competentLevel: Level;
  /** The levels of the route's steps; step 0 is reception. */
  routeLevels: Level[];
  duration: { value: number; unit: 'WORKING_DAYS' | 'WORKING_HOURS' };
  cutoff?: string;
  /** "4 tại chỗ": received, appraised, approved and returned at the counter. */
  atTheCounter: boolean;
  /** Whether waiting for fees or taxes stops the statutory clock (§f.6b). */
  feesStopTheClock: boolean;
  documentCodes: string[];
}

// ---------------------------------------------------------------------------------------------
// The model's dossier

export interface ModelPause {
  reason: 'SUPPLEMENT' | 'FINANCIAL_OBLIGATION';
  from: Date;
  to?: Date;
}

export interface ModelDossier {
  procedure: ProcedureFacts;
  /** The one-stop that received the dossier and returns the result. */
  oneStop: string;
  oneStopIdentifier: string;
  /** The agency at each level above (and at) the applicant's commune. */
  subject: Record<Level, string>;
  status: Status;
  phase?: Phase;
  /** Where a dossier waiting for the applicant goes back to. */
  resumeTo?: { status: Status; phase?: Phase };
  /** Null while a handoff is on its way. */
  holder: string | null;
  routeStep: number;
  handoff?: { id: string; to: string; step: number; delivered: boolean };
  receivedAt?: Date;
  code?: string;
  pauses: ModelPause[];
  supplementRequests: number;
  apology?: { revisedDueAt: Date };
  /** The decision signed and not yet issued. */
  signed?: 'APPROVED' | 'DENIED';
  result?: 'APPROVED' | 'DENIED';
  version: number;
  /** How this dossier was resolved outside its competent level (PENDING_DECISIONS). */
  issuedOutsideCompetence?: boolean;
}

/** An action as the model sees it: the action, what was handed in, and by whom. */
export interface ModelCommand {
  action: ActionName;
  /** REQUEST_COMPLETION / REQUEST_SUPPLEMENT: document codes listed in Form 02. */
  items?: string[];
  /** RESUBMIT / RECEIVE_SUPPLEMENT: documents handed in. */
  documents?: { code: string; copies: number }[];
  reason?: string;
  assignee?: string;
  decision?: 'APPROVED' | 'DENIED';
  amount?: number;
  revisedDueAt?: Date;
  /** TRANSFER: the agency the caller sends the dossier to. */
  toAgency?: string;
  /** ACCEPT: the number the agency's counter gives next (the system's own counter is checked against it). */
  sequence?: number;
}

export interface ModelCaller {
  agency: string;
  roles: readonly RoleName[];
}

export type Verdict = { ok: true; next: ModelDossier; event: { type: string; statusAfter: Status; phaseAfter?: Phase } } | { ok: false; code: ErrorName };

// ---------------------------------------------------------------------------------------------
// Who, where, when: the rules restated

const R: RoleName = 'RECEPTION_OFFICER';
const H: RoleName = 'HANDLING_OFFICER';
const A: RoleName = 'APPROVER';
const HEAD: RoleName = 'AGENCY_HEAD';

type Place = 'the holder' | 'the holder or the one-stop';

interface Spec {
  who: readonly RoleName[];
  where: Place;
  when: (d: ModelDossier) => boolean;
  counterOnly?: boolean;
}

const is = (...statuses: Status[]) => (d: ModelDossier) => statuses.includes(d.status);
const inPhase = (...phases: Phase[]) => (d: ModelDossier) => d.status === 'IN_PROCESSING' && d.phase !== undefined && phases.includes(d.phase);
const either =
  (...tests: ((d: ModelDossier) => boolean)[]) =>
  (d: ModelDossier) =>
    tests.some((test) => test(d));

/** Before reception: the one-stop checks the dossier (§d.3 S1, S2). */
const beforeReception = is('SUBMITTED', 'PENDING_COMPLETION');
/** Received and not yet resolved nor ended: the clock runs or is paused. */
const open = is('RECEIVED', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION');
const waitingForApplicant = is('SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION');

const SPECS: Readonly<Record<ActionName, Spec>> = {
  // Reception (Forms 01–03) is the one-stop reception officer's.
  REQUEST_COMPLETION: { who: [R], where: 'the holder', when: is('SUBMITTED') },
  RESUBMIT: { who: [R], where: 'the holder', when: is('PENDING_COMPLETION') },
  REFUSE: { who: [R], where: 'the holder', when: beforeReception },
  ACCEPT: { who: [R], where: 'the holder', when: is('SUBMITTED') },
  // Handing over along the route: the holder sends it on, while working on it or with the result.
  TRANSFER: { who: [R, H, HEAD], where: 'the holder', when: is('RECEIVED', 'IN_PROCESSING', 'RESOLVED') },
  // Inside the competent agency: head assigns → officer appraises → submits → leader signs → issue.
  ASSIGN: { who: [HEAD], where: 'the holder', when: either(is('RECEIVED'), inPhase('TRANSFERRED', 'ASSIGNED')) },
  START_APPRAISAL: { who: [H], where: 'the holder', when: inPhase('ASSIGNED') },
  SUBMIT_FOR_SIGNATURE: { who: [H], where: 'the holder', when: inPhase('APPRAISING') },
  SIGN: { who: [A, HEAD], where: 'the holder', when: inPhase('AWAITING_SIGNATURE') },
  ISSUE: { who: [H, HEAD], where: 'the holder', when: inPhase('SIGNED') },
  // "4 tại chỗ": the reception officer approves at the counter right after receiving.
  APPROVE_AT_COUNTER: { who: [R], where: 'the holder', when: is('RECEIVED'), counterOnly: true },
  // Waiting for the applicant: asked by whoever holds it, answered at the holder or the one-stop.
  REQUEST_SUPPLEMENT: { who: [R, H], where: 'the holder', when: is('RECEIVED', 'IN_PROCESSING') },
  RECEIVE_SUPPLEMENT: { who: [R, H], where: 'the holder or the one-stop', when: is('SUPPLEMENT_REQUESTED') },
  REQUEST_FINANCIAL_OBLIGATION: { who: [H, HEAD], where: 'the holder', when: is('RECEIVED', 'IN_PROCESSING') },
  CONFIRM_FINANCIAL_OBLIGATION: { who: [R, H], where: 'the holder or the one-stop', when: is('AWAITING_FINANCIAL_OBLIGATION') },
  // Form 04 is signed by the head of the agency, while the dossier is open.
  APOLOGIZE: { who: [HEAD], where: 'the holder', when: open },
  // The applicant withdraws at the one-stop, any time before the result exists.
  WITHDRAW: { who: [R], where: 'the holder or the one-stop', when: either(beforeReception, open) },
  // The agency stops a dossier it is processing (or waiting on), with a reason.
  STOP: { who: [A, HEAD], where: 'the holder', when: either(is('IN_PROCESSING'), waitingForApplicant) },
  RETURN_RESULT: { who: [R], where: 'the holder', when: is('RESOLVED') },
};

const blank = (text: string | undefined) => text === undefined || text.trim().length === 0;

/** The agency responsible for a route step: the one at the step's level in the applicant's chain. */
export function routeTarget(d: ModelDossier, step: number): string | undefined {
  const level = d.procedure.routeLevels[step];
  return level ? d.subject[level] : undefined;
}

const calendar = () => getDefaultCalendar();

/** The law's due date: acceptance + the procedure's duration, with the cut-off, no pauses (§f.3–5). */
export function lawDueAt(d: ModelDossier): Date | undefined {
  if (!d.receivedAt) return undefined;
  return calendar().dueAt(d.receivedAt, d.procedure.duration, d.procedure.cutoff ? { cutoff: d.procedure.cutoff } : {});
}

/** The appointment: the law's due date moved by the working time of every closed pause (§f.6). */
const dueMemo = new WeakMap<ModelDossier, Date | undefined>();

export function expectedDueAt(d: ModelDossier): Date | undefined {
  if (!dueMemo.has(d)) dueMemo.set(d, computeDueAt(d));
  return dueMemo.get(d);
}

function computeDueAt(d: ModelDossier): Date | undefined {
  if (!d.receivedAt) return undefined;
  const closed = d.pauses.filter((pause) => pause.to !== undefined).map((pause) => ({ from: pause.from, to: pause.to!, reason: pause.reason }));
  return calendar().dueAt(d.receivedAt, d.procedure.duration, {
    ...(d.procedure.cutoff ? { cutoff: d.procedure.cutoff } : {}),
    pauses: closed,
  });
}

const yymmddInVietnam = (at: Date) => {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return `${String(local.getUTCFullYear() % 100).padStart(2, '0')}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
};

export const expectedCode = (identifier: string, at: Date, sequence: number) =>
  `${identifier}-${yymmddInVietnam(at)}-${String(sequence).padStart(4, '0')}`;

/** Whether the caller's agency stands where the action must be taken. */
function placeOk(d: ModelDossier, where: Place, agency: string): boolean {
  if (d.holder !== null && d.holder === agency) return true;
  return where === 'the holder or the one-stop' && d.oneStop === agency;
}

/** Whether the caller passes who / where / when, so that the action's own rules decide. */
export function authorized(d: ModelDossier, action: ActionName, caller: ModelCaller): boolean {
  const spec = SPECS[action];
  return (
    spec.who.some((role) => caller.roles.includes(role)) &&
    placeOk(d, spec.where, caller.agency) &&
    spec.when(d) &&
    (!spec.counterOnly || d.procedure.atTheCounter)
  );
}

/**
 * The model's answer to one officer action: refused with a code, or accepted with the dossier after
 * it. Precedence: who (role) → where (agency) → when (state, counter flag) → the action's own rules
 * → the input.
 */
export function decide(d: ModelDossier, command: ModelCommand, caller: ModelCaller, now: Date): Verdict {
  const spec = SPECS[command.action];
  const refuse = (code: ErrorName): Verdict => ({ ok: false, code });
  if (!spec.who.some((role) => caller.roles.includes(role))) return refuse('FORBIDDEN');
  if (!placeOk(d, spec.where, caller.agency)) return refuse('NOT_HOLDER');
  if (!spec.when(d)) return refuse('ILLEGAL_ACTION');
  if (spec.counterOnly && !d.procedure.atTheCounter) return refuse('ILLEGAL_ACTION');

  const next: ModelDossier = { ...d, pauses: d.pauses.map((pause) => ({ ...pause })), version: d.version + 1 };
  const goTo = (status: Status, phase?: Phase) => {
    next.status = status;
    if (phase) next.phase = phase;
    else delete next.phase;
  };
  const known = new Set(d.procedure.documentCodes);
  const listCheck = (items: string[] | undefined): ErrorName | undefined => {
    if (!items || items.length === 0) return 'BAD_INPUT';
    if (items.some((code) => !known.has(code))) return 'UNKNOWN_DOCUMENTS';
    if (new Set(items).size !== items.length) return 'BAD_INPUT';
    if (blank(command.reason)) return 'BAD_INPUT';
    return undefined;
  };
  const documentsCheck = (documents: { code: string; copies: number }[] | undefined): ErrorName | undefined => {
    if ((documents ?? []).some((doc) => !known.has(doc.code))) return 'UNKNOWN_DOCUMENTS';
    if ((documents ?? []).some((doc) => !Number.isInteger(doc.copies) || doc.copies < 1 || doc.copies > 100)) return 'BAD_INPUT';
    return undefined;
  };
  const closePauses = () => {
    next.pauses = next.pauses.map((pause) => (pause.to ? pause : { ...pause, to: now }));
  };
  const resume = () => {
    const back = d.resumeTo ?? { status: 'IN_PROCESSING' as Status };
    goTo(back.status, back.phase);
    delete next.resumeTo;
  };
  const remember = () => {
    next.resumeTo = { status: d.status, ...(d.phase ? { phase: d.phase } : {}) };
  };

  switch (command.action) {
    case 'REQUEST_COMPLETION': {
      const problem = listCheck(command.items);
      if (problem) return refuse(problem);
      goTo('PENDING_COMPLETION');
      break;
    }
    case 'RESUBMIT': {
      const problem = documentsCheck(command.documents);
      if (problem) return refuse(problem);
      goTo('SUBMITTED');
      break;
    }
    case 'REFUSE':
      if (blank(command.reason)) return refuse('BAD_INPUT');
      goTo('NOT_RECEIVED');
      break;
    case 'ACCEPT':
      goTo('RECEIVED');
      next.receivedAt = now;
      next.code = expectedCode(d.oneStopIdentifier, now, command.sequence ?? 1);
      break;
    case 'TRANSFER': {
      const target = routeTarget(d, d.routeStep + 1);
      if (target === undefined || target !== command.toAgency) return refuse('ROUTE_VIOLATION');
      next.handoff = { id: `${d.version + 1}`, to: target, step: d.routeStep + 1, delivered: false };
      next.holder = null;
      // The result travels back as it is; otherwise the receiver starts its own step.
      if (d.status === 'RESOLVED') goTo('RESOLVED');
      else goTo('IN_PROCESSING', 'TRANSFERRED');
      break;
    }
    case 'ASSIGN':
      if (blank(command.assignee)) return refuse('BAD_INPUT');
      goTo('IN_PROCESSING', 'ASSIGNED');
      break;
    case 'START_APPRAISAL':
      goTo('IN_PROCESSING', 'APPRAISING');
      break;
    case 'SUBMIT_FOR_SIGNATURE':
      goTo('IN_PROCESSING', 'AWAITING_SIGNATURE');
      break;
    case 'SIGN':
      next.signed = command.decision ?? 'APPROVED';
      goTo('IN_PROCESSING', 'SIGNED');
      break;
    case 'ISSUE': {
      const atCompetentLevel = d.procedure.routeLevels[d.routeStep] === d.procedure.competentLevel;
      if (!atCompetentLevel && !PENDING_DECISIONS.issueOutsideCompetentLevel) return refuse('ILLEGAL_ACTION');
      if (!atCompetentLevel) next.issuedOutsideCompetence = true;
      next.result = d.signed ?? 'APPROVED';
      delete next.signed;
      goTo('RESOLVED');
      break;
    }
    case 'APPROVE_AT_COUNTER':
      next.result = command.decision ?? 'APPROVED';
      goTo('RESOLVED');
      break;
    case 'REQUEST_SUPPLEMENT': {
      const problem = listCheck(command.items);
      if (problem) return refuse(problem);
      remember();
      next.pauses.push({ reason: 'SUPPLEMENT', from: now });
      next.supplementRequests = d.supplementRequests + 1;
      goTo('SUPPLEMENT_REQUESTED');
      break;
    }
    case 'RECEIVE_SUPPLEMENT': {
      const problem = documentsCheck(command.documents);
      if (problem) return refuse(problem);
      closePauses();
      resume();
      break;
    }
    case 'REQUEST_FINANCIAL_OBLIGATION':
      if (command.amount === undefined || !Number.isInteger(command.amount) || command.amount < 0) return refuse('BAD_INPUT');
      if (blank(command.reason)) return refuse('BAD_INPUT');
      remember();
      if (d.procedure.feesStopTheClock) next.pauses.push({ reason: 'FINANCIAL_OBLIGATION', from: now });
      goTo('AWAITING_FINANCIAL_OBLIGATION');
      break;
    case 'CONFIRM_FINANCIAL_OBLIGATION':
      closePauses();
      resume();
      break;
    case 'APOLOGIZE': {
      // At most once (§f.8), and no later than one working day before the appointment.
      if (d.apology) return refuse('APOLOGY_NOT_ALLOWED');
      const due = expectedDueAt(d);
      if (!due) return refuse('APOLOGY_NOT_ALLOWED');
      if (now.getTime() > calendar().latestApologyAt(due).getTime()) return refuse('APOLOGY_NOT_ALLOWED');
      if (!command.revisedDueAt || command.revisedDueAt.getTime() <= due.getTime()) return refuse('BAD_INPUT');
      if (blank(command.reason)) return refuse('BAD_INPUT');
      next.apology = { revisedDueAt: command.revisedDueAt };
      break;
    }
    case 'WITHDRAW':
      goTo('WITHDRAWN');
      break;
    case 'STOP':
      if (blank(command.reason)) return refuse('BAD_INPUT');
      goTo('STOPPED');
      break;
    case 'RETURN_RESULT':
      // Only the one-stop that received the dossier hands the result to the applicant.
      if (d.holder !== d.oneStop) return refuse('ILLEGAL_ACTION');
      goTo('RETURNED');
      break;
  }
  return { ok: true, next, event: { type: EVENT_TYPE[command.action], statusAfter: next.status, ...(next.phase ? { phaseAfter: next.phase } : {}) } };
}

/** The platform delivering the pending handoff: recorded once; a redelivery changes nothing. */
export function deliverInModel(d: ModelDossier): ModelDossier | null {
  if (!d.handoff || d.handoff.delivered) return null;
  return { ...d, holder: d.handoff.to, routeStep: d.handoff.step, handoff: { ...d.handoff, delivered: true }, version: d.version + 1 };
}

export function newModelDossier(input: {
  procedure: ProcedureFacts;
  oneStop: string;
  oneStopIdentifier: string;
  subject: Record<Level, string>;
}): ModelDossier {
  return { ...input, status: 'SUBMITTED', holder: input.oneStop, routeStep: 0, pauses: [], supplementRequests: 0, version: 1 };
}

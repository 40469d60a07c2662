/**
 * An independent, deliberately small restatement of the one-stop lifecycle (domain.md §d, §e, §f),
 * used as the oracle of the model-based tests. It imports nothing from the rules table
 * (`functions/domain/actions.ts`), the routing, nor the lifecycle: who may do what, where, from
 * which state and under which conditions, what each action does to status, phase, holder, route
 * step, handoff, consultation and clock, and which agency performs each step of the route are
 * written out again here, in the words of the domain document and the lead's decisions (issue 4):
 *
 * - the route is resolved to agencies when the dossier is handed in: each step at the agency of
 *   its level above the applicant's commune; reception at another unit of the same level ("phi
 *   địa giới") adds a same-day reception step before and a same-day return step after, both at
 *   the receiving one-stop;
 * - the decisions (assign, appraise, ask opinions, submit, sign, issue, approve at the counter,
 *   stop) belong to the competent agency only (the agency at the procedure's level);
 * - a delivered handoff is accepted by its receiver before anything else it does there, or sent
 *   back to its sender with a reason (a RETURN handoff, which can only be accepted);
 * - opinions are asked of other agencies with budgets; the lead resumes when the last answer
 *   comes in, or closes the consultation once every budget left has run out;
 * - nothing happens to a dossier after a terminal state, not even a handoff's arrival.
 *
 * Only the working-day calendar (a separately tested pure module) is borrowed, to turn "N working
 * days" and "the paused working time" into instants.
 */
import { getDefaultCalendar } from '#domain/calendar';

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

export type Phase = 'TRANSFERRED' | 'ASSIGNED' | 'APPRAISING' | 'CONSULTING' | 'AWAITING_SIGNATURE' | 'SIGNED';

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

export type RoleName =
  | 'RECEPTION_OFFICER'
  | 'HANDLING_OFFICER'
  | 'APPROVER'
  | 'AGENCY_HEAD'
  | 'PROVINCE_ADMIN'
  | 'AUDITOR'
  | 'AGENCY_SYSTEM';

export const ACTION_NAMES = [
  'REQUEST_COMPLETION',
  'RESUBMIT',
  'REFUSE',
  'ACCEPT',
  'TRANSFER',
  'ACCEPT_HANDOFF',
  'RETURN_HANDOFF',
  'ASSIGN',
  'START_APPRAISAL',
  'REQUEST_OPINIONS',
  'GIVE_OPINION',
  'CLOSE_CONSULTATION',
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
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/** The event each successful action records (the history's vocabulary, domain.md §d.3). */
export const EVENT_TYPE: Readonly<Record<ActionName, string>> = {
  REQUEST_COMPLETION: 'COMPLETION_REQUESTED',
  RESUBMIT: 'RESUBMITTED',
  REFUSE: 'REFUSED',
  ACCEPT: 'ACCEPTED',
  TRANSFER: 'TRANSFERRED',
  ACCEPT_HANDOFF: 'HANDOFF_ACCEPTED',
  RETURN_HANDOFF: 'HANDOFF_RETURNED',
  ASSIGN: 'ASSIGNED',
  START_APPRAISAL: 'APPRAISAL_STARTED',
  REQUEST_OPINIONS: 'OPINIONS_REQUESTED',
  GIVE_OPINION: 'OPINION_GIVEN',
  CLOSE_CONSULTATION: 'CONSULTATION_CLOSED',
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

/** The actions that decide the dossier: the competent agency's alone. */
export const DECISIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  'ASSIGN',
  'START_APPRAISAL',
  'REQUEST_OPINIONS',
  'SUBMIT_FOR_SIGNATURE',
  'SIGN',
  'ISSUE',
  'APPROVE_AT_COUNTER',
  'STOP',
]);

export type ErrorName =
  | 'FORBIDDEN'
  | 'NOT_HOLDER'
  | 'ILLEGAL_ACTION'
  | 'ROUTE_VIOLATION'
  | 'APOLOGY_NOT_ALLOWED'
  | 'BAD_INPUT'
  | 'UNKNOWN_DOCUMENTS';

/** Why an action allowed in the dossier's state is still not allowed (ILLEGAL_ACTION's details). */
export type Condition =
  | 'FOUR_ON_THE_SPOT'
  | 'AT_COMPETENT_AGENCY'
  | 'AT_RECEIVING_AGENCY'
  | 'HANDOFF_AWAITING_ACCEPTANCE'
  | 'HANDOFF_SETTLED'
  | 'CONSULTATION_SETTLED';

/**
 * Known disagreements between the model and the services' queue records, reported to the lead.
 * `true` means "the run follows the system for now", so that it stays meaningful for everything
 * else; each is pinned by an `it.fails` test in lifecycle-model.test.ts saying what should happen.
 */
export const KNOWN_BUGS = {
  /**
   * Giving an opinion (or closing the consultation) rewrites every opinion-request record of the
   * consultation without its `deliveredAt`: the consulted agencies' lists lose the delivery, and a
   * message redelivered afterwards is answered DELIVERED again (its effect happens twice).
   */
  opinionDeliveryForgottenOnAnswer: false,
  /**
   * When the dossier ends while opinions are awaited (withdrawn, stopped), the unanswered requests
   * stay in the consulted agencies' lists of open requests, though nobody may answer them any more.
   */
  opinionRequestsOutliveTheDossier: false,
} as const;

// ---------------------------------------------------------------------------------------------
// The procedure facts the rules need (read from the catalog entry the dossier was received under)

export type Level = 'COMMUNE' | 'DISTRICT' | 'PROVINCE';

export interface ProcedureFacts {
  code: string;
  competentLevel: Level;
  /** The levels of the catalog route's steps. */
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

export interface ModelHandoff {
  /** The version of the event that sent it (the systems name it `<dossier id>-<version>`). */
  id: string;
  kind: 'FORWARD' | 'RETURN';
  from: string;
  to: string;
  step: number;
  deliveredAt?: Date;
  acceptedAt?: Date;
  /** The dossier ended while it travelled: its arrival was discarded. */
  discarded?: boolean;
}

export interface ModelOpinionRequest {
  agency: string;
  budget: Budget;
  dueAt: Date;
  answeredAt?: Date;
}

export interface ModelConsultation {
  /** The version of the event that asked (the systems name it `<dossier id>-<version>`). */
  id: string;
  resumePhase: Phase;
  requests: ModelOpinionRequest[];
  closedAt?: Date;
}

export interface Budget {
  value: number;
  unit: 'WORKING_DAYS' | 'WORKING_HOURS';
}

export interface ModelDossier {
  procedure: ProcedureFacts;
  /** The one-stop that received the dossier and returns the result. */
  oneStop: string;
  oneStopIdentifier: string;
  /** The agency at each level above (and at) the applicant's commune. */
  subject: Record<Level, string>;
  /** The agency of each step, from reception to the return of the result. */
  route: string[];
  /** The agency with competence to decide. */
  competent: string;
  status: Status;
  phase?: Phase;
  /** Where a dossier waiting for the applicant goes back to. */
  resumeTo?: { status: Status; phase?: Phase };
  /** Null while a handoff is on its way. */
  holder: string | null;
  assignee?: string;
  routeStep: number;
  handoff?: ModelHandoff;
  consultation?: ModelConsultation;
  receivedAt?: Date;
  code?: string;
  pauses: ModelPause[];
  supplementRequests: number;
  apology?: { revisedDueAt: Date };
  /** The decision signed and not yet issued. */
  signed?: 'APPROVED' | 'DENIED';
  result?: 'APPROVED' | 'DENIED';
  version: number;
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
  /** REQUEST_OPINIONS: the question and the agencies asked, each with its budget. */
  question?: string;
  consulted?: { agency: string; budget: Budget }[];
  /** GIVE_OPINION. */
  opinion?: string;
  agrees?: boolean;
}

export interface ModelCaller {
  agency: string;
  roles: readonly RoleName[];
}

export type Verdict =
  | { ok: true; next: ModelDossier; event: { type: string; statusAfter: Status; phaseAfter?: Phase } }
  | { ok: false; code: ErrorName; condition?: Condition };

// ---------------------------------------------------------------------------------------------
// Who, where, when: the rules restated

const R: RoleName = 'RECEPTION_OFFICER';
const H: RoleName = 'HANDLING_OFFICER';
const A: RoleName = 'APPROVER';
const HEAD: RoleName = 'AGENCY_HEAD';
const SYSTEM: RoleName = 'AGENCY_SYSTEM';

type Place = 'the holder' | 'the holder or the one-stop' | 'a consulted agency';

interface Spec {
  who: readonly RoleName[];
  where: Place;
  when: (d: ModelDossier) => boolean;
  /** Further conditions, in the order they are judged. */
  needs?: readonly Condition[];
}

const is =
  (...statuses: Status[]) =>
  (d: ModelDossier) =>
    statuses.includes(d.status);
const inPhase =
  (...phases: Phase[]) =>
  (d: ModelDossier) =>
    d.status === 'IN_PROCESSING' && d.phase !== undefined && phases.includes(d.phase);
const either =
  (...tests: ((d: ModelDossier) => boolean)[]) =>
  (d: ModelDossier) =>
    tests.some((test) => test(d));

/** Before reception: the one-stop checks the dossier (§d.3 S1, S2). */
const beforeReception = is('SUBMITTED', 'PENDING_COMPLETION');
/** Received and not yet resolved nor ended: the clock runs or is paused. */
const open = is('RECEIVED', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION');
const waitingForApplicant = is('SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION');
/** A dossier is handed on when received, in work at an agency, or with its result; not while opinions are gathered, nor once submitted for signature. */
const handOverable = either(is('RECEIVED', 'RESOLVED'), inPhase('TRANSFERRED', 'ASSIGNED', 'APPRAISING'));
/** A handoff arrives either to start a step or with the result. */
const arrived = either(inPhase('TRANSFERRED'), is('RESOLVED'));

/** The receiver takes a delivered handoff over before anything else; decisions are the competent agency's. */
const SETTLED: readonly Condition[] = ['HANDOFF_SETTLED'];
const DECIDING: readonly Condition[] = ['HANDOFF_SETTLED', 'AT_COMPETENT_AGENCY'];

const SPECS: Readonly<Record<ActionName, Spec>> = {
  // Reception (Forms 01–03) is the one-stop reception officer's.
  REQUEST_COMPLETION: { who: [R], where: 'the holder', when: is('SUBMITTED') },
  RESUBMIT: { who: [R], where: 'the holder', when: is('PENDING_COMPLETION') },
  REFUSE: { who: [R], where: 'the holder', when: beforeReception },
  ACCEPT: { who: [R], where: 'the holder', when: is('SUBMITTED') },
  // Handing over along the route, once the holder has taken the dossier over.
  TRANSFER: { who: [R, H, HEAD], where: 'the holder', when: handOverable, needs: SETTLED },
  // The receiver of a delivered handoff takes it over, or sends it back with a reason.
  ACCEPT_HANDOFF: { who: [R, H, HEAD, SYSTEM], where: 'the holder', when: arrived, needs: ['HANDOFF_AWAITING_ACCEPTANCE'] },
  RETURN_HANDOFF: { who: [R, H, HEAD, SYSTEM], where: 'the holder', when: arrived, needs: ['HANDOFF_AWAITING_ACCEPTANCE'] },
  // Inside the competent agency: head assigns → officer appraises (asking opinions if need be) →
  // submits → leader signs → issue.
  ASSIGN: { who: [HEAD], where: 'the holder', when: either(is('RECEIVED'), inPhase('TRANSFERRED', 'ASSIGNED')), needs: DECIDING },
  START_APPRAISAL: { who: [H], where: 'the holder', when: inPhase('ASSIGNED'), needs: DECIDING },
  REQUEST_OPINIONS: { who: [H, HEAD], where: 'the holder', when: inPhase('APPRAISING'), needs: DECIDING },
  GIVE_OPINION: { who: [H, HEAD, A, SYSTEM], where: 'a consulted agency', when: inPhase('CONSULTING') },
  CLOSE_CONSULTATION: { who: [H, HEAD], where: 'the holder', when: inPhase('CONSULTING'), needs: ['CONSULTATION_SETTLED'] },
  SUBMIT_FOR_SIGNATURE: { who: [H], where: 'the holder', when: inPhase('APPRAISING'), needs: DECIDING },
  SIGN: { who: [A, HEAD], where: 'the holder', when: inPhase('AWAITING_SIGNATURE'), needs: DECIDING },
  ISSUE: { who: [H, HEAD], where: 'the holder', when: inPhase('SIGNED'), needs: DECIDING },
  // "4 tại chỗ": the reception officer approves at the counter right after receiving (if competent).
  APPROVE_AT_COUNTER: { who: [R], where: 'the holder', when: is('RECEIVED'), needs: ['FOUR_ON_THE_SPOT', ...DECIDING] },
  // Waiting for the applicant: asked by whoever holds it, answered at the holder or the one-stop.
  REQUEST_SUPPLEMENT: { who: [R, H], where: 'the holder', when: is('RECEIVED', 'IN_PROCESSING'), needs: SETTLED },
  RECEIVE_SUPPLEMENT: { who: [R, H], where: 'the holder or the one-stop', when: is('SUPPLEMENT_REQUESTED') },
  REQUEST_FINANCIAL_OBLIGATION: { who: [H, HEAD], where: 'the holder', when: is('RECEIVED', 'IN_PROCESSING'), needs: SETTLED },
  CONFIRM_FINANCIAL_OBLIGATION: { who: [R, H], where: 'the holder or the one-stop', when: is('AWAITING_FINANCIAL_OBLIGATION') },
  // Form 04 is signed by the head of the agency, while the dossier is open.
  APOLOGIZE: { who: [HEAD], where: 'the holder', when: open, needs: SETTLED },
  // The applicant withdraws at the one-stop, any time before the result exists.
  WITHDRAW: { who: [R], where: 'the holder or the one-stop', when: either(beforeReception, open) },
  // The competent agency stops a dossier it is processing (or waiting on), with a reason.
  STOP: { who: [A, HEAD], where: 'the holder', when: either(is('IN_PROCESSING'), waitingForApplicant), needs: DECIDING },
  // Only the one-stop that received the dossier hands the result to the applicant.
  RETURN_RESULT: { who: [R], where: 'the holder', when: is('RESOLVED'), needs: ['HANDOFF_SETTLED', 'AT_RECEIVING_AGENCY'] },
};

const blank = (text: string | undefined) => text === undefined || text.trim().length === 0;

/**
 * The agencies of the route (domain.md §e.2): each catalog step at the agency of its level above
 * the applicant's commune (competence follows the applicant, not the place of reception); a
 * one-stop that is not where the route starts (or ends) adds a reception step before (a return
 * step after), since the applicant deals with the one-stop they went to.
 */
export function resolveRouteInModel(procedure: ProcedureFacts, subject: Record<Level, string>, oneStop: string): string[] {
  const route = procedure.routeLevels.map((level) => subject[level]);
  if (route[0] !== oneStop) route.unshift(oneStop);
  if (route.at(-1) !== oneStop) route.push(oneStop);
  return route;
}

/** The agency the holder hands the dossier to next (undefined past the last step). */
export function nextAgency(d: ModelDossier): string | undefined {
  return d.route[d.routeStep + 1];
}

const awaitingAcceptance = (d: ModelDossier) =>
  d.handoff !== undefined && d.handoff.deliveredAt !== undefined && d.handoff.acceptedAt === undefined && d.holder === d.handoff.to;

/** Whether an agency was asked for an opinion it has not given, in a consultation still open. */
export const consulted = (d: ModelDossier, agency: string) =>
  d.consultation !== undefined &&
  d.consultation.closedAt === undefined &&
  d.consultation.requests.some((request) => request.agency === agency && request.answeredAt === undefined);

function holds(condition: Condition, d: ModelDossier, now: Date): boolean {
  switch (condition) {
    case 'FOUR_ON_THE_SPOT':
      return d.procedure.atTheCounter;
    case 'AT_COMPETENT_AGENCY':
      return d.holder === d.competent;
    case 'AT_RECEIVING_AGENCY':
      return d.holder === d.oneStop;
    case 'HANDOFF_AWAITING_ACCEPTANCE':
      return awaitingAcceptance(d);
    case 'HANDOFF_SETTLED':
      return !awaitingAcceptance(d);
    case 'CONSULTATION_SETTLED':
      // Every opinion given, or its budget run out (strictly past its due instant).
      return (d.consultation?.requests ?? []).every(
        (request) => request.answeredAt !== undefined || request.dueAt.getTime() < now.getTime(),
      );
  }
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
  const closed = d.pauses
    .filter((pause) => pause.to !== undefined)
    .map((pause) => ({ from: pause.from, to: pause.to!, reason: pause.reason }));
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
  if (where === 'a consulted agency') return consulted(d, agency);
  if (d.holder !== null && d.holder === agency) return true;
  return where === 'the holder or the one-stop' && d.oneStop === agency;
}

/** Whether the caller passes who / where / when (the state), so that conditions and the action's own rules decide. */
export function authorized(d: ModelDossier, action: ActionName, caller: ModelCaller): boolean {
  const spec = SPECS[action];
  return spec.who.some((role) => caller.roles.includes(role)) && placeOk(d, spec.where, caller.agency) && spec.when(d);
}

/** The first condition of the action the dossier does not meet now, if any. */
export function unmet(d: ModelDossier, action: ActionName, now: Date): Condition | undefined {
  return (SPECS[action].needs ?? []).find((condition) => !holds(condition, d, now));
}

export const MAX_CONSULTED = 10;
export const MAX_BUDGET = 30;

/**
 * The model's answer to one officer action: refused with a code, or accepted with the dossier after
 * it. Precedence: who (role) → where (agency) → when (state) → conditions → the action's own
 * rules → the input.
 */
export function decide(d: ModelDossier, command: ModelCommand, caller: ModelCaller, now: Date): Verdict {
  const spec = SPECS[command.action];
  const refuse = (code: ErrorName, condition?: Condition): Verdict => ({ ok: false, code, ...(condition ? { condition } : {}) });
  if (!spec.who.some((role) => caller.roles.includes(role))) return refuse('FORBIDDEN');
  if (!placeOk(d, spec.where, caller.agency)) return refuse('NOT_HOLDER');
  if (!spec.when(d)) return refuse('ILLEGAL_ACTION');
  const missing = unmet(d, command.action, now);
  if (missing) return refuse('ILLEGAL_ACTION', missing);

  const next: ModelDossier = { ...d, pauses: d.pauses.map((pause) => ({ ...pause })), version: d.version + 1 };
  const goTo = (status: Status, phase?: Phase) => {
    next.status = status;
    if (phase) next.phase = phase;
    else delete next.phase;
  };
  /** The dossier leaves the holder's hands for the queue. */
  const send = (handoff: ModelHandoff) => {
    next.handoff = handoff;
    next.holder = null;
    delete next.assignee;
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
  const id = String(d.version + 1);

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
      const target = nextAgency(d);
      if (target === undefined || target !== command.toAgency) return refuse('ROUTE_VIOLATION');
      send({ id, kind: 'FORWARD', from: d.holder!, to: target, step: d.routeStep + 1 });
      // The result travels as it is; otherwise the receiver starts its own step.
      if (d.status === 'RESOLVED') goTo('RESOLVED');
      else goTo('IN_PROCESSING', 'TRANSFERRED');
      break;
    }
    case 'ACCEPT_HANDOFF':
      next.handoff = { ...d.handoff!, acceptedAt: now };
      break;
    case 'RETURN_HANDOFF': {
      // A handoff sent back is taken back by its sender; it does not bounce again.
      const received = d.handoff!;
      if (received.kind === 'RETURN') return refuse('ILLEGAL_ACTION');
      if (blank(command.reason)) return refuse('BAD_INPUT');
      send({ id, kind: 'RETURN', from: received.to, to: received.from, step: received.step - 1 });
      break;
    }
    case 'ASSIGN':
      if (blank(command.assignee)) return refuse('BAD_INPUT');
      next.assignee = command.assignee!;
      goTo('IN_PROCESSING', 'ASSIGNED');
      break;
    case 'START_APPRAISAL':
      goTo('IN_PROCESSING', 'APPRAISING');
      break;
    case 'REQUEST_OPINIONS': {
      const asked = command.consulted ?? [];
      const agencies = asked.map((entry) => entry.agency);
      if (asked.length === 0 || asked.length > MAX_CONSULTED) return refuse('BAD_INPUT');
      if (new Set(agencies).size !== agencies.length || agencies.includes(d.holder!)) return refuse('BAD_INPUT');
      if (asked.some(({ budget }) => !Number.isInteger(budget.value) || budget.value < 1 || budget.value > MAX_BUDGET))
        return refuse('BAD_INPUT');
      if (blank(command.question)) return refuse('BAD_INPUT');
      next.consultation = {
        id,
        resumePhase: d.phase!,
        requests: asked.map(({ agency, budget }) => ({ agency, budget, dueAt: calendar().dueAt(now, budget) })),
      };
      goTo('IN_PROCESSING', 'CONSULTING');
      break;
    }
    case 'GIVE_OPINION': {
      if (blank(command.opinion)) return refuse('BAD_INPUT');
      const consultation = d.consultation!;
      const requests = consultation.requests.map((request) =>
        request.agency === caller.agency ? { ...request, answeredAt: now } : request,
      );
      const last = requests.every((request) => request.answeredAt !== undefined);
      next.consultation = { ...consultation, requests, ...(last ? { closedAt: now } : {}) };
      // The last opinion ends the wait: the lead agency goes back to its work.
      if (last) goTo('IN_PROCESSING', consultation.resumePhase);
      break;
    }
    case 'CLOSE_CONSULTATION':
      next.consultation = { ...d.consultation!, closedAt: now };
      goTo('IN_PROCESSING', d.consultation!.resumePhase);
      break;
    case 'SUBMIT_FOR_SIGNATURE':
      goTo('IN_PROCESSING', 'AWAITING_SIGNATURE');
      break;
    case 'SIGN':
      next.signed = command.decision ?? 'APPROVED';
      goTo('IN_PROCESSING', 'SIGNED');
      break;
    case 'ISSUE':
      next.result = d.signed ?? 'APPROVED';
      delete next.signed;
      goTo('RESOLVED');
      break;
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
      // Nobody waits for opinions on a dossier that ended: its consultation closes with it.
      if (d.consultation && d.consultation.closedAt === undefined) next.consultation = { ...d.consultation, closedAt: now };
      break;
    case 'STOP':
      if (blank(command.reason)) return refuse('BAD_INPUT');
      goTo('STOPPED');
      if (d.consultation && d.consultation.closedAt === undefined) next.consultation = { ...d.consultation, closedAt: now };
      break;
    case 'RETURN_RESULT':
      goTo('RETURNED');
      break;
  }
  return {
    ok: true,
    next,
    event: { type: EVENT_TYPE[command.action], statusAfter: next.status, ...(next.phase ? { phaseAfter: next.phase } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Who may see a dossier at all (the services' gate, before its version and the lifecycle rules)

const OFFICER_ROLES: readonly RoleName[] = [R, H, A, HEAD, SYSTEM];

/** The agencies on a dossier: where it was handed in, its route, who holds it or has it on the way, who was asked an opinion. */
export function involved(d: ModelDossier): Set<string> {
  return new Set([
    d.oneStop,
    ...d.route,
    ...(d.holder ? [d.holder] : []),
    ...(d.handoff ? [d.handoff.from, d.handoff.to] : []),
    ...(d.consultation?.requests.map((request) => request.agency) ?? []),
  ]);
}

const selfOrBelow = (agency: string, code: string) => code === agency || code.startsWith(`${agency}.`);

/**
 * The services' answer before the dossier's version and the lifecycle rules are looked at: an
 * agency not on the dossier does not see it (an officer or system of an agency on it does; a head
 * also sees those of the agencies under it; the province's administrators and auditors see all),
 * so it is "not found" to them; whoever sees it may only act on it with the action's roles and from
 * an agency on it.
 */
export function serviceGate(d: ModelDossier, action: ActionName, caller: ModelCaller): 'DOSSIER_NOT_FOUND' | 'FORBIDDEN' | undefined {
  const on = involved(d);
  const sees =
    (caller.roles.some((role) => OFFICER_ROLES.includes(role)) && on.has(caller.agency)) ||
    (caller.roles.includes(HEAD) && [...on].some((code) => selfOrBelow(caller.agency, code))) ||
    caller.roles.includes('PROVINCE_ADMIN') ||
    caller.roles.includes('AUDITOR');
  if (!sees) return 'DOSSIER_NOT_FOUND';
  if (!(SPECS[action].who.some((role) => caller.roles.includes(role)) && on.has(caller.agency))) return 'FORBIDDEN';
  return undefined;
}

export type DeliveryVerdict = { outcome: 'DELIVERED' | 'DISCARDED'; next: ModelDossier } | { outcome: 'ALREADY_DELIVERED' };

/**
 * The platform delivering the pending handoff into its receiver's inbox: recorded once (a
 * redelivery changes nothing); when the dossier ended while the handoff travelled, nobody is to
 * receive it: discarded, nothing recorded on the dossier.
 */
export function deliverInModel(d: ModelDossier, now: Date): DeliveryVerdict {
  const handoff = d.handoff;
  if (!handoff || handoff.deliveredAt || handoff.discarded) return { outcome: 'ALREADY_DELIVERED' };
  if (TERMINAL.has(d.status)) return { outcome: 'DISCARDED', next: { ...d, handoff: { ...handoff, discarded: true } } };
  return {
    outcome: 'DELIVERED',
    next: { ...d, holder: handoff.to, routeStep: handoff.step, handoff: { ...handoff, deliveredAt: now }, version: d.version + 1 },
  };
}

export function newModelDossier(input: {
  procedure: ProcedureFacts;
  oneStop: string;
  oneStopIdentifier: string;
  subject: Record<Level, string>;
}): ModelDossier {
  return {
    ...input,
    route: resolveRouteInModel(input.procedure, input.subject, input.oneStop),
    competent: input.subject[input.procedure.competentLevel],
    status: 'SUBMITTED',
    holder: input.oneStop,
    routeStep: 0,
    pauses: [],
    supplementRequests: 0,
    version: 1,
  };
}

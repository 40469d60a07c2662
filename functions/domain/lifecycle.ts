import { type Action, authorize, authorizeSubmit, type Rule } from './actions';
import { type Duration, type Procedure, receptionLevel } from './catalog';
import { calendarFor, statutoryDueAt } from './clock';
import {
  type AgencyRef,
  type Applicant,
  type Consultation,
  DOSSIER_STATUSES,
  type Channel,
  type Decision,
  type Dossier,
  type DossierEvent,
  type DossierEventType,
  type Handoff,
  type HandedInDocument,
  type MissingItem,
  type ProcedureTerms,
} from './dossier';
import { DomainError } from './errors';
import { applyReassignment } from './migration/reassignment-fold';
import { resolveRoute } from './routing';
import { vietnamYymmdd } from './vietnam-time';

/**
 * The dossier's actions as pure functions. `act` checks the action against the rules table,
 * decides the one event it produces, and applies it with `evolve`, the same function that
 * rebuilds a dossier from its history: the head is always the fold of its events.
 */

export interface Caller {
  officerId: string;
  name: string;
  agencyCode: string;
  roles: readonly string[];
}

export interface Transition {
  dossier: Dossier;
  event: DossierEvent;
}

export type DeliveryMode = 'COUNTER' | 'POST' | 'ELECTRONIC';

export type Command =
  | { action: 'REQUEST_COMPLETION'; items: { code: string; note?: string }[]; reason: string }
  | { action: 'RESUBMIT'; documents: { code: string; copies: number }[] }
  | { action: 'REFUSE'; reason: string }
  | { action: 'ACCEPT'; sequence: number }
  | { action: 'TRANSFER'; toAgency: AgencyRef; handoffId: string; note?: string }
  | { action: 'ACCEPT_HANDOFF' }
  | { action: 'RETURN_HANDOFF'; reason: string; handoffId: string }
  | { action: 'REQUEST_OPINIONS'; consultationId: string; question: string; agencies: { agency: AgencyRef; budget: Duration }[] }
  | { action: 'GIVE_OPINION'; opinion: string; agrees: boolean }
  | { action: 'CLOSE_CONSULTATION' }
  | { action: 'ASSIGN'; assignee: string }
  | { action: 'START_APPRAISAL' }
  | { action: 'SUBMIT_FOR_SIGNATURE' }
  | { action: 'SIGN'; decision: Decision }
  | { action: 'ISSUE'; resultNumber?: string }
  | { action: 'APPROVE_AT_COUNTER'; decision: Decision; resultNumber?: string }
  | { action: 'REQUEST_SUPPLEMENT'; items: { code: string; note?: string }[]; reason: string }
  | { action: 'RECEIVE_SUPPLEMENT'; documents: { code: string; copies: number }[] }
  | { action: 'REQUEST_FINANCIAL_OBLIGATION'; amount: number; reason: string }
  | { action: 'CONFIRM_FINANCIAL_OBLIGATION' }
  | { action: 'APOLOGIZE'; reason: string; revisedDueAt: Date }
  | { action: 'WITHDRAW'; reason?: string }
  | { action: 'STOP'; reason: string }
  | { action: 'RETURN_RESULT'; deliveryMode: DeliveryMode };

const EVENT_OF: Record<Exclude<Action, 'SUBMIT'>, DossierEventType> = {
  REQUEST_COMPLETION: 'COMPLETION_REQUESTED',
  RESUBMIT: 'RESUBMITTED',
  REFUSE: 'REFUSED',
  ACCEPT: 'ACCEPTED',
  TRANSFER: 'TRANSFERRED',
  ACCEPT_HANDOFF: 'HANDOFF_ACCEPTED',
  RETURN_HANDOFF: 'HANDOFF_RETURNED',
  REQUEST_OPINIONS: 'OPINIONS_REQUESTED',
  GIVE_OPINION: 'OPINION_GIVEN',
  CLOSE_CONSULTATION: 'CONSULTATION_CLOSED',
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

const roleFor = (caller: Caller, rule: Rule) => caller.roles.find((role) => (rule.roles as readonly string[]).includes(role)) ?? 'UNKNOWN';

// ---------------------------------------------------------------------------------------------
// Submission

export interface SubmitInput {
  id: string;
  now: Date;
  caller: Caller;
  receivingAgency: AgencyRef & { officeHours?: { start: string; end: string }[] };
  /** The applicant's commune and its ancestors, nearest first. */
  subjectChain: AgencyRef[];
  procedure: Procedure;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  channel: Channel;
}

export function termsOf(procedure: Procedure): ProcedureTerms {
  return {
    code: procedure.code,
    version: procedure.version,
    name: procedure.name,
    level: procedure.level,
    duration: procedure.duration,
    documents: procedure.documents.map(({ code, name, copyType, copies, required }) => ({ code, name, copyType, copies, required })),
    route: procedure.route,
    fourOnTheSpot: procedure.fourOnTheSpot,
    financialObligationPausesClock: procedure.financialObligationPausesClock,
    ...(procedure.sameDayCutoff ? { sameDayCutoff: procedure.sameDayCutoff } : {}),
  };
}

export function submit(input: SubmitInput): Transition {
  const { caller, procedure, receivingAgency, now } = input;
  authorizeSubmit(caller.roles);
  if (receivingAgency.level !== receptionLevel(procedure)) {
    throw new DomainError(
      'FORBIDDEN',
      `Procedure ${procedure.code} is received at ${receptionLevel(procedure)} level, not at ${receivingAgency.level}`,
      { procedureCode: procedure.code, receptionLevel: receptionLevel(procedure) },
    );
  }
  const terms = termsOf(procedure);
  const documents = handedIn(terms, input.documents);
  assertComplete(terms, documents);
  const route = resolveRoute(terms.route, receivingAgency, input.subjectChain);
  const competentAgency = input.subjectChain.find((agency) => agency.level === terms.level);
  if (!route || !competentAgency) {
    throw new DomainError('ROUTE_VIOLATION', `No agency at every level of the route of ${procedure.code} for this applicant`, {
      procedureCode: procedure.code,
    });
  }
  const at = now.toISOString();
  const initial: Omit<Dossier, 'version' | 'updatedAt'> = {
    id: input.id,
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    procedureName: procedure.name,
    terms,
    status: 'SUBMITTED',
    channel: input.channel,
    applicant: input.applicant,
    documents,
    receivingAgency: receivingAgency.code,
    receivingAgencyIdentifier: receivingAgency.identifier,
    ...(receivingAgency.officeHours?.length ? { officeHours: receivingAgency.officeHours } : {}),
    subjectChain: input.subjectChain,
    route,
    competentAgency: competentAgency.code,
    holderAgency: receivingAgency.code,
    routeStep: 0,
    submittedAt: at,
    clock: { pauses: [], supplementRequests: 0 },
  };
  const event: DossierEvent = {
    dossierId: input.id,
    version: 1,
    type: 'SUBMITTED',
    at,
    actor: { officerId: caller.officerId, agencyCode: caller.agencyCode, role: 'RECEPTION_OFFICER' },
    statusAfter: 'SUBMITTED',
    initial,
  };
  return { dossier: evolve(null, event), event };
}

/** Documents handed in must be on the procedure's list: staff may not ask for more (Decree 61/2018). */
function handedIn(terms: ProcedureTerms, given: { code: string; copies: number }[]): HandedInDocument[] {
  const byCode = new Map(terms.documents.map((doc) => [doc.code, doc]));
  const unknown = given.filter((doc) => !byCode.has(doc.code)).map((doc) => doc.code);
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_DOCUMENTS', `Not in the list of procedure ${terms.code}: ${unknown.join(', ')}`, {
      documentCodes: unknown,
    });
  }
  const badCopies = given.filter((doc) => !Number.isInteger(doc.copies) || doc.copies < 1 || doc.copies > 100);
  if (badCopies.length > 0) {
    throw new DomainError('BAD_INPUT', 'Copies must be a whole number from 1 to 100', { field: 'documents', documentCodes: badCopies.map((doc) => doc.code) });
  }
  return given.map((doc) => ({ code: doc.code, name: byCode.get(doc.code)!.name, copies: doc.copies }));
}

function assertComplete(terms: ProcedureTerms, documents: HandedInDocument[]): void {
  const given = new Set(documents.map((doc) => doc.code));
  const missing = terms.documents.filter((doc) => doc.required && !given.has(doc.code));
  if (missing.length > 0) {
    throw new DomainError('MISSING_DOCUMENTS', `Missing: ${missing.map((doc) => doc.name).join('; ')}`, {
      documentCodes: missing.map((doc) => doc.code),
    });
  }
}

/** Form 02 may only list the procedure's own documents, each at most once. */
function missingItems(terms: ProcedureTerms, items: { code: string; note?: string }[]): MissingItem[] {
  if (items.length === 0) throw new DomainError('BAD_INPUT', 'List at least one item to complete', { field: 'items' });
  const byCode = new Map(terms.documents.map((doc) => [doc.code, doc]));
  const unknown = items.filter((item) => !byCode.has(item.code)).map((item) => item.code);
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_DOCUMENTS', `Staff may not ask for documents outside procedure ${terms.code}: ${unknown.join(', ')}`, {
      documentCodes: unknown,
    });
  }
  if (new Set(items.map((item) => item.code)).size !== items.length) {
    throw new DomainError('BAD_INPUT', 'Each item may be listed once', { field: 'items' });
  }
  return items.map((item) => {
    const doc = byCode.get(item.code)!;
    return { code: doc.code, name: doc.name, copyType: doc.copyType, copies: doc.copies, ...(item.note ? { note: item.note } : {}) };
  });
}

function mergeDocuments(current: HandedInDocument[], added: HandedInDocument[]): HandedInDocument[] {
  const merged = new Map(current.map((doc) => [doc.code, doc]));
  for (const doc of added) merged.set(doc.code, doc);
  return [...merged.values()];
}

function requireReason(reason: string | undefined): string {
  if (!reason || reason.trim().length === 0) throw new DomainError('BAD_INPUT', 'A reason is required', { field: 'reason' });
  return reason;
}

// ---------------------------------------------------------------------------------------------
// Codes and routing

export const MAX_DAILY_SEQUENCE = 9999;

/** `<agency identifier>-YYMMDD-NNNN`, TT 01/2018/TT-VPCP art. 19. */
export function dossierCode(agencyIdentifier: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new DomainError('SEQUENCE_EXHAUSTED', undefined, { agencyIdentifier, sequence });
  }
  return `${agencyIdentifier}-${vietnamYymmdd(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Actions

export interface ActContext {
  caller: Caller;
  now: Date;
}

/** Applies one officer action: authorize by the rules table, decide the event, evolve. */
export function act(dossier: Dossier, command: Command, context: ActContext): Transition {
  const rule = authorize(command.action, { dossier, callerAgency: context.caller.agencyCode, roles: context.caller.roles, now: context.now });
  const at = context.now.toISOString();
  const base: DossierEvent = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    type: EVENT_OF[command.action],
    at,
    actor: { officerId: context.caller.officerId, agencyCode: context.caller.agencyCode, role: roleFor(context.caller, rule) },
    ...nextState(dossier, rule),
  };
  const event = decide(dossier, command, base, context);
  return { dossier: evolve(dossier, event), event };
}

function nextState(dossier: Dossier, rule: Rule): Pick<DossierEvent, 'statusAfter' | 'phaseAfter'> {
  if (rule.to === 'SAME') return { statusAfter: dossier.status, ...(dossier.phase ? { phaseAfter: dossier.phase } : {}) };
  if (rule.to === 'RESUME') {
    const resume = dossier.resumeTo ?? { status: 'IN_PROCESSING' as const };
    return { statusAfter: resume.status, ...(resume.phase ? { phaseAfter: resume.phase } : {}) };
  }
  return { statusAfter: rule.to.status, ...(rule.to.phase ? { phaseAfter: rule.to.phase } : {}) };
}

function decide(dossier: Dossier, command: Command, event: DossierEvent, { now }: ActContext): DossierEvent {
  switch (command.action) {
    case 'REQUEST_COMPLETION':
    case 'REQUEST_SUPPLEMENT':
      return { ...event, items: missingItems(dossier.terms, command.items), reason: requireReason(command.reason) };
    case 'RESUBMIT':
    case 'RECEIVE_SUPPLEMENT': {
      const documents = handedIn(dossier.terms, command.documents);
      if (command.action === 'RESUBMIT') return { ...event, documents };
      return { ...event, documents, dueAt: dueAfterResuming(dossier, now) };
    }
    case 'REFUSE':
    case 'STOP':
      return { ...event, reason: requireReason(command.reason) };
    case 'ACCEPT': {
      const code = dossierCode(dossier.receivingAgencyIdentifier, now, command.sequence);
      return { ...event, code, dueAt: statutoryDueAt(dossier.terms, now, [], calendarFor(dossier.officeHours)).toISOString() };
    }
    case 'TRANSFER':
      return decideTransfer(dossier, command, event);
    case 'ACCEPT_HANDOFF':
      return event;
    case 'RETURN_HANDOFF':
      return decideReturnHandoff(dossier, command, event);
    case 'REQUEST_OPINIONS':
      return decideOpinionRequest(dossier, command, event, now);
    case 'GIVE_OPINION':
      return decideOpinion(dossier, command, event);
    case 'CLOSE_CONSULTATION':
      return { ...event, phaseAfter: dossier.consultation!.resumePhase };
    case 'ASSIGN':
      if (!command.assignee.trim()) throw new DomainError('BAD_INPUT', 'Name the officer to assign', { field: 'assignee' });
      return { ...event, assignee: command.assignee };
    case 'START_APPRAISAL':
    case 'SUBMIT_FOR_SIGNATURE':
    case 'CONFIRM_FINANCIAL_OBLIGATION':
      return command.action === 'CONFIRM_FINANCIAL_OBLIGATION' ? { ...event, dueAt: dueAfterResuming(dossier, now) } : event;
    case 'SIGN':
      return { ...event, decision: command.decision };
    case 'ISSUE':
      return { ...event, decision: signedDecision(dossier), ...(command.resultNumber ? { resultNumber: command.resultNumber } : {}) };
    case 'APPROVE_AT_COUNTER':
      return { ...event, decision: command.decision, ...(command.resultNumber ? { resultNumber: command.resultNumber } : {}) };
    case 'REQUEST_FINANCIAL_OBLIGATION':
      if (!Number.isInteger(command.amount) || command.amount < 0) {
        throw new DomainError('BAD_INPUT', 'The amount is a whole number of đồng', { field: 'amount' });
      }
      return { ...event, amount: command.amount, reason: requireReason(command.reason), pausesClock: dossier.terms.financialObligationPausesClock };
    case 'APOLOGIZE':
      return decideApology(dossier, command, event, now);
    case 'WITHDRAW':
      return { ...event, ...(command.reason ? { reason: command.reason } : {}) };
    case 'RETURN_RESULT':
      return { ...event, deliveryMode: command.deliveryMode };
  }
}

/** The decision the leader signed is the one issued. */
function signedDecision(dossier: Dossier): Decision {
  return dossier.pendingDecision ?? 'APPROVED';
}

function dueAfterResuming(dossier: Dossier, now: Date): string | undefined {
  if (!dossier.receivedAt) return dossier.dueAt;
  const pauses = dossier.clock.pauses.map((pause) => (pause.to ? pause : { ...pause, to: now.toISOString() }));
  return statutoryDueAt(dossier.terms, new Date(dossier.receivedAt), pauses, calendarFor(dossier.officeHours)).toISOString();
}

function decideTransfer(dossier: Dossier, command: Extract<Command, { action: 'TRANSFER' }>, event: DossierEvent): DossierEvent {
  const nextStep = dossier.routeStep + 1;
  const expected = dossier.route[nextStep]?.agencyCode;
  if (expected !== command.toAgency.code) {
    throw new DomainError(
      'ROUTE_VIOLATION',
      expected
        ? `The next step of ${dossier.procedureCode} is at ${expected}, not ${command.toAgency.code}`
        : `The route of ${dossier.procedureCode} has no step after ${dossier.routeStep}`,
      { expectedAgency: expected ?? null, routeStep: dossier.routeStep },
    );
  }
  const handoff: Handoff = {
    id: command.handoffId,
    kind: 'FORWARD',
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    fromAgency: dossier.holderAgency!,
    toAgency: command.toAgency.code,
    sentAt: event.at,
    routeStep: nextStep,
  };
  // A resolved dossier travels back with its result; otherwise the receiver starts a new step.
  const after =
    dossier.status === 'RESOLVED'
      ? { statusAfter: 'RESOLVED' as const }
      : { statusAfter: 'IN_PROCESSING' as const, phaseAfter: 'TRANSFERRED' as const };
  const { phaseAfter: _ignored, ...rest } = event;
  return { ...rest, ...after, handoff, ...(command.note ? { note: command.note } : {}) };
}

/** The receiver sends the dossier back to its sender with a reason: a RETURN handoff, through the queue. */
function decideReturnHandoff(dossier: Dossier, command: Extract<Command, { action: 'RETURN_HANDOFF' }>, event: DossierEvent): DossierEvent {
  const received = dossier.handoff!;
  if (received.kind === 'RETURN') {
    throw new DomainError('ILLEGAL_ACTION', 'A returned handoff is accepted by its sender, not returned again', { action: 'RETURN_HANDOFF' });
  }
  const handoff: Handoff = {
    id: command.handoffId,
    kind: 'RETURN',
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    fromAgency: received.toAgency,
    toAgency: received.fromAgency,
    sentAt: event.at,
    routeStep: received.routeStep - 1,
    reason: requireReason(command.reason),
  };
  return { ...event, handoff, reason: handoff.reason };
}

const MAX_CONSULTED_AGENCIES = 10;

function decideOpinionRequest(
  dossier: Dossier,
  command: Extract<Command, { action: 'REQUEST_OPINIONS' }>,
  event: DossierEvent,
  now: Date,
): DossierEvent {
  const { agencies } = command;
  if (agencies.length === 0 || agencies.length > MAX_CONSULTED_AGENCIES) {
    throw new DomainError('BAD_INPUT', `Ask 1 to ${MAX_CONSULTED_AGENCIES} agencies`, { field: 'agencies' });
  }
  const codes = agencies.map(({ agency }) => agency.code);
  if (new Set(codes).size !== codes.length || codes.includes(dossier.holderAgency!)) {
    throw new DomainError('BAD_INPUT', 'Each agency once, and not the lead agency itself', { field: 'agencies' });
  }
  if (agencies.some(({ budget }) => !Number.isInteger(budget.value) || budget.value < 1 || budget.value > 30)) {
    throw new DomainError('BAD_INPUT', 'Each budget is 1 to 30 working days or hours', { field: 'agencies.budget' });
  }
  const calendar = calendarFor(dossier.officeHours);
  const consultation: Consultation = {
    id: command.consultationId,
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    requestedAt: event.at,
    requestedBy: event.actor.officerId,
    question: requireReason(command.question),
    resumePhase: dossier.phase ?? 'APPRAISING',
    requests: agencies.map(({ agency, budget }) => ({
      agencyCode: agency.code,
      budget,
      dueAt: calendar.dueAt(now, budget).toISOString(),
    })),
  };
  return { ...event, consultation };
}

function decideOpinion(dossier: Dossier, command: Extract<Command, { action: 'GIVE_OPINION' }>, event: DossierEvent): DossierEvent {
  const opinion = { agencyCode: event.actor.agencyCode, opinion: requireReason(command.opinion), agrees: command.agrees };
  const outstanding = dossier.consultation!.requests.filter((request) => request.answeredAt === undefined && request.agencyCode !== opinion.agencyCode);
  // The last opinion ends the wait: the lead agency goes back to where it was.
  const after = outstanding.length === 0 ? { phaseAfter: dossier.consultation!.resumePhase } : {};
  return { ...event, ...after, opinion };
}

function decideApology(dossier: Dossier, command: Extract<Command, { action: 'APOLOGIZE' }>, event: DossierEvent, now: Date): DossierEvent {
  const calendar = calendarFor(dossier.officeHours);
  if (dossier.apology) {
    throw new DomainError('APOLOGY_NOT_ALLOWED', 'The new appointment may be given no more than once', { apologizedAt: dossier.apology.at });
  }
  if (!dossier.dueAt) throw new DomainError('APOLOGY_NOT_ALLOWED', 'The dossier has no due date yet');
  const dueAt = new Date(dossier.dueAt);
  if (!calendar.isApologyAllowed(now, dueAt)) {
    throw new DomainError('APOLOGY_NOT_ALLOWED', 'The apology must come at least one working day before the due date', {
      latestApologyAt: calendar.latestApologyAt(dueAt).toISOString(),
    });
  }
  if (!(command.revisedDueAt.getTime() > dueAt.getTime())) {
    throw new DomainError('BAD_INPUT', 'The new appointment must be later than the current one', { field: 'revisedDueAt' });
  }
  return { ...event, reason: requireReason(command.reason), revisedDueAt: command.revisedDueAt.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Delivery (the platform's own action, from the receiver's queue)

export interface DeliverInput {
  dossier: Dossier;
  handoffId: string;
  now: Date;
}

/**
 * Records a handoff's arrival in the receiver's inbox. Returns null when this handoff was already
 * delivered (a redelivered message): the effect happens exactly once.
 */
export function deliver(input: DeliverInput): Transition | null {
  const { dossier, handoffId, now } = input;
  const handoff = dossier.handoff;
  if (handoff?.id !== handoffId) {
    throw new DomainError('CONFLICT', `Dossier ${dossier.id} has no pending handoff ${handoffId}`, {
      dossierId: dossier.id,
      handoffId,
      pendingHandoffId: handoff?.id ?? null,
    });
  }
  // Delivered already (a redelivered message), or the dossier ended in transit (withdrawn): no effect.
  if (handoff.deliveredAt || DOSSIER_STATUSES[dossier.status].terminal) return null;
  const at = now.toISOString();
  const event: DossierEvent = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    type: 'DELIVERED',
    at,
    actor: { officerId: 'system', agencyCode: handoff.toAgency, role: 'SYSTEM' },
    statusAfter: dossier.status,
    ...(dossier.phase ? { phaseAfter: dossier.phase } : {}),
    handoff: { ...handoff, deliveredAt: at },
  };
  return { dossier: evolve(dossier, event), event };
}

// ---------------------------------------------------------------------------------------------
// The fold

/** Applies one event to the dossier it follows (null before SUBMITTED). Pure and total. */
export function evolve(previous: Dossier | null, event: DossierEvent): Dossier {
  if (event.type === 'SUBMITTED') {
    if (!event.initial) throw new Error('SUBMITTED event without the initial dossier');
    return { ...event.initial, version: event.version, updatedAt: event.at };
  }
  if (!previous) throw new Error(`${event.type} event before SUBMITTED`);
  const { phase: _phase, ...withoutPhase } = previous;
  let next: Dossier = {
    ...withoutPhase,
    status: event.statusAfter,
    ...(event.phaseAfter ? { phase: event.phaseAfter } : {}),
    version: event.version,
    updatedAt: event.at,
  };
  const by = event.actor.officerId;
  switch (event.type) {
    case 'COMPLETION_REQUESTED':
      next.completionRequest = { at: event.at, items: event.items ?? [], reason: event.reason ?? '', officerId: by, afterReception: false };
      break;
    case 'RESUBMITTED':
      next.documents = mergeDocuments(previous.documents, event.documents ?? []);
      break;
    case 'REFUSED':
      next.refusal = { at: event.at, reason: event.reason ?? '', officerId: by };
      break;
    case 'ACCEPTED':
      next = { ...next, code: event.code!, receivedAt: event.at, dueAt: event.dueAt! };
      break;
    case 'TRANSFERRED': {
      const { holderAgency: _holder, assignee: _assignee, ...inTransit } = next;
      next = { ...inTransit, handoff: event.handoff!, transferredAt: previous.transferredAt ?? event.at };
      break;
    }
    case 'DELIVERED':
      next = { ...next, holderAgency: event.handoff!.toAgency, routeStep: event.handoff!.routeStep, handoff: event.handoff! };
      break;
    case 'HANDOFF_ACCEPTED':
      next.handoff = { ...previous.handoff!, acceptedAt: event.at };
      break;
    case 'HANDOFF_RETURNED': {
      const { holderAgency: _holder, assignee: _assignee, ...inTransit } = next;
      next = { ...inTransit, handoff: event.handoff! };
      break;
    }
    case 'OPINIONS_REQUESTED':
      next.consultation = event.consultation!;
      break;
    case 'OPINION_GIVEN': {
      const given = event.opinion!;
      const requests = previous.consultation!.requests.map((request) =>
        request.agencyCode === given.agencyCode
          ? { ...request, answeredAt: event.at, opinion: given.opinion, agrees: given.agrees, answeredBy: event.actor.officerId }
          : request,
      );
      const allAnswered = requests.every((request) => request.answeredAt !== undefined);
      next.consultation = { ...previous.consultation!, requests, ...(allAnswered ? { closedAt: event.at } : {}) };
      break;
    }
    case 'CONSULTATION_CLOSED':
      next.consultation = { ...previous.consultation!, closedAt: event.at };
      break;
    case 'ASSIGNED':
      next.assignee = event.assignee!;
      break;
    case 'SIGNED':
      next.pendingDecision = event.decision!;
      break;
    case 'REASSIGNED':
      next = applyReassignment(next, event);
      break;
    default:
      break;
  }
  return applyClockAndOutcome(previous, next, event);
}

/** The events that change the clock, the apology, and the end of processing. */
function applyClockAndOutcome(previous: Dossier, next: Dossier, event: DossierEvent): Dossier {
  const by = event.actor.officerId;
  switch (event.type) {
    case 'SUPPLEMENT_REQUESTED':
      return {
        ...next,
        resumeTo: resumePoint(previous),
        clock: { pauses: [...previous.clock.pauses, { reason: 'SUPPLEMENT', from: event.at }], supplementRequests: previous.clock.supplementRequests + 1 },
        completionRequest: { at: event.at, items: event.items ?? [], reason: event.reason ?? '', officerId: by, afterReception: true },
      };
    case 'FINANCIAL_OBLIGATION_REQUESTED':
      return {
        ...next,
        resumeTo: resumePoint(previous),
        clock: event.pausesClock
          ? { ...previous.clock, pauses: [...previous.clock.pauses, { reason: 'FINANCIAL_OBLIGATION', from: event.at }] }
          : previous.clock,
      };
    case 'SUPPLEMENT_RECEIVED':
    case 'FINANCIAL_OBLIGATION_MET': {
      const { resumeTo: _resume, ...rest } = next;
      return {
        ...rest,
        documents: mergeDocuments(previous.documents, event.documents ?? []),
        clock: { ...previous.clock, pauses: previous.clock.pauses.map((pause) => (pause.to ? pause : { ...pause, to: event.at })) },
        ...(event.dueAt ? { dueAt: event.dueAt } : {}),
      };
    }
    case 'APOLOGIZED':
      return { ...next, apology: { at: event.at, reason: event.reason ?? '', revisedDueAt: event.revisedDueAt!, officerId: by } };
    case 'ISSUED':
    case 'APPROVED_AT_COUNTER': {
      const { pendingDecision: _decision, ...rest } = next;
      return {
        ...rest,
        result: { decision: event.decision!, resolvedAt: event.at, ...(event.resultNumber ? { resultNumber: event.resultNumber } : {}) },
      };
    }
    case 'WITHDRAWN':
      return { ...closeConsultation(next, event.at), withdrawal: { at: event.at, ...(event.reason ? { reason: event.reason } : {}) } };
    case 'STOPPED':
      return { ...closeConsultation(next, event.at), stop: { at: event.at, reason: event.reason ?? '', officerId: by } };
    case 'RESULT_RETURNED':
      return { ...next, returnedAt: event.at };
    default:
      return next;
  }
}

/** A dossier that ends closes its open consultation: nobody is waiting for those opinions any more. */
function closeConsultation(dossier: Dossier, at: string): Dossier {
  const consultation = dossier.consultation;
  return consultation && !consultation.closedAt ? { ...dossier, consultation: { ...consultation, closedAt: at } } : dossier;
}

function resumePoint(dossier: Dossier): { status: Dossier['status']; phase?: Dossier['phase'] } {
  return { status: dossier.status, ...(dossier.phase ? { phase: dossier.phase } : {}) };
}

/** Rebuilds a dossier from its whole history. */
export function fold(events: readonly DossierEvent[]): Dossier | null {
  return events.reduce<Dossier | null>((dossier, event) => evolve(dossier, event), null);
}


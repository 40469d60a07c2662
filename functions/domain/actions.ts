import type { Dossier, DossierStatus, Phase } from './dossier';
import { ForbiddenError, IllegalActionError, NotHolderError } from './errors';

/**
 * Which action is allowed from which state, by which role and where: one table, one check
 * (`authorize`). Adding an action or a state is a change of data here, not a new code path: the
 * roles of each action are also the authorization table's (authorization.ts derives its
 * `DOSSIER_<action>` rows from these rules).
 */
export type Role =
  | 'RECEPTION_OFFICER'
  | 'HANDLING_OFFICER'
  | 'APPROVER'
  | 'AGENCY_HEAD'
  | 'PROVINCE_ADMIN'
  | 'AUDITOR'
  /** An agency's own system subscribed to its queue (external subscriber). */
  | 'AGENCY_SYSTEM';

export const ROLES: readonly Role[] = [
  'RECEPTION_OFFICER',
  'HANDLING_OFFICER',
  'APPROVER',
  'AGENCY_HEAD',
  'PROVINCE_ADMIN',
  'AUDITOR',
  'AGENCY_SYSTEM',
];

export type Action =
  | 'SUBMIT'
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
  | 'ACCEPT_HANDOFF'
  | 'RETURN_HANDOFF'
  | 'REQUEST_OPINIONS'
  | 'GIVE_OPINION'
  | 'CLOSE_CONSULTATION'
  | 'REQUEST_SUPPLEMENT'
  | 'RECEIVE_SUPPLEMENT'
  | 'REQUEST_FINANCIAL_OBLIGATION'
  | 'CONFIRM_FINANCIAL_OBLIGATION'
  | 'APOLOGIZE'
  | 'WITHDRAW'
  | 'STOP'
  | 'RETURN_RESULT'
  | 'ASSESS_FEES'
  | 'RECORD_FEE_PAYMENT'
  /** Issue 11: a component's document (scan, upload, reuse, exemption). */
  | 'ATTACH_DOCUMENT'
  /** Issue 11: the electronic result, by the deciding agency. */
  | 'ATTACH_RESULT_DOCUMENT';

/** `IN_PROCESSING/APPRAISING` names a phase; `IN_PROCESSING/*` any phase. */
export type StateKey = DossierStatus | `IN_PROCESSING/${Phase}` | 'IN_PROCESSING/*';

/** The next state: a fixed one, the same one, or the one a paused dossier left. */
export type Target = { status: DossierStatus; phase?: Phase } | 'SAME' | 'RESUME';

/**
 * Where the caller's agency must be: the holder of the dossier; or also the one-stop that
 * received it (the applicant deals with the one-stop: supplements, withdrawal); or an agency
 * whose opinion was asked and not yet given.
 */
export type Place = 'HOLDER' | 'HOLDER_OR_RECEIVING' | 'CONSULTED';

/** Further conditions on the dossier, each checked by one predicate below. */
export type Condition =
  /** The procedure is handled "4 tại chỗ". */
  | 'FOUR_ON_THE_SPOT'
  /** The holder has competence to decide: internal steps happen there, nowhere else. */
  | 'AT_COMPETENT_AGENCY'
  /** The holder is the one-stop that received the dossier: only it returns the result. */
  | 'AT_RECEIVING_AGENCY'
  /** A handoff was delivered to the holder and is neither accepted nor returned. */
  | 'HANDOFF_AWAITING_ACCEPTANCE'
  /** No such handoff: the holder has taken the dossier over. */
  | 'HANDOFF_SETTLED'
  /** Every opinion asked for is given, or its budget has run out. */
  | 'CONSULTATION_SETTLED'
  /** An assessed fee line is not paid yet. */
  | 'FEE_UNPAID';

export interface Rule {
  action: Action;
  from: readonly StateKey[];
  to: Target;
  roles: readonly Role[];
  place: Place;
  when?: readonly Condition[];
}

const R: Role = 'RECEPTION_OFFICER';
const H: Role = 'HANDLING_OFFICER';
const A: Role = 'APPROVER';
const HEAD: Role = 'AGENCY_HEAD';
const SYSTEM: Role = 'AGENCY_SYSTEM';
const OPEN: StateKey[] = ['RECEIVED', 'IN_PROCESSING/*', 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION'];
const IN_PROCESSING: StateKey = 'IN_PROCESSING/*';
/** Phases a dossier can be handed on from: not while opinions are being gathered. */
const HANDOVER_FROM: StateKey[] = [
  'RECEIVED',
  'IN_PROCESSING/TRANSFERRED',
  'IN_PROCESSING/ASSIGNED',
  'IN_PROCESSING/APPRAISING',
  'RESOLVED',
];
const SETTLED: Condition[] = ['HANDOFF_SETTLED'];
/** Every state a dossier may still owe or pay fees in: from handing in until the result is returned. */
const FEES_OPEN: StateKey[] = ['SUBMITTED', 'PENDING_COMPLETION', ...OPEN, 'RESOLVED'];
const DECIDING: Condition[] = ['HANDOFF_SETTLED', 'AT_COMPETENT_AGENCY'];

export const RULES: readonly Rule[] = [
  { action: 'SUBMIT', from: [], to: { status: 'SUBMITTED' }, roles: [R], place: 'HOLDER' },
  { action: 'REQUEST_COMPLETION', from: ['SUBMITTED'], to: { status: 'PENDING_COMPLETION' }, roles: [R], place: 'HOLDER' },
  { action: 'RESUBMIT', from: ['PENDING_COMPLETION'], to: { status: 'SUBMITTED' }, roles: [R], place: 'HOLDER' },
  { action: 'REFUSE', from: ['SUBMITTED', 'PENDING_COMPLETION'], to: { status: 'NOT_RECEIVED' }, roles: [R], place: 'HOLDER' },
  { action: 'ACCEPT', from: ['SUBMITTED'], to: { status: 'RECEIVED' }, roles: [R], place: 'HOLDER' },
  // The holder hands over along the route; the status follows the receiver's step (see lifecycle).
  { action: 'TRANSFER', from: HANDOVER_FROM, to: 'SAME', roles: [R, H, HEAD], place: 'HOLDER', when: SETTLED },
  {
    action: 'ACCEPT_HANDOFF',
    from: ['IN_PROCESSING/TRANSFERRED', 'RESOLVED'],
    to: 'SAME',
    roles: [R, H, HEAD, SYSTEM],
    place: 'HOLDER',
    when: ['HANDOFF_AWAITING_ACCEPTANCE'],
  },
  {
    action: 'RETURN_HANDOFF',
    from: ['IN_PROCESSING/TRANSFERRED', 'RESOLVED'],
    to: 'SAME',
    roles: [R, H, HEAD, SYSTEM],
    place: 'HOLDER',
    when: ['HANDOFF_AWAITING_ACCEPTANCE'],
  },
  {
    action: 'ASSIGN',
    from: ['RECEIVED', 'IN_PROCESSING/TRANSFERRED', 'IN_PROCESSING/ASSIGNED'],
    to: { status: 'IN_PROCESSING', phase: 'ASSIGNED' },
    roles: [HEAD],
    place: 'HOLDER',
    when: DECIDING,
  },
  {
    action: 'START_APPRAISAL',
    from: ['IN_PROCESSING/ASSIGNED'],
    to: { status: 'IN_PROCESSING', phase: 'APPRAISING' },
    roles: [H],
    place: 'HOLDER',
    when: DECIDING,
  },
  {
    action: 'REQUEST_OPINIONS',
    from: ['IN_PROCESSING/APPRAISING'],
    to: { status: 'IN_PROCESSING', phase: 'CONSULTING' },
    roles: [H, HEAD],
    place: 'HOLDER',
    when: DECIDING,
  },
  { action: 'GIVE_OPINION', from: ['IN_PROCESSING/CONSULTING'], to: 'SAME', roles: [H, HEAD, A, SYSTEM], place: 'CONSULTED' },
  {
    action: 'CLOSE_CONSULTATION',
    from: ['IN_PROCESSING/CONSULTING'],
    to: 'RESUME',
    roles: [H, HEAD],
    place: 'HOLDER',
    when: ['CONSULTATION_SETTLED'],
  },
  {
    action: 'SUBMIT_FOR_SIGNATURE',
    from: ['IN_PROCESSING/APPRAISING'],
    to: { status: 'IN_PROCESSING', phase: 'AWAITING_SIGNATURE' },
    roles: [H],
    place: 'HOLDER',
    when: DECIDING,
  },
  {
    action: 'SIGN',
    from: ['IN_PROCESSING/AWAITING_SIGNATURE'],
    to: { status: 'IN_PROCESSING', phase: 'SIGNED' },
    roles: [A, HEAD],
    place: 'HOLDER',
    when: DECIDING,
  },
  { action: 'ISSUE', from: ['IN_PROCESSING/SIGNED'], to: { status: 'RESOLVED' }, roles: [H, HEAD], place: 'HOLDER', when: DECIDING },
  {
    action: 'APPROVE_AT_COUNTER',
    from: ['RECEIVED'],
    to: { status: 'RESOLVED' },
    roles: [R],
    place: 'HOLDER',
    when: ['FOUR_ON_THE_SPOT', ...DECIDING],
  },
  {
    action: 'REQUEST_SUPPLEMENT',
    from: ['RECEIVED', IN_PROCESSING],
    to: { status: 'SUPPLEMENT_REQUESTED' },
    roles: [R, H],
    place: 'HOLDER',
    when: SETTLED,
  },
  { action: 'RECEIVE_SUPPLEMENT', from: ['SUPPLEMENT_REQUESTED'], to: 'RESUME', roles: [R, H], place: 'HOLDER_OR_RECEIVING' },
  {
    action: 'REQUEST_FINANCIAL_OBLIGATION',
    from: ['RECEIVED', IN_PROCESSING],
    to: { status: 'AWAITING_FINANCIAL_OBLIGATION' },
    roles: [H, HEAD],
    place: 'HOLDER',
    when: SETTLED,
  },
  {
    action: 'CONFIRM_FINANCIAL_OBLIGATION',
    from: ['AWAITING_FINANCIAL_OBLIGATION'],
    to: 'RESUME',
    roles: [R, H],
    place: 'HOLDER_OR_RECEIVING',
  },
  { action: 'APOLOGIZE', from: OPEN, to: 'SAME', roles: [HEAD], place: 'HOLDER', when: SETTLED },
  {
    action: 'WITHDRAW',
    from: ['SUBMITTED', 'PENDING_COMPLETION', ...OPEN],
    to: { status: 'WITHDRAWN' },
    roles: [R],
    place: 'HOLDER_OR_RECEIVING',
  },
  {
    action: 'STOP',
    from: [IN_PROCESSING, 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION'],
    to: { status: 'STOPPED' },
    roles: [A, HEAD],
    place: 'HOLDER',
    when: DECIDING,
  },
  {
    action: 'RETURN_RESULT',
    from: ['RESOLVED'],
    to: { status: 'RETURNED' },
    roles: [R],
    place: 'HOLDER',
    when: ['HANDOFF_SETTLED', 'AT_RECEIVING_AGENCY'],
  },
  // Issue 10: fees are assessed and paid wherever the dossier is; the one-stop (which deals with
  // the applicant) may record a counter payment even while another agency holds it.
  { action: 'ASSESS_FEES', from: FEES_OPEN, to: 'SAME', roles: [R, H], place: 'HOLDER_OR_RECEIVING', when: SETTLED },
  {
    action: 'RECORD_FEE_PAYMENT',
    from: FEES_OPEN,
    to: 'SAME',
    roles: [R, H],
    place: 'HOLDER_OR_RECEIVING',
    when: ['FEE_UNPAID'],
  },
  // Components are digitised where the dossier is: at the one-stop that received it (intake,
  // supplements) or by the agency holding it, while it is open.
  {
    action: 'ATTACH_DOCUMENT',
    from: ['SUBMITTED', 'PENDING_COMPLETION', ...OPEN],
    to: 'SAME',
    roles: [R, H],
    place: 'HOLDER_OR_RECEIVING',
  },
  // The e-result is the deciding agency's, once signed and until the dossier leaves it.
  {
    action: 'ATTACH_RESULT_DOCUMENT',
    from: ['IN_PROCESSING/SIGNED', 'RESOLVED'],
    to: 'SAME',
    roles: [H, A, HEAD],
    place: 'HOLDER',
    when: DECIDING,
  },
];

/** Every action has exactly one rule (authorization.test.ts checks that none is missing or twice). */
const RULE_OF = Object.fromEntries(RULES.map((rule) => [rule.action, rule])) as Readonly<Record<Action, Rule>>;

export const ruleOf = (action: Action): Rule => RULE_OF[action];

const hasRole = (rule: Rule, roles: readonly string[]): boolean => rule.roles.some((role) => roles.includes(role));

function stateKeyOf(dossier: Pick<Dossier, 'status' | 'phase'>): StateKey {
  return dossier.status === 'IN_PROCESSING' && dossier.phase ? `IN_PROCESSING/${dossier.phase}` : dossier.status;
}

function matches(from: readonly StateKey[], key: StateKey): boolean {
  return from.includes(key) || (key.startsWith('IN_PROCESSING') && from.includes('IN_PROCESSING/*'));
}

export interface Subject {
  dossier: Dossier;
  callerAgency: string;
  roles: readonly string[];
  /** Conditions with deadlines (a consultation's budgets) are judged at this instant. */
  now: Date;
}

const awaitingAcceptance = (dossier: Dossier) =>
  dossier.handoff !== undefined &&
  dossier.handoff.deliveredAt !== undefined &&
  dossier.handoff.acceptedAt === undefined &&
  dossier.handoff.returnedAt === undefined &&
  dossier.holderAgency === dossier.handoff.toAgency;

const CONDITIONS: Readonly<Record<Condition, { holds: (dossier: Dossier, now: Date) => boolean; unmet: string }>> = {
  FOUR_ON_THE_SPOT: { holds: (dossier) => dossier.terms.fourOnTheSpot, unmet: 'only for procedures handled "4 tại chỗ"' },
  AT_COMPETENT_AGENCY: {
    holds: (dossier) => dossier.holderAgency === dossier.competentAgency,
    unmet: 'only the agency with competence to decide does this',
  },
  AT_RECEIVING_AGENCY: {
    holds: (dossier) => dossier.holderAgency === dossier.receivingAgency,
    unmet: 'the result is returned by the one-stop that received the dossier',
  },
  HANDOFF_AWAITING_ACCEPTANCE: { holds: awaitingAcceptance, unmet: 'there is no delivered handoff to accept or return' },
  HANDOFF_SETTLED: { holds: (dossier) => !awaitingAcceptance(dossier), unmet: 'accept or return the delivered handoff first' },
  CONSULTATION_SETTLED: {
    holds: (dossier, now) =>
      (dossier.consultation?.requests ?? []).every(
        (request) => request.answeredAt !== undefined || Date.parse(request.dueAt) < now.getTime(),
      ),
    unmet: 'opinions are still awaited within their budgets',
  },
  FEE_UNPAID: {
    holds: (dossier) => (dossier.fees ?? []).some((fee) => fee.paid === undefined),
    unmet: 'no assessed fee is waiting for payment',
  },
};

function placeAllows(rule: Rule, dossier: Dossier, callerAgency: string): boolean {
  if (rule.place === 'CONSULTED') {
    const open = dossier.consultation && !dossier.consultation.closedAt ? dossier.consultation.requests : [];
    return open.some((request) => request.agencyCode === callerAgency && request.answeredAt === undefined);
  }
  if (dossier.holderAgency === callerAgency) return true;
  return rule.place === 'HOLDER_OR_RECEIVING' && dossier.receivingAgency === callerAgency;
}

const unmetCondition = (rule: Rule, dossier: Dossier, now: Date): Condition | undefined =>
  (rule.when ?? []).find((condition) => !CONDITIONS[condition].holds(dossier, now));

function allows(rule: Rule, { dossier, callerAgency, roles, now }: Subject): boolean {
  return (
    matches(rule.from, stateKeyOf(dossier)) &&
    hasRole(rule, roles) &&
    placeAllows(rule, dossier, callerAgency) &&
    unmetCondition(rule, dossier, now) === undefined
  );
}

/** What the caller may do with the dossier now: the answer front ends use to show buttons. */
export function allowedActions(subject: Subject): Action[] {
  return RULES.filter((rule) => allows(rule, subject)).map((rule) => rule.action);
}

/**
 * The one check every action goes through, each part once: who (the rule's roles) and where (its
 * place), then when (the state and the conditions). A refusal names the state and the actions
 * the caller may take instead.
 */
export function authorize(action: Action, subject: Subject): Rule {
  const rule = ruleOf(action);
  const { dossier, callerAgency, roles, now } = subject;
  const details = () => ({
    action,
    currentStatus: dossier.status,
    currentPhase: dossier.phase ?? null,
    allowedActions: allowedActions(subject),
  });
  if (!hasRole(rule, roles)) {
    throw new ForbiddenError(`Role(s) ${roles.join(', ') || 'none'} may not ${action}`, { ...details(), allowedRoles: rule.roles });
  }
  if (!placeAllows(rule, dossier, callerAgency)) {
    throw new NotHolderError(`Agency ${callerAgency} may not ${action} dossier ${dossier.id} now`, details());
  }
  const state = stateKeyOf(dossier);
  if (!matches(rule.from, state)) throw new IllegalActionError(`${action} is not allowed while the dossier is ${state}`, details());
  const unmet = unmetCondition(rule, dossier, now);
  if (unmet) throw new IllegalActionError(`${action}: ${CONDITIONS[unmet].unmet}`, { ...details(), unmetCondition: unmet });
  return rule;
}

/** SUBMIT has no dossier yet: only the role is checked. */
export function authorizeSubmit(roles: readonly string[]): void {
  if (!hasRole(ruleOf('SUBMIT'), roles))
    throw new ForbiddenError(`Role(s) ${roles.join(', ') || 'none'} may not SUBMIT`, { action: 'SUBMIT' });
}

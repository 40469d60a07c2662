import type { Dossier, DossierStatus, Phase } from './dossier';
import { DomainError } from './errors';

/**
 * Which action is allowed from which state, by which role and where: one table, one check
 * (`authorize`). Adding an action or a state is a change of data here, not a new code path.
 */
export type Role =
  | 'RECEPTION_OFFICER'
  | 'HANDLING_OFFICER'
  | 'APPROVER'
  | 'AGENCY_HEAD'
  | 'PROVINCE_ADMIN'
  | 'AUDITOR';

export const ROLES: readonly Role[] = [
  'RECEPTION_OFFICER',
  'HANDLING_OFFICER',
  'APPROVER',
  'AGENCY_HEAD',
  'PROVINCE_ADMIN',
  'AUDITOR',
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
  | 'REQUEST_SUPPLEMENT'
  | 'RECEIVE_SUPPLEMENT'
  | 'REQUEST_FINANCIAL_OBLIGATION'
  | 'CONFIRM_FINANCIAL_OBLIGATION'
  | 'APOLOGIZE'
  | 'WITHDRAW'
  | 'STOP'
  | 'RETURN_RESULT';

/** `IN_PROCESSING/APPRAISING` names a phase; `IN_PROCESSING/*` any phase. */
export type StateKey = DossierStatus | `IN_PROCESSING/${Phase}` | 'IN_PROCESSING/*';

/** The next state: a fixed one, the same one, or the one a paused dossier left. */
export type Target = { status: DossierStatus; phase?: Phase } | 'SAME' | 'RESUME';

/**
 * Where the caller's agency must be: the holder of the dossier, or also the one-stop that
 * received it (the applicant deals with the one-stop: supplements, withdrawal).
 */
export type Place = 'HOLDER' | 'HOLDER_OR_RECEIVING';

export interface Rule {
  action: Action;
  from: readonly StateKey[];
  to: Target;
  roles: readonly Role[];
  place: Place;
  /** Only for procedures received under "4 tại chỗ". */
  fourOnTheSpotOnly?: boolean;
}

const R: Role = 'RECEPTION_OFFICER';
const H: Role = 'HANDLING_OFFICER';
const A: Role = 'APPROVER';
const HEAD: Role = 'AGENCY_HEAD';
const OPEN: StateKey[] = ['RECEIVED', 'IN_PROCESSING/*', 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION'];
const IN_PROCESSING: StateKey = 'IN_PROCESSING/*';

export const RULES: readonly Rule[] = [
  { action: 'SUBMIT', from: [], to: { status: 'SUBMITTED' }, roles: [R], place: 'HOLDER' },
  { action: 'REQUEST_COMPLETION', from: ['SUBMITTED'], to: { status: 'PENDING_COMPLETION' }, roles: [R], place: 'HOLDER' },
  { action: 'RESUBMIT', from: ['PENDING_COMPLETION'], to: { status: 'SUBMITTED' }, roles: [R], place: 'HOLDER' },
  { action: 'REFUSE', from: ['SUBMITTED', 'PENDING_COMPLETION'], to: { status: 'NOT_RECEIVED' }, roles: [R], place: 'HOLDER' },
  { action: 'ACCEPT', from: ['SUBMITTED'], to: { status: 'RECEIVED' }, roles: [R], place: 'HOLDER' },
  // The holder hands over along the route; the status follows the receiver's step (see lifecycle).
  { action: 'TRANSFER', from: ['RECEIVED', IN_PROCESSING, 'RESOLVED'], to: 'SAME', roles: [R, H, HEAD], place: 'HOLDER' },
  { action: 'ASSIGN', from: ['RECEIVED', 'IN_PROCESSING/TRANSFERRED', 'IN_PROCESSING/ASSIGNED'], to: { status: 'IN_PROCESSING', phase: 'ASSIGNED' }, roles: [HEAD], place: 'HOLDER' },
  { action: 'START_APPRAISAL', from: ['IN_PROCESSING/ASSIGNED'], to: { status: 'IN_PROCESSING', phase: 'APPRAISING' }, roles: [H], place: 'HOLDER' },
  { action: 'SUBMIT_FOR_SIGNATURE', from: ['IN_PROCESSING/APPRAISING'], to: { status: 'IN_PROCESSING', phase: 'AWAITING_SIGNATURE' }, roles: [H], place: 'HOLDER' },
  { action: 'SIGN', from: ['IN_PROCESSING/AWAITING_SIGNATURE'], to: { status: 'IN_PROCESSING', phase: 'SIGNED' }, roles: [A, HEAD], place: 'HOLDER' },
  { action: 'ISSUE', from: ['IN_PROCESSING/SIGNED'], to: { status: 'RESOLVED' }, roles: [H, HEAD], place: 'HOLDER' },
  { action: 'APPROVE_AT_COUNTER', from: ['RECEIVED'], to: { status: 'RESOLVED' }, roles: [R], place: 'HOLDER', fourOnTheSpotOnly: true },
  { action: 'REQUEST_SUPPLEMENT', from: ['RECEIVED', IN_PROCESSING], to: { status: 'SUPPLEMENT_REQUESTED' }, roles: [R, H], place: 'HOLDER' },
  { action: 'RECEIVE_SUPPLEMENT', from: ['SUPPLEMENT_REQUESTED'], to: 'RESUME', roles: [R, H], place: 'HOLDER_OR_RECEIVING' },
  { action: 'REQUEST_FINANCIAL_OBLIGATION', from: ['RECEIVED', IN_PROCESSING], to: { status: 'AWAITING_FINANCIAL_OBLIGATION' }, roles: [H, HEAD], place: 'HOLDER' },
  { action: 'CONFIRM_FINANCIAL_OBLIGATION', from: ['AWAITING_FINANCIAL_OBLIGATION'], to: 'RESUME', roles: [R, H], place: 'HOLDER_OR_RECEIVING' },
  { action: 'APOLOGIZE', from: OPEN, to: 'SAME', roles: [HEAD], place: 'HOLDER' },
  { action: 'WITHDRAW', from: ['SUBMITTED', 'PENDING_COMPLETION', ...OPEN], to: { status: 'WITHDRAWN' }, roles: [R], place: 'HOLDER_OR_RECEIVING' },
  { action: 'STOP', from: [IN_PROCESSING, 'SUPPLEMENT_REQUESTED', 'AWAITING_FINANCIAL_OBLIGATION'], to: { status: 'STOPPED' }, roles: [A, HEAD], place: 'HOLDER' },
  { action: 'RETURN_RESULT', from: ['RESOLVED'], to: { status: 'RETURNED' }, roles: [R], place: 'HOLDER' },
];

const RULES_BY_ACTION = new Map(RULES.map((rule) => [rule.action, rule]));

export function ruleOf(action: Action): Rule {
  const rule = RULES_BY_ACTION.get(action);
  if (!rule) throw new Error(`No rule for ${action}`);
  return rule;
}

export function stateKeyOf(dossier: Pick<Dossier, 'status' | 'phase'>): StateKey {
  return dossier.status === 'IN_PROCESSING' && dossier.phase ? `IN_PROCESSING/${dossier.phase}` : dossier.status;
}

function matches(from: readonly StateKey[], key: StateKey): boolean {
  return from.includes(key) || (key.startsWith('IN_PROCESSING') && from.includes('IN_PROCESSING/*'));
}

export interface Subject {
  dossier: Dossier;
  callerAgency: string;
  roles: readonly string[];
}

function placeAllows(rule: Rule, dossier: Dossier, callerAgency: string): boolean {
  if (dossier.holderAgency === callerAgency) return true;
  return rule.place === 'HOLDER_OR_RECEIVING' && dossier.receivingAgency === callerAgency;
}

function allows(rule: Rule, { dossier, callerAgency, roles }: Subject): boolean {
  return (
    matches(rule.from, stateKeyOf(dossier)) &&
    rule.roles.some((role) => roles.includes(role)) &&
    placeAllows(rule, dossier, callerAgency) &&
    (!rule.fourOnTheSpotOnly || dossier.terms.fourOnTheSpot)
  );
}

/** What the caller may do with the dossier now: the answer front ends use to show buttons. */
export function allowedActions(subject: Subject): Action[] {
  return RULES.filter((rule) => allows(rule, subject)).map((rule) => rule.action);
}

/** The one check every action goes through; it names the state and the allowed actions. */
export function authorize(action: Action, subject: Subject): Rule {
  const rule = ruleOf(action);
  const { dossier, callerAgency, roles } = subject;
  const details = { action, currentStatus: dossier.status, currentPhase: dossier.phase ?? null, allowedActions: allowedActions(subject) };
  if (!rule.roles.some((role) => roles.includes(role))) {
    throw new DomainError('FORBIDDEN', `Role(s) ${roles.join(', ') || 'none'} may not ${action}`, { ...details, allowedRoles: rule.roles });
  }
  if (!placeAllows(rule, dossier, callerAgency)) {
    throw new DomainError('NOT_HOLDER', `Dossier ${dossier.id} is not held by agency ${callerAgency}`, details);
  }
  if (!matches(rule.from, stateKeyOf(dossier))) {
    throw new DomainError('ILLEGAL_ACTION', `${action} is not allowed while the dossier is ${stateKeyOf(dossier)}`, details);
  }
  if (rule.fourOnTheSpotOnly && !dossier.terms.fourOnTheSpot) {
    throw new DomainError('ILLEGAL_ACTION', `${action} is only for procedures handled "4 tại chỗ"`, details);
  }
  return rule;
}

/** Publishing a procedure version is the province's KSTTHC office's job. */
export const CATALOG_EDITORS: readonly Role[] = ['PROVINCE_ADMIN'];

export function authorizeCatalogChange(roles: readonly string[]): void {
  if (!CATALOG_EDITORS.some((role) => roles.includes(role))) {
    throw new DomainError('FORBIDDEN', 'Only a province administrator publishes procedure versions', { allowedRoles: CATALOG_EDITORS });
  }
}

/** An agency's identifier and office hours are the province's configuration. */
export function authorizeAgencyChange(roles: readonly string[]): void {
  if (!roles.includes('PROVINCE_ADMIN')) {
    throw new DomainError('FORBIDDEN', 'Only a province administrator changes agencies', { allowedRoles: ['PROVINCE_ADMIN'] });
  }
}

/** SUBMIT has no dossier yet: only the role is checked. */
export function authorizeSubmit(roles: readonly string[]): void {
  if (!ruleOf('SUBMIT').roles.some((role) => roles.includes(role))) {
    throw new DomainError('FORBIDDEN', `Role(s) ${roles.join(', ') || 'none'} may not SUBMIT`, { action: 'SUBMIT' });
  }
}

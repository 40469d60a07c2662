import { authorize, type Rule } from '../actions';
import { calendarFor, statutoryDueAt } from '../clock';
import { codeFor } from '../codes/code-forms';
import type { Decision, Dossier, DossierEvent } from '../dossier';
import { badInput, IllegalActionError } from '../errors';
import type { EventHeader } from '../events';
import { checkFees, checkPayable } from '../fees';
import { regimeOf } from '../regimes';
import { completionItems } from '../regimes/guidance';
import { assertNoDecisionIssued } from '../regimes/stopping';
import { decideApology, dueAfterResuming } from './appointment';
import { decideAttachment, decideResultDocument } from './attachments';
import { decideClosing, decideOpinion, decideOpinionRequest } from './consultation';
import { evolve } from './evolve';
import { decideReturnHandoff, decideTransfer } from './handoffs';
import { assertComplete, handedIn, missingItems, requireReason } from './inputs';
import type { ActContext, Command, Transition } from './types';

/**
 * The dossier's actions as pure functions. `act` checks the action against the rules table,
 * decides the one event it produces, and applies it with `evolve`, the same function that
 * rebuilds a dossier from its history: the head is always the fold of its events.
 */
export function act(dossier: Dossier, command: Command, context: ActContext): Transition {
  const { caller, now } = context;
  const rule = authorizeAction(dossier, command, context);
  const header: EventHeader = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    at: now.toISOString(),
    actor: { officerId: caller.officerId, agencyCode: caller.agencyCode, role: roleFor(caller.roles, rule) },
    ...nextState(dossier, rule),
  };
  const event = decide(dossier, command, header, now);
  return { dossier: evolve(dossier, event), event };
}

/**
 * The rules table's check; a withdrawal asked for after the decision was issued is answered
 * DECISION_ALREADY_ISSUED (after the role and place checks) rather than "not allowed in this state".
 */
function authorizeAction(dossier: Dossier, command: Command, { caller, now }: ActContext): Rule {
  try {
    return authorize(command.action, { dossier, callerAgency: caller.agencyCode, roles: caller.roles, now });
  } catch (error) {
    if (command.action === 'WITHDRAW' && error instanceof IllegalActionError) assertNoDecisionIssued(dossier, error);
    throw error;
  }
}

/** The role the caller acted in: the first of theirs the rule allows. */
const roleFor = (roles: readonly string[], rule: Rule): string =>
  roles.find((role) => (rule.roles as readonly string[]).includes(role)) ?? 'UNKNOWN';

function nextState(dossier: Dossier, rule: Rule): Pick<EventHeader, 'statusAfter' | 'phaseAfter'> {
  if (rule.to === 'SAME') return { statusAfter: dossier.status, ...(dossier.phase ? { phaseAfter: dossier.phase } : {}) };
  if (rule.to === 'RESUME') {
    const resume = dossier.resumeTo ?? { status: 'IN_PROCESSING' as const };
    return { statusAfter: resume.status, ...(resume.phase ? { phaseAfter: resume.phase } : {}) };
  }
  return { statusAfter: rule.to.status, ...(rule.to.phase ? { phaseAfter: rule.to.phase } : {}) };
}

/** The one event an action produces; actions with more to decide have their own module. */
function decide(dossier: Dossier, command: Command, header: EventHeader, now: Date): DossierEvent {
  switch (command.action) {
    case 'REQUEST_COMPLETION': {
      // The one-time guidance: everything missing is listed; a later request repeats, never adds.
      const items = missingItems(dossier.terms, completionItems(dossier, regimeOf(dossier), command.items, false));
      return { ...header, type: 'COMPLETION_REQUESTED', items, reason: requireReason(command.reason) };
    }
    case 'REQUEST_SUPPLEMENT': {
      const items = missingItems(dossier.terms, completionItems(dossier, regimeOf(dossier), command.items, true));
      return { ...header, type: 'SUPPLEMENT_REQUESTED', items, reason: requireReason(command.reason) };
    }
    case 'RESUBMIT':
      return { ...header, type: 'RESUBMITTED', documents: handedIn(dossier.terms, command.documents) };
    case 'RECEIVE_SUPPLEMENT': {
      const documents = handedIn(dossier.terms, command.documents);
      const dueAt = dueAfterResuming(dossier, now);
      return { ...header, type: 'SUPPLEMENT_RECEIVED', documents, ...(dueAt ? { dueAt } : {}) };
    }
    case 'REFUSE':
      return { ...header, type: 'REFUSED', reason: requireReason(command.reason) };
    case 'STOP':
      return { ...header, type: 'STOPPED', reason: requireReason(command.reason) };
    case 'ACCEPT': {
      assertComplete(dossier.terms, dossier.documents);
      // A dossier filed online keeps the code the portal issued; others get the province's form in force.
      const code =
        dossier.portalCode ?? codeFor(command.codeForm, regimeOf(dossier), dossier.receivingAgencyIdentifier, now, command.sequence);
      const dueAt = statutoryDueAt(dossier.terms, now, [], calendarFor(dossier.officeHours)).toISOString();
      return { ...header, type: 'ACCEPTED', code, dueAt };
    }
    case 'TRANSFER':
      return decideTransfer(dossier, command, header);
    case 'ACCEPT_HANDOFF':
      return { ...header, type: 'HANDOFF_ACCEPTED' };
    case 'RETURN_HANDOFF':
      return decideReturnHandoff(dossier, command, header);
    case 'REQUEST_OPINIONS':
      return decideOpinionRequest(dossier, command, header, now);
    case 'GIVE_OPINION':
      return decideOpinion(dossier, command, header);
    case 'CLOSE_CONSULTATION':
      return decideClosing(dossier, header);
    case 'ASSIGN':
      if (!command.assignee.trim()) throw badInput('assignee', 'Name the officer to assign');
      return { ...header, type: 'ASSIGNED', assignee: command.assignee };
    case 'START_APPRAISAL':
      return { ...header, type: 'APPRAISAL_STARTED' };
    case 'SUBMIT_FOR_SIGNATURE':
      return { ...header, type: 'SUBMITTED_FOR_SIGNATURE' };
    case 'CONFIRM_FINANCIAL_OBLIGATION': {
      const dueAt = dueAfterResuming(dossier, now);
      return { ...header, type: 'FINANCIAL_OBLIGATION_MET', ...(dueAt ? { dueAt } : {}) };
    }
    case 'SIGN':
      return { ...header, type: 'SIGNED', decision: command.decision };
    case 'ISSUE':
      return {
        ...header,
        type: 'ISSUED',
        decision: signedDecision(dossier),
        ...(command.resultNumber ? { resultNumber: command.resultNumber } : {}),
      };
    case 'APPROVE_AT_COUNTER':
      return {
        ...header,
        type: 'APPROVED_AT_COUNTER',
        decision: command.decision,
        ...(command.resultNumber ? { resultNumber: command.resultNumber } : {}),
      };
    case 'REQUEST_FINANCIAL_OBLIGATION':
      if (!Number.isInteger(command.amount) || command.amount < 0) throw badInput('amount', 'The amount is a whole number of đồng');
      return {
        ...header,
        type: 'FINANCIAL_OBLIGATION_REQUESTED',
        amount: command.amount,
        reason: requireReason(command.reason),
        pausesClock: dossier.terms.financialObligationPausesClock,
      };
    case 'APOLOGIZE':
      return decideApology(dossier, command, header, now);
    case 'WITHDRAW':
      return { ...header, type: 'WITHDRAWN', ...(command.reason ? { reason: command.reason } : {}) };
    case 'RETURN_RESULT':
      return { ...header, type: 'RESULT_RETURNED', deliveryMode: command.deliveryMode };
    case 'ASSESS_FEES':
      return { ...header, type: 'FEES_ASSESSED', fees: checkFees(command.fees) };
    case 'RECORD_FEE_PAYMENT': {
      checkPayable(dossier, command.code);
      const paidAt = command.paidAt ?? now;
      if (Number.isNaN(paidAt.getTime()) || paidAt.getTime() > now.getTime() + 5 * 60_000)
        throw badInput('paidAt', 'A payment time is a valid instant, not in the future');
      return { ...header, type: 'FEE_PAID', code: command.code, paidVia: command.paidVia, paidAt: paidAt.toISOString() };
    }
    case 'ATTACH_DOCUMENT':
      return decideAttachment(dossier, command, header);
    case 'ATTACH_RESULT_DOCUMENT':
      return decideResultDocument(command, header);
  }
}

/** The decision the leader signed is the one issued. */
const signedDecision = (dossier: Dossier): Decision => dossier.pendingDecision ?? 'APPROVED';

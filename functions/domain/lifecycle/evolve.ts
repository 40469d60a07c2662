import type { AttachedDocument } from '../documents';
import type { Consultation, Dossier, DossierEvent, MissingItem } from '../dossier';
import { CorruptHistoryError } from '../errors';
import type { EventOf } from '../events';
import { assessedFees, withPayment } from '../fees';
import { applyReassignment } from '../migration/reassignment-fold';
import { regimeOf } from '../regimes';
import { afterRequest } from '../regimes/guidance';
import { mergeDocuments } from './inputs';

/** The fold: the head of a dossier is its events applied in order, by this one function. */

/** Applies one event to the dossier it follows (null before SUBMITTED). Pure and total. */
export function evolve(previous: Dossier | null, event: DossierEvent): Dossier {
  if (event.type === 'SUBMITTED') return { ...event.initial, version: event.version, updatedAt: event.at };
  if (!previous)
    throw new CorruptHistoryError(`${event.type} event before SUBMITTED`, { dossierId: event.dossierId, version: event.version });
  const { phase: _phase, ...withoutPhase } = previous;
  const next: Dossier = {
    ...withoutPhase,
    status: event.statusAfter,
    ...(event.phaseAfter ? { phase: event.phaseAfter } : {}),
    version: event.version,
    updatedAt: event.at,
  };
  return applyEvent(previous, next, event);
}

/** What each event changes beyond status, phase and version. */
function applyEvent(previous: Dossier, next: Dossier, event: Exclude<DossierEvent, EventOf<'SUBMITTED'>>): Dossier {
  const by = event.actor.officerId;
  switch (event.type) {
    case 'COMPLETION_REQUESTED':
      return {
        ...withGuidance(next, previous, event.items, false),
        completionRequest: { at: event.at, items: event.items, reason: event.reason, officerId: by, afterReception: false },
      };
    case 'RESUBMITTED':
      return { ...next, documents: mergeDocuments(previous.documents, event.documents) };
    case 'REFUSED':
      return { ...next, refusal: { at: event.at, reason: event.reason, officerId: by } };
    case 'ACCEPTED':
      return { ...next, code: event.code, receivedAt: event.at, dueAt: event.dueAt };
    case 'TRANSFERRED': {
      const { holderAgency: _holder, assignee: _assignee, ...inTransit } = next;
      return { ...inTransit, handoff: event.handoff, transferredAt: previous.transferredAt ?? event.at };
    }
    case 'DELIVERED':
      return { ...next, holderAgency: event.handoff.toAgency, routeStep: event.handoff.routeStep, handoff: event.handoff };
    case 'HANDOFF_ACCEPTED':
      return previous.handoff ? { ...next, handoff: { ...previous.handoff, acceptedAt: event.at } } : next;
    case 'HANDOFF_RETURNED': {
      const { holderAgency: _holder, assignee: _assignee, ...inTransit } = next;
      return { ...inTransit, handoff: event.handoff };
    }
    case 'OPINIONS_REQUESTED':
      return { ...next, consultation: event.consultation };
    case 'OPINION_GIVEN':
      return { ...next, ...withConsultation(previous, (consultation) => answered(consultation, event)) };
    case 'CONSULTATION_CLOSED':
      return { ...next, ...withConsultation(previous, (consultation) => ({ ...consultation, closedAt: event.at })) };
    case 'ASSIGNED':
      return { ...next, assignee: event.assignee };
    case 'SIGNED':
      return { ...next, pendingDecision: event.decision };
    case 'SUPPLEMENT_REQUESTED':
      return {
        ...withGuidance(next, previous, event.items, true),
        resumeTo: resumePoint(previous),
        clock: {
          pauses: [...previous.clock.pauses, { reason: 'SUPPLEMENT', from: event.at }],
          supplementRequests: previous.clock.supplementRequests + 1,
        },
        completionRequest: { at: event.at, items: event.items, reason: event.reason, officerId: by, afterReception: true },
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
        documents: event.type === 'SUPPLEMENT_RECEIVED' ? mergeDocuments(previous.documents, event.documents) : previous.documents,
        clock: { ...previous.clock, pauses: previous.clock.pauses.map((pause) => (pause.to ? pause : { ...pause, to: event.at })) },
        ...(event.dueAt ? { dueAt: event.dueAt } : {}),
      };
    }
    case 'APOLOGIZED':
      return { ...next, apology: { at: event.at, reason: event.reason, revisedDueAt: event.revisedDueAt, officerId: by } };
    case 'ISSUED':
    case 'APPROVED_AT_COUNTER': {
      const { pendingDecision: _decision, ...rest } = next;
      return {
        ...rest,
        result: { decision: event.decision, resolvedAt: event.at, ...(event.resultNumber ? { resultNumber: event.resultNumber } : {}) },
      };
    }
    case 'WITHDRAWN':
      return {
        ...closeConsultation(next, event.at),
        withdrawal: { at: event.at, officerId: by, ...(event.reason ? { reason: event.reason } : {}) },
      };
    case 'STOPPED':
      return { ...closeConsultation(next, event.at), stop: { at: event.at, reason: event.reason, officerId: by } };
    case 'RESULT_RETURNED':
      return { ...next, returnedAt: event.at };
    case 'REASSIGNED':
      return applyReassignment(next, event);
    case 'FEES_ASSESSED':
      return { ...next, fees: assessedFees(previous.fees, event.fees) };
    case 'FEE_PAID':
      return { ...next, fees: withPayment(previous.fees ?? [], event.code, event.paidVia, event.paidAt) };
    case 'DOCUMENT_ATTACHED':
      return { ...next, attachments: withAttachment(previous, event) };
    case 'RESULT_DOCUMENT_ATTACHED': {
      const { documentId, number, issuedOn, signer, file } = event;
      return { ...next, resultDocument: { documentId, number, issuedOn, signer, file, attachedAt: event.at, attachedBy: by } };
    }
    case 'RATED':
      // Only that it was rated (at most once): the level lives in the event and the counts.
      return { ...next, ratedAt: event.at };
    case 'APPRAISAL_STARTED':
    case 'SUBMITTED_FOR_SIGNATURE':
    case 'PORTAL_RESYNC_REQUESTED':
      return next;
  }
}

/** The consultation changed, when there is one (the rules allow these events only while CONSULTING). */
function withConsultation(previous: Dossier, change: (consultation: Consultation) => Consultation): Pick<Dossier, 'consultation'> {
  return previous.consultation ? { consultation: change(previous.consultation) } : {};
}

function answered(consultation: Consultation, event: EventOf<'OPINION_GIVEN'>): Consultation {
  const given = event.opinion;
  const requests = consultation.requests.map((request) =>
    request.agencyCode === given.agencyCode
      ? { ...request, answeredAt: event.at, opinion: given.opinion, agrees: given.agrees, answeredBy: event.actor.officerId }
      : request,
  );
  const allAnswered = requests.every((request) => request.answeredAt !== undefined);
  return { ...consultation, requests, ...(allAnswered ? { closedAt: event.at } : {}) };
}

/** Counts a Form 02 under the dossier's one-time rule; the first one's items become the limit of later ones. */
function withGuidance(next: Dossier, previous: Dossier, items: readonly MissingItem[], afterReception: boolean): Dossier {
  const guidance = afterRequest(
    previous.guidance,
    regimeOf(previous),
    items.map((item) => item.code),
    afterReception,
  );
  return guidance ? { ...next, guidance } : next;
}

/** A dossier that ends closes its open consultation: nobody is waiting for those opinions any more. */
function closeConsultation(dossier: Dossier, at: string): Dossier {
  const consultation = dossier.consultation;
  return consultation && !consultation.closedAt ? { ...dossier, consultation: { ...consultation, closedAt: at } } : dossier;
}

function resumePoint(dossier: Dossier): { status: Dossier['status']; phase?: Dossier['phase'] } {
  return { status: dossier.status, ...(dossier.phase ? { phase: dossier.phase } : {}) };
}

/** A component has one current document: a new one for the same component replaces the earlier (a rescan). */
function withAttachment(previous: Dossier, event: EventOf<'DOCUMENT_ATTACHED'>): AttachedDocument[] {
  const { componentCode, documentId, provenance, exemption, sourceDocumentId, file } = event;
  const attached: AttachedDocument = {
    componentCode,
    documentId,
    provenance,
    ...(exemption ? { exemption } : {}),
    ...(sourceDocumentId ? { sourceDocumentId } : {}),
    ...(file ? { file } : {}),
    attachedAt: event.at,
    attachedBy: event.actor.officerId,
  };
  return [...(previous.attachments ?? []).filter((doc) => doc.componentCode !== componentCode), attached];
}

/** Rebuilds a dossier from its whole history. */
export function fold(events: readonly DossierEvent[]): Dossier | null {
  return events.reduce<Dossier | null>((dossier, event) => evolve(dossier, event), null);
}

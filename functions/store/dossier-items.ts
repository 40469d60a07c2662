import type { Consultation, Dossier, DossierEvent, Handoff, OpinionRequest } from '#domain/dossier';
import { citizenIdHash } from '#domain/personal-data';
import { hashKey } from './keys-config';
import { withoutStorageAttributes } from './queries';
import { keys } from './table-design';

/**
 * Dossier ↔ item mapping. The head carries the index keys of the access patterns it serves:
 * the holder's inbox (all statuses, and per status, by due date) and the public code lookup.
 * A dossier in transit has no holder and so appears in no inbox.
 */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

export function dossierItem(dossier: Dossier): Record<string, unknown> {
  const inboxSort = `${dossier.dueAt ?? NO_DUE_DATE}#${dossier.id}`;
  return {
    ...keys.dossier(dossier.id),
    entity: 'DOSSIER',
    ...dossier,
    ...(dossier.holderAgency
      ? {
          GSI1PK: keys.inbox(dossier.holderAgency),
          GSI1SK: inboxSort,
          GSI2PK: keys.inboxByStatus(dossier.holderAgency, dossier.status),
          GSI2SK: inboxSort,
        }
      : {}),
    ...(dossier.code ? { GSI3PK: keys.code(dossier.code), GSI3SK: 'DOSSIER' } : {}),
    ...(dossier.receivedAt ? { GSI4PK: keys.register(dossier.receivingAgency), GSI4SK: `${dossier.receivedAt}#${dossier.id}` } : {}),
    ...(dossier.applicant.idNumber
      ? {
          GSI5PK: keys.citizen(citizenIdHash(dossier.applicant.idNumber, hashKey('PERSONAL_DATA_KEY'))),
          GSI5SK: `${dossier.submittedAt}#${dossier.id}`,
        }
      : {}),
  };
}

export const dossierFromItem = (item: Record<string, unknown>): Dossier => withoutStorageAttributes<Dossier>(item);

export function eventItem(event: DossierEvent): Record<string, unknown> {
  return { ...keys.dossierEvent(event.dossierId, event.version), entity: 'EVENT', ...event };
}

export const eventFromItem = (item: Record<string, unknown>): DossierEvent => withoutStorageAttributes<DossierEvent>(item);

/** SENT → DELIVERED → ACCEPTED or RETURNED; DISCARDED when the dossier ended while it travelled. */
export type HandoffState = 'SENT' | 'DELIVERED' | 'ACCEPTED' | 'RETURNED' | 'DISCARDED';

export interface HandoffRecord extends Handoff {
  dossierId: string;
  state: HandoffState;
}

export function handoffItem(dossierId: string, handoff: Handoff): Record<string, unknown> {
  const state: HandoffState = handoff.returnedAt
    ? 'RETURNED'
    : handoff.acceptedAt
      ? 'ACCEPTED'
      : handoff.deliveredAt
        ? 'DELIVERED'
        : 'SENT';
  return { ...keys.handoff(dossierId, handoff.id), entity: 'HANDOFF', dossierId, state, ...handoff };
}

export const handoffFromItem = (item: Record<string, unknown>): HandoffRecord => withoutStorageAttributes<HandoffRecord>(item);

/** An opinion request in the consulted agency's list (GSI1) until it is answered. */
export function opinionRequestItem(dossier: Dossier, consultation: Consultation, request: OpinionRequest): Record<string, unknown> {
  const open = request.answeredAt === undefined && consultation.closedAt === undefined;
  return {
    ...keys.opinionRequest(dossier.id, consultation.id, request.agencyCode),
    entity: 'OPINION_REQUEST',
    dossierId: dossier.id,
    consultationId: consultation.id,
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureName: dossier.procedureName,
    leadAgency: dossier.holderAgency ?? dossier.competentAgency,
    question: consultation.question,
    requestedAt: consultation.requestedAt,
    ...request,
    ...(open ? { GSI1PK: keys.opinionInbox(request.agencyCode), GSI1SK: `${request.dueAt}#${dossier.id}` } : {}),
  };
}

export interface OpinionRequestRecord extends OpinionRequest {
  dossierId: string;
  consultationId: string;
  dossierCode?: string;
  procedureName: string;
  leadAgency: string;
  question: string;
  requestedAt: string;
  deliveredAt?: string;
}

export const opinionRequestFromItem = (item: Record<string, unknown>): OpinionRequestRecord =>
  withoutStorageAttributes<OpinionRequestRecord>(item);

import type { DossierEvent, DossierEventType } from '#domain/dossier';
import { opinionRequestId } from '#domain/lifecycle';
import { HANDOFF_MESSAGE_SCHEMA, type HandoffMessageV1 } from './handoff-message';

/**
 * The events that put something on another agency's queue: the table's stream is the outbox,
 * and these are its letters. The relay's stream filter (infra/relay.ts) names the same types,
 * so the relay is invoked for nothing else. Events a migration copied from another province's
 * table carry `migratedFrom` (MIGRATED_MARK) and are not sent again: their messages went out in the
 * old deployment, to queues that no longer exist.
 */
export const MIGRATED_MARK = 'migratedFrom';

export const OUTBOX_EVENT_TYPES = [
  'TRANSFERRED',
  'HANDOFF_RETURNED',
  'OPINIONS_REQUESTED',
  'REASSIGNED',
] as const satisfies readonly DossierEventType[];

export const isOutboxEvent = (type: string): boolean => (OUTBOX_EVENT_TYPES as readonly string[]).includes(type);

/** The messages one committed event sends: one per receiving agency. */
export function messagesOf(event: DossierEvent): HandoffMessageV1[] {
  const common = { schema: HANDOFF_MESSAGE_SCHEMA, dossierId: event.dossierId, dossierVersion: event.version, sentAt: event.at } as const;
  const handoff =
    event.type === 'TRANSFERRED' || event.type === 'HANDOFF_RETURNED' || event.type === 'REASSIGNED' ? event.handoff : undefined;
  if (handoff) {
    return [
      {
        ...common,
        kind: handoff.kind === 'RETURN' ? 'RETURN' : 'HANDOFF',
        handoffId: handoff.id,
        dossierCode: handoff.dossierCode ?? null,
        procedureCode: handoff.procedureCode,
        fromAgency: handoff.fromAgency,
        toAgency: handoff.toAgency,
        routeStep: handoff.routeStep,
        ...(handoff.reason ? { reason: handoff.reason } : {}),
      },
    ];
  }
  if (event.type === 'OPINIONS_REQUESTED') {
    const { consultation } = event;
    return consultation.requests.map((request) => ({
      ...common,
      kind: 'OPINION_REQUEST' as const,
      handoffId: opinionRequestId(consultation.id, request.agencyCode),
      dossierCode: consultation.dossierCode ?? null,
      procedureCode: consultation.procedureCode,
      fromAgency: event.actor.agencyCode,
      toAgency: request.agencyCode,
      routeStep: 0,
      dueAt: request.dueAt,
    }));
  }
  return [];
}

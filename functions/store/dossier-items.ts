import type { Dossier, DossierEvent, Handoff } from '../domain/dossier';
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
    ...(dossier.receivedAt
      ? { GSI4PK: keys.register(dossier.receivingAgency), GSI4SK: `${dossier.receivedAt}#${dossier.id}` }
      : {}),
  };
}

const STORAGE_ATTRIBUTES = ['PK', 'SK', 'entity', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK'];

function withoutStorageAttributes<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}

export const dossierFromItem = (item: Record<string, unknown>): Dossier => withoutStorageAttributes<Dossier>(item);

export function eventItem(event: DossierEvent): Record<string, unknown> {
  return { ...keys.dossierEvent(event.dossierId, event.version), entity: 'EVENT', ...event };
}

export const eventFromItem = (item: Record<string, unknown>): DossierEvent => withoutStorageAttributes<DossierEvent>(item);

export type HandoffState = 'SENT' | 'DELIVERED';

export interface HandoffRecord extends Handoff {
  dossierId: string;
  state: HandoffState;
}

export function handoffItem(dossierId: string, handoff: Handoff): Record<string, unknown> {
  const state: HandoffState = handoff.deliveredAt ? 'DELIVERED' : 'SENT';
  return { ...keys.handoff(dossierId, handoff.id), entity: 'HANDOFF', dossierId, state, ...handoff };
}

export const handoffFromItem = (item: Record<string, unknown>): HandoffRecord =>
  withoutStorageAttributes<HandoffRecord>(item);

import type { Dossier, DossierEvent } from '../dossier';
import { evolve } from '../lifecycle/evolve';
import type { Caller, Transition } from '../lifecycle/types';

/**
 * An operator asks the portal to be sent a dossier's current state again. The request is an event
 * like any other (one transaction, head and event): the table's stream carries it to the relay,
 * which turns every dossier event into a sync message, so the sender pushes the current state. No
 * second write path to the portal exists. Allowed in every state, terminal ones included: a
 * returned dossier the portal missed is exactly what a resync is for.
 */
export function requestResync(dossier: Dossier, caller: Caller, now: Date, scope: 'DOSSIER' | 'DAY', reason?: string): Transition {
  const event: DossierEvent = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    type: 'PORTAL_RESYNC_REQUESTED',
    at: now.toISOString(),
    actor: { officerId: caller.officerId, agencyCode: caller.agencyCode, role: caller.roles[0] ?? 'UNKNOWN' },
    statusAfter: dossier.status,
    ...(dossier.phase ? { phaseAfter: dossier.phase } : {}),
    scope,
    ...(reason ? { reason } : {}),
  };
  return { dossier: evolve(dossier, event), event };
}

import { DOSSIER_STATUSES, type Dossier, type DossierEvent } from '../dossier';
import { ConflictError } from '../errors';
import { evolve } from './evolve';
import type { Transition } from './types';

/** Delivery: the platform's own action, from the receiver's queue (or its system's acknowledgement). */

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
    throw new ConflictError(`Dossier ${dossier.id} has no pending handoff ${handoffId}`, {
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

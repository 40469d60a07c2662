import { DomainError } from '#domain/errors';
import { deliver, parseOpinionRequestId } from '#domain/lifecycle';
import type { HandoffMessageKind } from '#queue/handoff-message';
import type { ServiceDeps } from './deps';

export type DeliveryOutcome = 'DELIVERED' | 'ALREADY_DELIVERED' | 'DISCARDED';

export interface DeliveryMessage {
  kind: HandoffMessageKind;
  dossierId: string;
  handoffId: string;
  toAgency: string;
  /** Set when an agency's own system acknowledges through the API rather than a platform consumer. */
  acknowledgedBy?: string;
}

/**
 * Applies a queue message in the receiver's inbox. A handoff record moves from SENT to DELIVERED
 * (or DISCARDED, when the dossier ended while it travelled) under a condition, in the same
 * transaction as the dossier, so however often the message arrives its effect happens once.
 */
export async function deliverHandoff(deps: ServiceDeps, message: DeliveryMessage): Promise<DeliveryOutcome> {
  try {
    return message.kind === 'OPINION_REQUEST' ? await deliverOpinionRequest(deps, message) : await deliverTransfer(deps, message);
  } catch (error) {
    // An agency system acknowledging through the API learns nothing about handoffs not addressed
    // to it: every mismatch reads as "no such dossier".
    if (message.acknowledgedBy && error instanceof DomainError && error.code === 'INVALID_MESSAGE') {
      throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${message.dossierId}`, { dossierId: message.dossierId });
    }
    throw error;
  }
}

async function deliverTransfer(deps: ServiceDeps, message: DeliveryMessage): Promise<DeliveryOutcome> {
  const { dossier, handoff, awaitingDelivery } = await deps.store.dossiers.loadForDelivery(message.dossierId, message.handoffId);
  if (!dossier || !handoff) {
    throw new DomainError('INVALID_MESSAGE', `Unknown handoff ${message.handoffId} of dossier ${message.dossierId}`, { ...message });
  }
  if (handoff.toAgency !== message.toAgency) {
    throw new DomainError('INVALID_MESSAGE', `Handoff ${handoff.id} is for ${handoff.toAgency}, not ${message.toAgency}`, { ...message });
  }
  if (!awaitingDelivery) return 'ALREADY_DELIVERED';
  const transition = deliver({ dossier, handoffId: handoff.id, now: deps.now() });
  if (!transition) {
    // The dossier ended (withdrawn) while the handoff travelled: nobody is to receive it.
    return (await deps.store.dossiers.markDiscarded(dossier.id, handoff)) ? 'DISCARDED' : 'ALREADY_DELIVERED';
  }
  return (await deps.store.dossiers.markDelivered(transition)) ? 'DELIVERED' : 'ALREADY_DELIVERED';
}

/** An opinion request needs no dossier change: its record notes the delivery, once. */
async function deliverOpinionRequest(deps: ServiceDeps, message: DeliveryMessage): Promise<DeliveryOutcome> {
  const { consultationId, agencyCode } = parseOpinionRequestId(message.handoffId);
  if (agencyCode !== message.toAgency) {
    throw new DomainError('INVALID_MESSAGE', `Opinion request ${message.handoffId} is not for ${message.toAgency}`, { ...message });
  }
  const delivered = await deps.store.dossiers.markOpinionRequestDelivered(message.dossierId, consultationId, agencyCode, deps.now());
  return delivered ? 'DELIVERED' : 'ALREADY_DELIVERED';
}

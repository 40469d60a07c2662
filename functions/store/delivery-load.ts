import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, Handoff } from '#domain/dossier';
import { dossierFromItem, handoffFromItem } from './dossier-items';
import type { Table } from './table';
import { keys } from './table-design';

/** What a delivery needs to know: the dossier, the handoff the message names, and whether it still waits for delivery. */
export interface DeliveryLoad {
  dossier: Dossier | undefined;
  handoff: Handoff | undefined;
  /**
   * True while the handoff's record may still be SENT. The delivery's transaction re-checks it
   * (its condition on the record), so a true here that is stale by then writes nothing.
   */
  awaitingDelivery: boolean;
}

/**
 * One consistent GetItem of the head in the usual case. The head carries its pending handoff, and
 * every write that moves a handoff record past SENT (delivered, accepted, returned) writes the head
 * in the same transaction, with `deliveredAt` set; so for the handoff the head names, the head
 * answers what the record would. (The one write of the record alone, SENT → DISCARDED, happens
 * only to a dossier that ended: the delivery's own conditional write finds it gone.) Only when the
 * head names another handoff (the dossier moved on, or the message is wrong) is the handoff's own
 * record read as well.
 */
export async function loadForDelivery(table: Table, id: string, handoffId: string): Promise<DeliveryLoad> {
  const get = (Key: { PK: string; SK: string }) =>
    table.db.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true })).then(({ Item }) => Item);
  const head = await get(keys.dossier(id));
  const dossier = head ? dossierFromItem(head) : undefined;
  if (dossier?.handoff?.id === handoffId) {
    return { dossier, handoff: dossier.handoff, awaitingDelivery: dossier.handoff.deliveredAt === undefined };
  }
  const item = await get(keys.handoff(id, handoffId));
  if (!item) return { dossier, handoff: undefined, awaitingDelivery: false };
  const { dossierId: _dossierId, state, ...handoff } = handoffFromItem(item);
  return { dossier, handoff, awaitingDelivery: state === 'SENT' };
}

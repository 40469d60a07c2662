import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierEvent } from '#domain/dossier';
import type { HandoffState } from '#store/dossier-items';
import type { DrivenDossier } from './handoff-driver';

/** What the table says happened to a run's handoffs: the result assertions and the matrix read it. */
export interface Ledger {
  handoffs: number;
  /** Sent but never delivered: no DELIVERED event, or the handoff record still SENT. */
  lost: string[];
  /** Applied more than once: more than one DELIVERED event for the handoff. */
  appliedTwice: string[];
  /** Dossiers whose history is not versions 1..n without a gap. */
  gaps: string[];
  /** Handoffs the driver sent that the history does not show (a driver or table fault). */
  missingFromHistory: string[];
}

/** Reads every dossier's history and handoff records (consistent reads) and checks them. */
export async function audit(db: DynamoDBDocumentClient, tableName: string, dossiers: readonly DrivenDossier[]): Promise<Ledger> {
  const ledger: Ledger = { handoffs: 0, lost: [], appliedTwice: [], gaps: [], missingFromHistory: [] };
  for (const dossier of dossiers) {
    const items = await partition(db, tableName, dossier.id);
    const events = items.filter((item) => item.entity === 'EVENT') as unknown as DossierEvent[];
    const states = new Map(items.filter((item) => item.entity === 'HANDOFF').map((item) => [String(item.id), item.state as HandoffState]));
    const versions = events.map((event) => event.version);
    if (versions.some((version, index) => version !== index + 1)) ledger.gaps.push(dossier.id);
    const sent = events
      .filter((event) => event.type === 'TRANSFERRED' || event.type === 'HANDOFF_RETURNED')
      .map((event) => event.handoff!.id);
    const deliveries = new Map<string, number>();
    for (const event of events) {
      if (event.type === 'DELIVERED') deliveries.set(event.handoff!.id, (deliveries.get(event.handoff!.id) ?? 0) + 1);
    }
    ledger.handoffs += sent.length;
    for (const handoffId of sent) {
      const delivered = deliveries.get(handoffId) ?? 0;
      if (delivered === 0 || states.get(handoffId) === 'SENT' || !states.has(handoffId)) ledger.lost.push(handoffId);
      if (delivered > 1) ledger.appliedTwice.push(handoffId);
    }
    ledger.missingFromHistory.push(...dossier.handoffIds.filter((id) => !sent.includes(id)));
  }
  return ledger;
}

async function partition(db: DynamoDBDocumentClient, tableName: string, dossierId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierId}` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  // Events come in SK order (EVENT#<8-digit version>), which is version order.
  return items;
}

import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '#domain/dossier';
import type { Transition } from '#domain/lifecycle';
import type { ReconciliationReport } from '#domain/online/reconcile';
import { batchRead } from './batch-read';
import { dossierFromItem, dossierItem, eventItem } from './dossier-items';
import { failedConditionIndex, isTransactionConflict, translated } from './errors';
import { withoutStorageAttributes } from './queries';
import { conditionalPut, IS_NEW, type Table } from './table';

/**
 * Issue 10's items (functions/store/table-design.ts lists the rest):
 *   DOSSIER#<id>            / INBOUND#<portal item id>  a portal item this dossier took (answer, payment)
 *   PORTAL_INTAKE#FAILED    / <at>#<portal item id>    an inbound item refused, for the operator (expires)
 *   RECONCILIATION#<yyyymmdd> / AGENCY#<code>          the last comparison of that day and agency with the portal
 */
const keys = {
  inbound: (dossierId: string, itemId: string) => ({ PK: `DOSSIER#${dossierId}`, SK: `INBOUND#${itemId}` }),
  dossier: (id: string) => ({ PK: `DOSSIER#${id}`, SK: 'DOSSIER' }),
  intakeFailures: 'PORTAL_INTAKE#FAILED',
  reconciliation: (day: string, agencyCode: string) => ({ PK: `RECONCILIATION#${day.replaceAll('-', '')}`, SK: `AGENCY#${agencyCode}` }),
};

/** Refused items stay listed for 30 days: long enough for an operator to look, short enough to need no cleanup. */
const FAILURE_RETENTION_SECONDS = 30 * 86_400;

export interface IntakeFailureRecord {
  itemId: string;
  kind?: string;
  portalCode?: string;
  code: string;
  message: string;
  at: string;
}

export type InboundCommit = 'COMMITTED' | 'ALREADY_TAKEN';

export function onlineStore(table: Table) {
  return {
    /** The dossier a portal item is about, and whether it took that item before. */
    async loadForInbound(dossierId: string, itemId: string): Promise<{ dossier: Dossier | undefined; taken: boolean }> {
      const [head, marker] = await batchRead(table.db, table.name, [keys.dossier(dossierId), keys.inbound(dossierId, itemId)]);
      return { dossier: head ? dossierFromItem(head) : undefined, taken: marker !== undefined };
    },

    /**
     * The transition a portal item caused, with the item's mark, in one transaction: the same item
     * arriving again (or twice at once) finds the mark and changes nothing.
     */
    async commitInbound(transition: Transition, itemId: string): Promise<InboundCommit> {
      const { dossier, event } = transition;
      try {
        await table.db.send(
          new TransactWriteCommand({
            TransactItems: [
              conditionalPut(table, dossierItem(dossier), {
                expression: 'version = :previous',
                values: { ':previous': dossier.version - 1 },
              }),
              conditionalPut(table, eventItem(event), IS_NEW),
              conditionalPut(
                table,
                { ...keys.inbound(dossier.id, itemId), entity: 'INBOUND', itemId, version: dossier.version, at: event.at },
                IS_NEW,
              ),
            ],
          }),
        );
        return 'COMMITTED';
      } catch (error) {
        const failed = failedConditionIndex(error);
        if (failed === 2) return 'ALREADY_TAKEN';
        if (failed === 0 || failed === 1)
          throw translated('STALE_VERSION', `Dossier ${dossier.id} changed since it was read`, { dossierId: dossier.id }, error);
        if (isTransactionConflict(error))
          throw translated('CONFLICT', `Another change to dossier ${dossier.id} was in flight`, { dossierId: dossier.id }, error);
        throw error;
      }
    },

    async recordIntakeFailure(failure: IntakeFailureRecord): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            PK: keys.intakeFailures,
            SK: `${failure.at}#${failure.itemId}`,
            entity: 'INTAKE_FAILURE',
            ...failure,
            expiresAt: Math.floor(Date.parse(failure.at) / 1000) + FAILURE_RETENTION_SECONDS,
          },
        }),
      );
    },

    /** Refused inbound items, latest first. */
    async intakeFailures(first: number): Promise<IntakeFailureRecord[]> {
      const { Items = [] } = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.intakeFailures },
          ScanIndexForward: false,
          Limit: first,
        }),
      );
      return Items.map((item) => {
        const { expiresAt: _expires, ...rest } = withoutStorageAttributes<IntakeFailureRecord & { expiresAt?: number }>(item);
        return rest;
      });
    },

    async saveReconciliation(report: ReconciliationReport): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...keys.reconciliation(report.day, report.agencyCode), entity: 'RECONCILIATION', ...report },
        }),
      );
    },

    async reconciliation(day: string, agencyCode: string): Promise<ReconciliationReport | undefined> {
      const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.reconciliation(day, agencyCode) }));
      return Item ? withoutStorageAttributes<ReconciliationReport>(Item) : undefined;
    },
  };
}

export type OnlineStore = ReturnType<typeof onlineStore>;

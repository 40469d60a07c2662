import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierEvent } from '#domain/dossier';
import type { PortalSyncRecord } from '#portal/sync-plan';
import { batchRead } from './batch-read';
import { procedureFromItem } from './catalog-store';
import { dossierFromItem, eventFromItem } from './dossier-items';
import { isConditionFailure } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

/** Everything one portal sync needs, read in two requests (made at once). */
export interface PortalSyncLoad {
  dossier: Dossier | undefined;
  events: DossierEvent[];
  record: PortalSyncRecord | undefined;
  field: { code: string; name: string } | undefined;
}

/** Only an older acknowledgement (or none) may be replaced: the portal's newest state is kept here too. */
const OLDER_ONLY = 'attribute_not_exists(acknowledgedVersion) OR acknowledgedVersion < :version';

/**
 * The dossier's sync with the national portal: `DOSSIER#<id> / PORTAL_SYNC`, beside the head and
 * its events. Every change of it is ONE conditional UpdateItem.
 */
export function portalStore(table: Table) {
  return {
    async loadForPortalSync(dossierId: string): Promise<PortalSyncLoad> {
      const { PK } = keys.dossier(dossierId);
      // The head (SK DOSSIER) and the events (EVENT#…) sort next to each other: one consistent Query.
      const headAndEvents = async () => {
        const items: Record<string, unknown>[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await table.db.send(
            new QueryCommand({
              TableName: table.name,
              KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': PK, ':from': 'DOSSIER', ':to': `${keys.dossierEventPrefix}~` },
              ConsistentRead: true,
              ExclusiveStartKey: startKey,
            }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return items;
      };
      const [items, [syncItem]] = await Promise.all([headAndEvents(), batchRead(table.db, table.name, [keys.portalSync(dossierId)])]);
      const head = items.find((item) => item.SK === 'DOSSIER');
      const dossier = head ? dossierFromItem(head) : undefined;
      const events = items.filter((item) => item.SK !== 'DOSSIER').map(eventFromItem);
      const procedure = dossier
        ? (await batchRead(table.db, table.name, [keys.procedureCurrent(dossier.procedureCode)], false))[0]
        : undefined;
      return {
        dossier,
        events,
        record: syncItem ? recordFromItem(syncItem) : undefined,
        field: procedure ? procedureFromItem(procedure).field : undefined,
      };
    },

    /** The portal took `version`: it becomes the acknowledged one, the error and attempts are cleared. False: a newer one already was. */
    async commitPortalAcknowledged(dossierId: string, version: number, at: Date): Promise<boolean> {
      return conditionalUpdate(table, dossierId, {
        expression:
          'SET entity = :entity, dossierId = :id, acknowledgedVersion = :version, acknowledgedAt = :at, lastAttemptAt = :at, attempts = :zero REMOVE lastError',
        values: { ':entity': 'PORTAL_SYNC', ':id': dossierId, ':version': version, ':at': at.toISOString(), ':zero': 0 },
      });
    },

    /** A failed attempt at `version`, unless a newer version was acknowledged meanwhile. */
    async recordPortalSyncFailure(
      dossierId: string,
      version: number,
      error: { code: string; message: string },
      at: Date,
    ): Promise<boolean> {
      return conditionalUpdate(table, dossierId, {
        expression:
          'SET entity = :entity, dossierId = :id, lastError = :error, lastAttemptAt = :at, attempts = if_not_exists(attempts, :zero) + :one',
        values: {
          ':entity': 'PORTAL_SYNC',
          ':id': dossierId,
          ':version': version,
          ':error': { ...error, version, at: at.toISOString() },
          ':at': at.toISOString(),
          ':zero': 0,
          ':one': 1,
        },
      });
    },

    /** The sync records of several dossiers (GraphQL's Dossier.portalSync), in their order. */
    async portalSyncRecords(dossierIds: readonly string[]): Promise<(PortalSyncRecord | undefined)[]> {
      const items = await batchRead(table.db, table.name, dossierIds.map(keys.portalSync), false);
      return items.map((item) => (item ? recordFromItem(item) : undefined));
    },
  };
}

/** `update.values` carries `:version`, which the condition compares with the acknowledged one. */
async function conditionalUpdate(
  table: Table,
  dossierId: string,
  update: { expression: string; values: Record<string, unknown> },
): Promise<boolean> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.portalSync(dossierId),
        UpdateExpression: update.expression,
        ConditionExpression: OLDER_ONLY,
        ExpressionAttributeValues: update.values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function recordFromItem(item: Record<string, unknown>): PortalSyncRecord {
  const record: PortalSyncRecord = { acknowledgedVersion: Number(item.acknowledgedVersion ?? 0), attempts: Number(item.attempts ?? 0) };
  if (typeof item.acknowledgedAt === 'string') record.acknowledgedAt = item.acknowledgedAt;
  if (typeof item.lastAttemptAt === 'string') record.lastAttemptAt = item.lastAttemptAt;
  if (item.lastError) record.lastError = item.lastError as NonNullable<PortalSyncRecord['lastError']>;
  return record;
}

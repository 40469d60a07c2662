import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Dossier } from '#domain/dossier';
import { ConflictError } from '#domain/errors';
import type { Transition } from '#domain/lifecycle';
import { MIGRATED_MARK } from '#queue/outbox';
import { agencyFromItem, agencyItem } from './agency-store';
import { batchRead } from './batch-read';
import { dossierFromItem, dossierItem, eventItem, handoffItem } from './dossier-items';
import { failedConditionIndex, isTransactionConflict } from './errors';
import { queryWholePartition } from './queries';
import { INDEXES, keys } from './table-design';

/**
 * The province migration's access to tables: reading a pre-merge province's table whole, and
 * writing its records into the merged province's table without overwriting anything. Keys,
 * mappers and conditions stay here; the service sees records and outcomes.
 */

/** One stored item of a source table. `stored` is opaque outside the store: it goes back to `copy`. */
export interface SourceRecord {
  /** Unique within a table: two sources with the same one would overwrite each other. */
  key: string;
  entity: string;
  agency?: Agency;
  dossier?: Dossier;
  /** The dossier whose partition the record is in (head, events, handoffs, opinion requests, reads). */
  dossierId?: string;
  readonly stored: Readonly<Record<string, unknown>>;
}

export type CopyOutcome = 'WRITTEN' | 'PRESENT';
/** How the target compares with what a record would write there. */
export type TargetState = 'ABSENT' | 'SAME' | 'DIFFERENT';

type ItemKey = { PK: string; SK: string };

const keyOf = (item: Readonly<Record<string, unknown>>): ItemKey => ({ PK: String(item.PK), SK: String(item.SK) });
const keyString = (item: Readonly<Record<string, unknown>>) => `${String(item.PK)}\u0000${String(item.SK)}`;
const BATCH = 100;
const DOSSIER_PARTITION = keys.dossier('').PK;

/** A table named for the migration does not exist. */
export class MissingTableError extends Error {
  readonly code = 'MISSING_TABLE';
  constructor(
    readonly tableName: string,
    options?: { cause?: unknown },
  ) {
    super(`No table ${tableName}`, options);
    this.name = 'MissingTableError';
  }
}

function toRecord(item: Record<string, unknown>): SourceRecord {
  const entity = String(item.entity ?? 'UNKNOWN');
  const partition = String(item.PK);
  return {
    key: keyString(item),
    entity,
    ...(partition.startsWith(DOSSIER_PARTITION) ? { dossierId: partition.slice(DOSSIER_PARTITION.length) } : {}),
    ...(entity === 'AGENCY' ? { agency: agencyFromItem(item) } : {}),
    ...(entity === 'DOSSIER' ? { dossier: dossierFromItem(item) } : {}),
    stored: item,
  };
}

export class MigrationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Every item of the table, a page at a time. A Scan: moving a whole pre-merge table into the
   * merged province is a one-off migration that must read everything, not a request path; this
   * is the only Scan in the platform and it only ever reads a SOURCE table. Strongly consistent,
   * so a record written just before the cut-over is not missed.
   */
  async *scan(pageSize = 500): AsyncGenerator<SourceRecord[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, Limit: pageSize, ExclusiveStartKey: startKey }),
      );
      yield (page.Items ?? []).map(toRecord);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The agency tree under the table's root agencies (provinces), read by index, parents first. */
  async agencyTree(): Promise<Agency[]> {
    try {
      return await this.readTree();
    } catch (error) {
      if (error instanceof ResourceNotFoundException) throw new MissingTableError(this.tableName, { cause: error });
      throw error;
    }
  }

  private async readTree(): Promise<Agency[]> {
    const agencies: Agency[] = [];
    let parents: (string | null)[] = [null];
    while (parents.length > 0) {
      const found: Agency[] = [];
      // Sixteen partitions at a time: a three-tier province has a few hundred agencies.
      for (let start = 0; start < parents.length; start += 16) {
        const level = await Promise.all(
          parents
            .slice(start, start + 16)
            .map((parent) => queryWholePartition(this.db, this.tableName, INDEXES.byParent, keys.agencyChildren(parent))),
        );
        found.push(...level.flat().map(agencyFromItem));
      }
      agencies.push(...found);
      // Any agency may have agencies under it (a commune's service centre, a department's office).
      parents = found.map((agency) => agency.code);
    }
    return agencies;
  }

  /** What each record would write into this (target) table, compared with what is there now. */
  async compare(records: readonly SourceRecord[], origin: string): Promise<TargetState[]> {
    const planned = records.map((record) => plannedItem(record, origin));
    const existing: (Record<string, unknown> | undefined)[] = [];
    for (let start = 0; start < planned.length; start += BATCH) {
      existing.push(...(await batchRead(this.db, this.tableName, planned.slice(start, start + BATCH).map(keyOf))));
    }
    return planned.map((item, index) => {
      const there = existing[index];
      if (!there) return 'ABSENT';
      return isDeepStrictEqual(there, item) ? 'SAME' : 'DIFFERENT';
    });
  }

  /** Dossier heads of this (target) table by id; absent ones are missing from the map. */
  async dossiers(ids: readonly string[]): Promise<Map<string, Dossier>> {
    const found = new Map<string, Dossier>();
    for (let start = 0; start < ids.length; start += BATCH) {
      const items = await batchRead(this.db, this.tableName, ids.slice(start, start + BATCH).map(keys.dossier));
      for (const item of items) if (item) found.set(String(item.id), dossierFromItem(item));
    }
    return found;
  }

  /** Writes a source record into this (target) table unless its key is taken: a re-run writes nothing. */
  async copy(record: SourceRecord, origin: string): Promise<CopyOutcome> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: plannedItem(record, origin), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return 'WRITTEN';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'PRESENT';
      throw error;
    }
  }

  /**
   * One reassignment, one transaction: the head (only if still at the version the plan saw), the
   * REASSIGNED event (the stream relays it), its handoff record (SENT, for the consumer to
   * deliver), the undelivered handoff it replaces marked DISCARDED, and the opinion requests of the
   * consultation it closed taken out of the consulted agencies' lists. 'DONE_BEFORE' when the head
   * had already moved on: an earlier run reassigned it.
   */
  async commitReassignment(
    transition: Transition,
    options: { supersedes?: string; unansweredOpinions?: readonly string[] } = {},
  ): Promise<'COMMITTED' | 'DONE_BEFORE'> {
    const { supersedes, unansweredOpinions = [] } = options;
    const consultationId = transition.dossier.consultation?.id;
    const { dossier, event } = transition;
    const put = (Item: Record<string, unknown>, ConditionExpression: string, ExpressionAttributeValues?: Record<string, unknown>) => ({
      Put: { TableName: this.tableName, Item, ConditionExpression, ...(ExpressionAttributeValues ? { ExpressionAttributeValues } : {}) },
    });
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            put(dossierItem(dossier), 'version = :previous', { ':previous': dossier.version - 1 }),
            put(eventItem(event), 'attribute_not_exists(PK)'),
            // SENT although it carries acceptedAt: the consumer delivers it (SENT → ACCEPTED) like any other.
            ...(event.type === 'REASSIGNED' && event.handoff
              ? [put({ ...handoffItem(dossier.id, event.handoff), state: 'SENT' }, 'attribute_not_exists(PK)')]
              : []),
            ...(supersedes
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: keys.handoff(dossier.id, supersedes),
                      UpdateExpression: 'SET #state = :discarded',
                      ConditionExpression: '#state = :sent',
                      ExpressionAttributeNames: { '#state': 'state' },
                      ExpressionAttributeValues: { ':discarded': 'DISCARDED', ':sent': 'SENT' },
                    },
                  },
                ]
              : []),
            ...(consultationId
              ? unansweredOpinions.map((agencyCode) => ({
                  Update: {
                    TableName: this.tableName,
                    Key: keys.opinionRequest(dossier.id, consultationId, agencyCode),
                    UpdateExpression: 'REMOVE GSI1PK, GSI1SK',
                    ConditionExpression: 'attribute_exists(PK)',
                  },
                }))
              : []),
          ],
        }),
      );
      return 'COMMITTED';
    } catch (error) {
      if (failedConditionIndex(error) === 0) return 'DONE_BEFORE';
      // Someone else (the new holder, already) wrote the dossier at the same moment: run again.
      if (isTransactionConflict(error))
        throw new ConflictError(`Dossier ${dossier.id} changed during its reassignment`, { dossierId: dossier.id }, { cause: error });
      throw error;
    }
  }
}

/**
 * The item a source record becomes in the merged province's table, marked with its origin (the
 * relay skips marked events: the old deployment sent them). Keys do not change. An agency is
 * written as the service gives it (closed, by the plan). A dossier head's index keys are derived
 * again here, so the citizen-ID hash uses the merged province's key, not the old deployment's.
 */
function plannedItem(record: SourceRecord, origin: string): Record<string, unknown> {
  const mark = { [MIGRATED_MARK]: origin };
  if (record.agency) return { ...agencyItem(record.agency), ...mark };
  if (record.dossier) return { ...dossierItem(record.dossier), ...mark };
  return { ...record.stored, ...mark };
}

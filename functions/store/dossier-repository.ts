import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierEvent, DossierStatus, OpinionRequest } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import type { Transition } from '#domain/lifecycle';
import { citizenIdHash } from '#domain/personal-data';
import { batchRead, type ItemKey } from './batch-read';
import {
  dossierFromItem,
  dossierItem,
  eventFromItem,
  eventItem,
  type HandoffRecord,
  handoffFromItem,
  type OpinionRequestRecord,
  opinionRequestFromItem,
} from './dossier-items';
import { hashKey } from './keys-config';
import { decodeCursor, encodeCursor, type Page } from './pagination';
import { INDEXES, keys } from './table-design';

export interface PutCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Thrown when one of the extra items of a transaction (not the head) failed its condition. */
export class ExtraConditionFailed extends Error {
  constructor(readonly index: number) {
    super(`Condition of extra transaction item ${index} failed`);
  }
}

export class DossierRepository {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get(id: string): Promise<Dossier | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.dossier(id) }));
    return Item ? dossierFromItem(Item) : undefined;
  }

  /** The head plus another item of any partition, in one request (e.g. the day's sequence counter). */
  async getWith(id: string, other: ItemKey): Promise<[Dossier | undefined, Record<string, unknown> | undefined]> {
    const [head, item] = await batchRead(this.db, this.tableName, [keys.dossier(id), other]);
    return [head ? dossierFromItem(head) : undefined, item];
  }

  async getWithHandoff(id: string, handoffId: string): Promise<[Dossier | undefined, HandoffRecord | undefined]> {
    const [dossier, handoff] = await this.getWith(id, keys.handoff(id, handoffId));
    return [dossier, handoff ? handoffFromItem(handoff) : undefined];
  }

  async findByCode(code: string): Promise<Dossier | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.byCode.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byCode.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.code(code) },
        Limit: 1,
      }),
    );
    const item = Items?.[0];
    return item ? dossierFromItem(item) : undefined;
  }

  /** An agency's inbox ordered by due date (earliest first), optionally for one status. */
  async inbox(agencyCode: string, options: { status?: DossierStatus; first: number; after?: string }): Promise<Page<Dossier>> {
    const index = options.status ? INDEXES.byStatus : INDEXES.byParent;
    const partition = options.status ? keys.inboxByStatus(agencyCode, options.status) : keys.inbox(agencyCode);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': partition },
        Limit: options.first + 1,
        ExclusiveStartKey: options.after ? decodeCursor(options.after, { [index.partitionKey]: partition }) : undefined,
      }),
    );
    return this.page(Items, options.first, ['PK', 'SK', index.partitionKey, index.sortKey]);
  }

  /** One item more than asked tells whether a next page exists without a second round trip. */
  private page(items: Record<string, unknown>[], first: number, keyNames: string[]): Page<Dossier> {
    const pageItems = items.slice(0, first);
    const last = pageItems.at(-1);
    const hasNextPage = items.length > first && last !== undefined;
    return {
      items: pageItems.map(dossierFromItem),
      hasNextPage,
      endCursor: hasNextPage ? encodeCursor(pick(last, keyNames)) : null,
    };
  }

  /** The receiving one-stop's register: dossiers received in [from, to), oldest first. */
  async register(agencyCode: string, options: { from: string; to: string; first: number; after?: string }): Promise<Page<Dossier>> {
    const index = INDEXES.byRegister;
    const partition = keys.register(agencyCode);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: { ':pk': partition, ':from': options.from, ':to': options.to },
        Limit: options.first + 1,
        ExclusiveStartKey: options.after ? decodeCursor(options.after, { [index.partitionKey]: partition }) : undefined,
      }),
    );
    return this.page(Items, options.first, ['PK', 'SK', index.partitionKey, index.sortKey]);
  }

  /** A citizen's dossiers, found by the keyed hash of the ID number, newest first. */
  async byCitizenId(idNumber: string, first: number): Promise<Dossier[]> {
    const index = INDEXES.byCitizen;
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.citizen(citizenIdHash(idNumber, hashKey('PERSONAL_DATA_KEY'))) },
        ScanIndexForward: false,
        Limit: first,
      }),
    );
    return Items.map(dossierFromItem);
  }

  async history(id: string): Promise<DossierEvent[]> {
    const events: DossierEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.dossier(id).PK, ':prefix': keys.dossierEventPrefix },
          ExclusiveStartKey: startKey,
        }),
      );
      events.push(...(page.Items ?? []).map(eventFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  /**
   * Writes one transition as one transaction: the new head (only if the stored head is still at
   * the version the transition was computed from), its event (never overwriting history), and any
   * extra items the action needs (sequence counter, handoff record).
   */
  async commit(transition: Transition, extra: TransactItem[] = []): Promise<void> {
    const previousVersion = transition.dossier.version - 1;
    const headCondition =
      previousVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': previousVersion } };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: dossierItem(transition.dossier), ...headCondition } },
            {
              Put: {
                TableName: this.tableName,
                Item: eventItem(transition.event),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...extra,
          ],
        }),
      );
    } catch (error) {
      throw translateCancellation(error, transition.dossier.id);
    }
  }

  /** One full read of a dossier, kept beside its history (who, from which agency, when). */
  async recordRead(
    dossierId: string,
    read: { officerId: string; agencyCode: string; roles: readonly string[]; at: Date; requestId: string },
  ): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: keys.dossier(dossierId).PK,
          SK: `${keys.dossierReadPrefix}${read.at.toISOString()}#${read.requestId}`,
          entity: 'READ',
          dossierId,
          officerId: read.officerId,
          agencyCode: read.agencyCode,
          roles: [...read.roles],
          at: read.at.toISOString(),
          requestId: read.requestId,
        },
      }),
    );
  }

  async readLog(dossierId: string, last: number): Promise<DossierReadRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': keys.dossierReadPrefix },
        ScanIndexForward: false,
        Limit: last,
      }),
    );
    return Items.map((item) => ({
      officerId: String(item.officerId),
      agencyCode: String(item.agencyCode),
      roles: (item.roles as string[]) ?? [],
      at: String(item.at),
    }));
  }

  async lookupThrottle(code: string): Promise<{ failures: number; blockedUntil: string } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lookupThrottle(code), ConsistentRead: true }),
    );
    return Item ? { failures: Number(Item.failures), blockedUntil: String(Item.blockedUntil) } : undefined;
  }

  /** Throttle records expire by themselves a day after the last failure (TTL). */
  async recordLookupFailure(code: string, failures: number, blockedUntil: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.lookupThrottle(code),
          entity: 'LOOKUP_THROTTLE',
          failures,
          blockedUntil: blockedUntil.toISOString(),
          expiresAt: Math.floor(blockedUntil.getTime() / 1000) + 86_400,
        },
      }),
    );
  }

  async clearLookupThrottle(code: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.lookupThrottle(code) }));
  }

  /** A single conditional Put outside any transition (a handoff discarded in transit). */
  async putItem(item: Record<string, unknown>, condition: PutCondition): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: condition.values,
      }),
    );
  }

  /** Notes an opinion request's delivery; false when it was noted before (a redelivered message). */
  async markOpinionRequestDelivered(dossierId: string, consultationId: string, agencyCode: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.opinionRequest(dossierId, consultationId, agencyCode),
          UpdateExpression: 'SET deliveredAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deliveredAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.opinionRequest(dossierId, consultationId, agencyCode) }),
      );
      if (!Item) throw new DomainError('INVALID_MESSAGE', `Unknown opinion request ${consultationId}.${agencyCode}`, { dossierId });
      return false;
    }
  }

  /** The open opinion requests addressed to an agency, earliest due first. */
  async opinionRequests(agencyCode: string, first: number): Promise<OpinionRequestRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.byParent.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byParent.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.opinionInbox(agencyCode) },
        Limit: first,
      }),
    );
    return Items.map(opinionRequestFromItem);
  }

  /**
   * The transaction item that settles an opinion request beside its dossier: the answer, if any,
   * and out of the consulted agency's list. An update, so its delivery record stays as it was.
   */
  settleOpinionRequest(dossierId: string, consultationId: string, request: OpinionRequest): TransactItem {
    const answer = request.answeredAt
      ? {
          ':answeredAt': request.answeredAt,
          ':opinion': request.opinion ?? '',
          ':agrees': request.agrees ?? false,
          ':answeredBy': request.answeredBy ?? '',
        }
      : {};
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.opinionRequest(dossierId, consultationId, request.agencyCode),
        UpdateExpression: `${request.answeredAt ? 'SET answeredAt = :answeredAt, opinion = :opinion, agrees = :agrees, answeredBy = :answeredBy ' : ''}REMOVE GSI1PK, GSI1SK`,
        ConditionExpression: 'attribute_exists(PK)',
        ...(request.answeredAt ? { ExpressionAttributeValues: answer } : {}),
      },
    };
  }

  /** A conditional Put to add to `commit` as an extra transaction item. */
  put(item: Record<string, unknown>, condition: PutCondition): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: condition.names,
        ExpressionAttributeValues: condition.values,
      },
    };
  }
}

function pick(item: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

export interface DossierReadRecord {
  officerId: string;
  agencyCode: string;
  roles: string[];
  at: string;
}

export const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

function translateCancellation(error: unknown, dossierId: string): unknown {
  if (!(error instanceof TransactionCanceledException)) return error;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
  if (failed === 0 || failed === 1) {
    return new DomainError('STALE_VERSION', `Dossier ${dossierId} changed since it was read`, { dossierId });
  }
  if (failed >= 2) return new ExtraConditionFailed(failed - 2);
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
    return new DomainError('CONFLICT', `Another change to dossier ${dossierId} was in flight`, { dossierId });
  }
  return error;
}

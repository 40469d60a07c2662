import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VoidNumber, VoidReason } from '#domain/codes/number-register';
import { isConditionFailure } from './errors';
import { decodeCursorWithin, type Page, pageOfItems } from './pagination';
import { conditionalPut, IS_NEW, type Table, type TransactItem } from './table';
import { INDEXES, keys } from './table-design';

/**
 * The day's dossier numbers of a receiving agency (issue 14, "a busy counter"). The counter item
 * `SEQUENCE#<agency>#<yymmdd> / SEQUENCE` holds the last number reserved; beside it, in the same
 * partition, one `NUMBER#<nnnnnn>` item per number given to a dossier (USED) or voided (VOID), so
 * one Query reads a day's whole account. Void numbers are also on the register index (GSI4, under
 * `REGISTER_VOID#<agency>`), so a register period lists them with one Query whatever its length.
 */

export interface NumberedDay {
  last: number;
  recorded: Set<number>;
}

const numberItem = (agencyCode: string, day: string, number: number, fields: Record<string, unknown>) => ({
  ...keys.dayNumber(agencyCode, day, number),
  entity: 'NUMBER',
  agencyCode,
  day,
  number,
  ...fields,
});

/** The item an acceptance's transaction writes: this number is taken by this dossier, once. */
export function usedNumberPut(
  table: Table,
  number: { agencyCode: string; day: string; number: number; dossierId: string; code: string; at: string },
): TransactItem {
  return conditionalPut(
    table,
    numberItem(number.agencyCode, number.day, number.number, {
      state: 'USED',
      dossierId: number.dossierId,
      code: number.code,
      at: number.at,
    }),
    IS_NEW,
  );
}

const voidFromItem = (item: Record<string, unknown>): VoidNumber => ({
  agencyCode: String(item.agencyCode),
  day: String(item.day),
  number: Number(item.number),
  reason: item.reason as VoidReason,
  at: String(item.at),
  ...(item.detail ? { detail: String(item.detail) } : {}),
  ...(item.dossierId ? { dossierId: String(item.dossierId) } : {}),
});

/** The register index's query for an agency's voids in [from, to). */
function voidsQuery(table: Table, agencyCode: string, from: string, to: string) {
  const index = INDEXES.byRegister;
  return {
    TableName: table.name,
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
    // `to` is exclusive: a key is `<instant>#…`, which sorts after `to` itself when the instant is `to`.
    ExpressionAttributeValues: { ':pk': keys.registerVoids(agencyCode), ':from': from, ':to': to },
  };
}

export function numberingStore(table: Table) {
  return {
    /**
     * The agency's next number of the day: one atomic increment without a condition, so
     * concurrent acceptances never conflict over it (each gets its own number).
     */
    async reserveNumber(agencyCode: string, day: string): Promise<number> {
      const { Attributes } = await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.sequence(agencyCode, day),
          UpdateExpression: 'ADD #last :one SET #entity = :entity',
          ExpressionAttributeNames: { '#last': 'last', '#entity': 'entity' },
          ExpressionAttributeValues: { ':one': 1, ':entity': 'SEQUENCE' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.last);
    },

    /** Records a number as void with its reason; false if it was recorded already (used, or voided before). */
    async voidNumber(entry: VoidNumber, registerAt: string): Promise<boolean> {
      const { agencyCode, day, number, reason, detail, dossierId, at } = entry;
      try {
        await table.db.send(
          new PutCommand({
            TableName: table.name,
            Item: numberItem(agencyCode, day, number, {
              state: 'VOID',
              reason,
              at,
              ...(detail ? { detail } : {}),
              ...(dossierId ? { dossierId } : {}),
              GSI4PK: keys.registerVoids(agencyCode),
              GSI4SK: `${registerAt}#${day}#${String(number).padStart(6, '0')}`,
            }),
            ConditionExpression: IS_NEW.expression,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** The day's account: the last number reserved and the numbers recorded (used or void). One Query, paged. */
    async numberedDay(agencyCode: string, day: string): Promise<NumberedDay> {
      const { PK } = keys.sequence(agencyCode, day);
      let last = 0;
      const recorded = new Set<number>();
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': PK },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.entity === 'SEQUENCE') last = Number(item.last ?? 0);
          else if (item.entity === 'NUMBER') recorded.add(Number(item.number));
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return { last, recorded };
    },

    /** Void numbers of an agency recorded for register instants in [from, to), oldest first: every page (the printed register). */
    async voidNumbers(agencyCode: string, from: string, to: string): Promise<VoidNumber[]> {
      const found: VoidNumber[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.db.send(new QueryCommand({ ...voidsQuery(table, agencyCode, from, to), ExclusiveStartKey: startKey }));
        found.push(...(page.Items ?? []).map(voidFromItem));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return found;
    },

    /**
     * One page of the same list (the GraphQL register): one Query of `first + 1` items, the extra
     * one telling whether a next page exists. The cursor is accepted only for this agency's voids
     * and this period, so it can neither page into another agency's register nor make DynamoDB
     * refuse a start key outside the key condition.
     */
    async voidNumberPage(
      agencyCode: string,
      options: { from: string; to: string; first: number; after?: string },
    ): Promise<Page<VoidNumber>> {
      const { from, to, first, after } = options;
      const index = INDEXES.byRegister;
      const startKey = after
        ? decodeCursorWithin(after, { [index.partitionKey]: keys.registerVoids(agencyCode) }, index.sortKey, [from, to])
        : undefined;
      const { Items = [] } = await table.db.send(
        new QueryCommand({ ...voidsQuery(table, agencyCode, from, to), Limit: first + 1, ExclusiveStartKey: startKey }),
      );
      return pageOfItems(Items, first, ['PK', 'SK', index.partitionKey, index.sortKey], voidFromItem);
    },
  };
}

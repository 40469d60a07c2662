import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Procedure } from '#domain/catalog';
import { DomainError } from '#domain/errors';
import { batchRead } from './batch-read';
import { queryWholePartition, withoutStorageAttributes } from './queries';
import { INDEXES, keys } from './table-design';

/**
 * A procedure version is written twice: as its immutable version item (listed in the catalog
 * index) and as the procedure's CURRENT item, so a submission reads the current terms with a
 * plain key in the same BatchGetItem as the agencies it needs.
 */
export function procedureItems(procedure: Procedure): Record<string, unknown>[] {
  return [
    {
      ...keys.procedure(procedure.code, procedure.version),
      entity: 'PROCEDURE',
      ...procedure,
      GSI1PK: keys.catalog,
      GSI1SK: `${procedure.code}#${String(procedure.version).padStart(4, '0')}`,
    },
    { ...keys.procedureCurrent(procedure.code), entity: 'PROCEDURE', ...procedure },
  ];
}

export const procedureFromItem = (item: Record<string, unknown>): Procedure => withoutStorageAttributes<Procedure>(item);

export class CatalogRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The current (highest) version of every procedure. */
  async list(): Promise<Procedure[]> {
    const latest = new Map<string, Procedure>();
    // Sorted by code then version, so the last one seen per code is the current version.
    for (const item of await queryWholePartition(this.db, this.tableName, INDEXES.byParent, keys.catalog)) {
      latest.set(item.code as string, procedureFromItem(item));
    }
    return [...latest.values()];
  }

  /** Exact versions in one BatchGetItem (e.g. the procedures of an inbox page), in the order asked. */
  async getVersions(wanted: readonly { code: string; version: number }[]): Promise<(Procedure | undefined)[]> {
    const items = await batchRead(
      this.db,
      this.tableName,
      wanted.map(({ code, version }) => keys.procedure(code, version)),
      false,
    );
    return items.map((item) => (item ? procedureFromItem(item) : undefined));
  }

  /** A given version, or the current one when no version is asked. */
  async get(code: string, version?: number): Promise<Procedure | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: version === undefined ? keys.procedureCurrent(code) : keys.procedure(code, version),
      }),
    );
    return Item ? procedureFromItem(Item) : undefined;
  }

  /**
   * Publishes a new version: the version item and the CURRENT copy in one transaction, on the
   * condition that CURRENT is still the version the new one was computed from.
   */
  async publish(procedure: Procedure): Promise<void> {
    const [versionItem, currentItem] = procedureItems(procedure);
    const previous = procedure.version - 1;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: versionItem, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: currentItem,
                ...(previous === 0
                  ? { ConditionExpression: 'attribute_not_exists(PK)' }
                  : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': previous } }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new DomainError('CONFLICT', `Procedure ${procedure.code} changed while publishing; read it again`, {
          procedureCode: procedure.code,
        });
      }
      throw error;
    }
  }
}

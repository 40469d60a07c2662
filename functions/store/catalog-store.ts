import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Procedure } from '#domain/catalog';
import { batchRead } from './batch-read';
import { translated } from './errors';
import { queryWholePartition, withoutStorageAttributes } from './queries';
import { type Condition, conditionalPut, IS_NEW, type Table } from './table';
import { INDEXES, keys } from './table-design';

/**
 * A procedure version is written twice: as its immutable version item (listed in the catalog
 * index) and as the procedure's CURRENT item, so a submission reads the current terms with a
 * plain key in the same BatchGetItem as the agencies it needs.
 */
export function procedureItems(procedure: Procedure): [Record<string, unknown>, Record<string, unknown>] {
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

export function catalogStore(table: Table) {
  return {
    /** The current (highest) version of every procedure. */
    async currentProcedures(): Promise<Procedure[]> {
      const latest = new Map<string, Procedure>();
      // Sorted by code then version, so the last one seen per code is the current version.
      for (const item of await queryWholePartition(table.db, table.name, INDEXES.byParent, keys.catalog)) {
        latest.set(item.code as string, procedureFromItem(item));
      }
      return [...latest.values()];
    },

    /** Exact versions in one BatchGetItem (e.g. the procedures of an inbox page), in the order asked. */
    async procedureVersions(wanted: readonly { code: string; version: number }[]): Promise<(Procedure | undefined)[]> {
      const items = await batchRead(
        table.db,
        table.name,
        wanted.map(({ code, version }) => keys.procedure(code, version)),
        false,
      );
      return items.map((item) => (item ? procedureFromItem(item) : undefined));
    },

    /** A given version, or the current one when no version is asked. */
    async procedure(code: string, version?: number): Promise<Procedure | undefined> {
      const { Item } = await table.db.send(
        new GetCommand({ TableName: table.name, Key: version === undefined ? keys.procedureCurrent(code) : keys.procedure(code, version) }),
      );
      return Item ? procedureFromItem(Item) : undefined;
    },

    /**
     * A new version: the version item and the CURRENT copy in one transaction, on the condition
     * that CURRENT is still the version the new one was computed from (CONFLICT otherwise).
     */
    async commitPublication(procedure: Procedure): Promise<void> {
      const [versionItem, currentItem] = procedureItems(procedure);
      const previous = procedure.version - 1;
      const current: Condition = previous === 0 ? IS_NEW : { expression: 'version = :previous', values: { ':previous': previous } };
      try {
        await table.db.send(
          new TransactWriteCommand({
            TransactItems: [conditionalPut(table, versionItem, IS_NEW), conditionalPut(table, currentItem, current)],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw translated(
            'CONFLICT',
            `Procedure ${procedure.code} changed while publishing; read it again`,
            { procedureCode: procedure.code },
            error,
          );
        }
        throw error;
      }
    },
  };
}

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import { agencyItem } from './agency-store';
import { procedureItems } from './catalog-store';
import { isConditionFailure } from './errors';
import type { Table } from './table';

/**
 * The province's reference data written after each deployment, without undoing the province's
 * own changes (see functions/seed/seed.ts).
 */
export function seedWrites(table: Table) {
  async function putIfAbsent(item: Record<string, unknown>): Promise<void> {
    try {
      await table.db.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  return {
    /** Unit-list fields are overwritten; the identifier is only filled in when the agency has none. */
    async seedAgency(agency: Agency): Promise<void> {
      const { PK, SK, identifier, ...owned } = agencyItem(agency) as Record<string, unknown> & { PK: string; SK: string };
      const names = Object.fromEntries(Object.keys(owned).map((name, index) => [`#a${index}`, name]));
      const values = Object.fromEntries(Object.values(owned).map((value, index) => [`:v${index}`, value]));
      const sets = Object.keys(owned).map((_, index) => `#a${index} = :v${index}`);
      await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: { PK, SK },
          UpdateExpression: `SET ${sets.join(', ')}, #identifier = if_not_exists(#identifier, :identifier)`,
          ExpressionAttributeNames: { ...names, '#identifier': 'identifier' },
          ExpressionAttributeValues: { ...values, ':identifier': identifier },
        }),
      );
    },

    /** A version item or CURRENT item that exists is left as it is (a published newer version stays current). */
    async seedProcedure(procedure: Procedure): Promise<void> {
      for (const item of procedureItems(procedure)) await putIfAbsent(item);
    },
  };
}

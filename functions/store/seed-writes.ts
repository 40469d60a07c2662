import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import { agencyItem } from './agency-store';
import { procedureItems } from './catalog-store';
import { isConditionFailure } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

/**
 * Agency fields the seed refreshes from the unit list and the province file on every deploy; the
 * rest belong to the province once written (the seed fills them only where absent).
 */
const SEED_OWNED = [
  'entity',
  'code',
  'kind',
  'level',
  'unitCode',
  'unitName',
  'unitType',
  'parentCode',
  'provinceCode',
  'origin',
  'GSI1PK',
  'GSI1SK',
] as const;
const SEED_OPTIONAL = ['sector', 'unconfirmed', 'note'] as const;
const PROVINCE_OWNED = ['identifier', 'name', 'oneStopName', 'validFrom', 'validTo', 'successorCode'] as const;

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
    /**
     * Refreshes what the unit list and the province file own; fills the province's own fields
     * (name, identifier, validity, …) only where absent, so a deploy never undoes a rename or a
     * closure made through GraphQL.
     */
    async seedAgency(agency: Agency): Promise<void> {
      const item = agencyItem(agency);
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets: string[] = [];
      const removes: string[] = [];
      const alias = (attribute: string) => {
        const name = `#a${Object.keys(names).length}`;
        names[name] = attribute;
        return name;
      };
      for (const attribute of [...SEED_OWNED, ...SEED_OPTIONAL, ...PROVINCE_OWNED]) {
        const value = item[attribute];
        if (value === undefined) {
          if ((SEED_OPTIONAL as readonly string[]).includes(attribute)) removes.push(alias(attribute));
          continue;
        }
        const name = alias(attribute);
        const placeholder = `:${name.slice(1)}`;
        values[placeholder] = value;
        const owned = (PROVINCE_OWNED as readonly string[]).includes(attribute);
        sets.push(owned ? `${name} = if_not_exists(${name}, ${placeholder})` : `${name} = ${placeholder}`);
      }
      await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.agency(agency.code),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },

    /** A version item or CURRENT item that exists is left as it is (a published newer version stays current). */
    async seedProcedure(procedure: Procedure): Promise<void> {
      for (const item of procedureItems(procedure)) await putIfAbsent(item);
    },
  };
}

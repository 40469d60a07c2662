import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import { batchRead } from './batch-read';
import { isConditionFailure, translated } from './errors';
import { queryWholePartition, withoutStorageAttributes } from './queries';
import type { Table } from './table';
import { INDEXES, keys } from './table-design';

export function agencyItem(agency: Agency): Record<string, unknown> {
  return {
    ...keys.agency(agency.code),
    entity: 'AGENCY',
    ...agency,
    GSI1PK: keys.agencyChildren(agency.parentCode),
    GSI1SK: agency.code,
  };
}

export const agencyFromItem = (item: Record<string, unknown>): Agency => withoutStorageAttributes<Agency>(item);

/** The agencies' own data a province administrator may set. */
export interface AgencyChanges {
  identifier?: string;
  officeHours?: Agency['officeHours'];
}

/** Agencies change only when the province is re-seeded or an administrator edits one, so reads need no strong consistency. */
export function agencyStore(table: Table) {
  return {
    /** Agencies by code, in the order asked; missing ones are undefined. At most 100 codes. */
    async agencies(codes: readonly string[]): Promise<(Agency | undefined)[]> {
      if (codes.length === 0) return [];
      const items = await batchRead(table.db, table.name, codes.map(keys.agency), false);
      return items.map((item) => (item ? agencyFromItem(item) : undefined));
    },

    async children(parentCode: string | null): Promise<Agency[]> {
      const items = await queryWholePartition(table.db, table.name, INDEXES.byParent, keys.agencyChildren(parentCode));
      return items.map(agencyFromItem);
    },

    /** Sets the fields given (at least one); AGENCY_NOT_FOUND for an agency that does not exist. */
    async commitAgencyChanges(code: string, changes: AgencyChanges): Promise<Agency> {
      const set = Object.entries(changes).filter(([, value]) => value !== undefined);
      try {
        const { Attributes } = await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.agency(code),
            UpdateExpression: `SET ${set.map(([name]) => `#${name} = :${name}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: Object.fromEntries(set.map(([name]) => [`#${name}`, name])),
            ExpressionAttributeValues: Object.fromEntries(set.map(([name, value]) => [`:${name}`, value])),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return agencyFromItem(Attributes!);
      } catch (error) {
        if (isConditionFailure(error)) throw translated('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code }, error);
        throw error;
      }
    },
  };
}

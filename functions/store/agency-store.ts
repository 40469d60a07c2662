import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/** Items written before agencies had kinds and origins are the unit list's People's Committees. */
export function agencyFromItem(item: Record<string, unknown>): Agency {
  const agency = withoutStorageAttributes<Partial<Agency>>(item) as Agency;
  return { ...agency, kind: agency.kind ?? 'PEOPLES_COMMITTEE', origin: agency.origin ?? 'UNIT_LIST' };
}

/** The agencies' own data a province administrator may set. */
export interface AgencyChanges {
  identifier?: string;
  officeHours?: Agency['officeHours'];
}

/** Agencies change only when the province is re-seeded or an administrator edits one, so reads need no strong consistency. */
export function agencyStore(table: Table) {
  async function children(parentCode: string | null): Promise<Agency[]> {
    const items = await queryWholePartition(table.db, table.name, INDEXES.byParent, keys.agencyChildren(parentCode));
    return items.map(agencyFromItem);
  }

  return {
    /** Agencies by code, in the order asked; missing ones are undefined. At most 100 codes. */
    async agencies(codes: readonly string[]): Promise<(Agency | undefined)[]> {
      if (codes.length === 0) return [];
      const items = await batchRead(table.db, table.name, codes.map(keys.agency), false);
      return items.map((item) => (item ? agencyFromItem(item) : undefined));
    },

    children,

    /**
     * Every agency of the province, parents before children, by walking the tree one level of
     * queries at a time: for `agencies:export` and the local platform, never a request path.
     */
    async allAgencies(): Promise<Agency[]> {
      const result: Agency[] = [];
      let level = await children(null);
      while (level.length > 0) {
        result.push(...level);
        const next: Agency[] = [];
        for (let start = 0; start < level.length; start += 16) {
          const pages = await Promise.all(level.slice(start, start + 16).map((agency) => children(agency.code)));
          next.push(...pages.flat());
        }
        level = next;
      }
      return result;
    },

    /** A new agency; AGENCY_EXISTS if its code is taken (by any agency, open or closed). */
    async insertAgency(agency: Agency): Promise<Agency> {
      try {
        await table.db.send(
          new PutCommand({ TableName: table.name, Item: agencyItem(agency), ConditionExpression: 'attribute_not_exists(PK)' }),
        );
        return agency;
      } catch (error) {
        if (isConditionFailure(error))
          throw translated('AGENCY_EXISTS', `An agency ${agency.code} exists`, { agencyCode: agency.code, field: 'code' }, error);
        throw error;
      }
    },

    /**
     * An administrator's change (rename, closure): writes the fields that differ from `before`,
     * under the condition that the name and closure are still as read, so two administrators
     * acting at once cannot both win (CONFLICT).
     */
    async commitAgencyChange(before: Agency, after: Agency): Promise<Agency> {
      const changed = (Object.keys(after) as (keyof Agency)[]).filter(
        (name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]),
      );
      if (changed.length === 0) return after;
      const names: Record<string, string> = { '#name': 'name', '#validTo': 'validTo' };
      const values: Record<string, unknown> = { ':name': before.name };
      changed.forEach((name, index) => {
        names[`#c${index}`] = name;
        values[`:c${index}`] = after[name];
      });
      const closure = before.validTo === undefined ? 'attribute_not_exists(#validTo)' : '#validTo = :validTo';
      if (before.validTo !== undefined) values[':validTo'] = before.validTo;
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.agency(before.code),
            UpdateExpression: `SET ${changed.map((_, index) => `#c${index} = :c${index}`).join(', ')}`,
            ConditionExpression: `attribute_exists(PK) AND #name = :name AND ${closure}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return after;
      } catch (error) {
        if (isConditionFailure(error))
          throw translated('CONFLICT', `Agency ${before.code} changed since it was read`, { agencyCode: before.code }, error);
        throw error;
      }
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

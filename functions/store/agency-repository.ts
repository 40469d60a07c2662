import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import { DomainError } from '#domain/errors';
import { batchRead } from './batch-read';
import { queryWholePartition, withoutStorageAttributes } from './queries';
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

/** Agencies change only when the province is re-seeded, so reads need no strong consistency. */
export class AgencyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Agencies by code, in the order asked; missing ones are undefined. At most 100 codes. */
  async getMany(codes: readonly string[]): Promise<(Agency | undefined)[]> {
    if (codes.length === 0) return [];
    const items = await batchRead(this.db, this.tableName, codes.map(keys.agency), false);
    return items.map((item) => (item ? agencyFromItem(item) : undefined));
  }

  async get(code: string): Promise<Agency | undefined> {
    const [agency] = await this.getMany([code]);
    return agency;
  }

  async children(parentCode: string | null): Promise<Agency[]> {
    const items = await queryWholePartition(this.db, this.tableName, INDEXES.byParent, keys.agencyChildren(parentCode));
    return items.map(agencyFromItem);
  }

  /** Sets a province's own data on an agency: its official identifier and its one-stop's office hours. */
  async update(code: string, changes: { identifier?: string; officeHours?: Agency['officeHours'] }): Promise<Agency> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    if (sets.length === 0) throw new DomainError('BAD_INPUT', 'Nothing to change', { field: 'input' });
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agency(code),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return agencyFromItem(Attributes!);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code });
      throw error;
    }
  }
}

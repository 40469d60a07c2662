import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import type { Agency } from '../domain/agencies';
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

/** Items written before agencies had kinds and origins are the unit list's People's Committees. */
export function agencyFromItem(item: Record<string, unknown>): Agency {
  const agency = withoutStorageAttributes<Agency>(item);
  return { ...agency, kind: agency.kind ?? 'PEOPLES_COMMITTEE', origin: agency.origin ?? 'UNIT_LIST' };
}

/**
 * Fields the seed refreshes from the unit list and the province file on every deploy; the rest
 * (name, one-stop name, identifier, validity, successor, office hours) belong to the province
 * once written: the seed fills them only where absent, so a deploy never undoes a rename or a
 * closure made through GraphQL.
 */
const SEED_OWNED = ['entity', 'code', 'kind', 'level', 'unitCode', 'unitName', 'unitType', 'parentCode', 'provinceCode', 'origin', 'GSI1PK', 'GSI1SK'] as const;
const SEED_OPTIONAL = ['sector', 'unconfirmed', 'note'] as const;
const PROVINCE_OWNED = ['identifier', 'name', 'oneStopName', 'validFrom', 'validTo', 'successorCode'] as const;

/** Agencies change rarely (a deploy's seed, an administrator's edit), so reads need no strong consistency. */
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

  /**
   * Every agency of the province, parents before children, by walking the tree one level of
   * queries at a time: for `agencies:export` and the local platform, never a request path.
   */
  async all(): Promise<Agency[]> {
    const result: Agency[] = [];
    let level = await this.children(null);
    while (level.length > 0) {
      result.push(...level);
      const next: Agency[] = [];
      for (let start = 0; start < level.length; start += 16) {
        const pages = await Promise.all(level.slice(start, start + 16).map((agency) => this.children(agency.code)));
        next.push(...pages.flat());
      }
      level = next;
    }
    return result;
  }

  /** A new agency; AGENCY_EXISTS if its code is taken (by any agency, open or closed). */
  async insert(agency: Agency): Promise<Agency> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: agencyItem(agency), ConditionExpression: 'attribute_not_exists(PK)' }));
      return agency;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new DomainError('AGENCY_EXISTS', `An agency ${agency.code} exists`, { agencyCode: agency.code, field: 'code' }, { cause: error });
      }
      throw error;
    }
  }

  /**
   * An administrator's change (rename, closure): writes the fields that differ from `before`,
   * under the condition that the name and closure are still as read, so two administrators
   * acting at once cannot both win (CONFLICT).
   */
  async commitChange(before: Agency, after: Agency): Promise<Agency> {
    const changed = (Object.keys(after) as (keyof Agency)[]).filter((name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]));
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
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agency(before.code),
          UpdateExpression: `SET ${changed.map((_, index) => `#c${index} = :c${index}`).join(', ')}`,
          ConditionExpression: `attribute_exists(PK) AND #name = :name AND ${closure}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return after;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new DomainError('CONFLICT', `Agency ${before.code} changed since it was read`, { agencyCode: before.code }, { cause: error });
      }
      throw error;
    }
  }

  /** The seed's write: refreshes what the unit list and the province file own, fills the rest only where absent. */
  async seed(agency: Agency): Promise<void> {
    const item = agencyItem(agency);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const name = (attribute: string) => {
      const alias = `#a${Object.keys(names).length}`;
      names[alias] = attribute;
      return alias;
    };
    for (const attribute of [...SEED_OWNED, ...SEED_OPTIONAL, ...PROVINCE_OWNED]) {
      const value = item[attribute];
      if (value === undefined) {
        if ((SEED_OPTIONAL as readonly string[]).includes(attribute)) removes.push(name(attribute));
        continue;
      }
      const alias = name(attribute);
      values[`:${alias.slice(1)}`] = value;
      const owned = (PROVINCE_OWNED as readonly string[]).includes(attribute);
      sets.push(owned ? `${alias} = if_not_exists(${alias}, :${alias.slice(1)})` : `${alias} = :${alias.slice(1)}`);
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.agency(agency.code),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
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
      if (error instanceof ConditionalCheckFailedException) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code });
      throw error;
    }
  }
}

import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '../domain/agencies';
import { INDEXES, keys } from './table-design';

const STORAGE_ATTRIBUTES = ['PK', 'SK', 'entity', 'GSI1PK', 'GSI1SK'];

export function agencyItem(agency: Agency): Record<string, unknown> {
  return {
    ...keys.agency(agency.code),
    entity: 'AGENCY',
    ...agency,
    GSI1PK: keys.agencyChildren(agency.parentCode),
    GSI1SK: agency.code,
  };
}

function agencyFromItem(item: Record<string, unknown>): Agency {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as unknown as Agency;
}

/** Agencies change only when the province is re-seeded, so reads need no strong consistency. */
export class AgencyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Agencies by code, in the order asked; missing ones are undefined. At most 100 codes. */
  async getMany(codes: readonly string[]): Promise<(Agency | undefined)[]> {
    if (codes.length === 0) return [];
    const unique = [...new Set(codes)];
    const { Responses, UnprocessedKeys } = await this.db.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: unique.map(keys.agency) } } }),
    );
    const found = new Map(
      (Responses?.[this.tableName] ?? []).map((item) => [item.code as string, agencyFromItem(item)]),
    );
    // BatchGet may leave keys unprocessed under load: fetch those again rather than report them missing.
    const retry = (UnprocessedKeys?.[this.tableName]?.Keys ?? []).map((key) => String(key.PK).slice('AGENCY#'.length));
    if (retry.length > 0) {
      const again = await this.getMany(retry);
      again.forEach((agency) => agency && found.set(agency.code, agency));
    }
    return codes.map((code) => found.get(code));
  }

  async get(code: string): Promise<Agency | undefined> {
    const [agency] = await this.getMany([code]);
    return agency;
  }

  async children(parentCode: string | null): Promise<Agency[]> {
    const agencies: Agency[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEXES.byParent.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': INDEXES.byParent.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.agencyChildren(parentCode) },
          ExclusiveStartKey: startKey,
        }),
      );
      agencies.push(...(page.Items ?? []).map(agencyFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return agencies;
  }
}

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_INDEXES, type IndexDesign, KEY } from './table-design';

/** Attributes that exist for the table's keys and indexes, never part of a domain object. */
const STORAGE_ATTRIBUTES = [
  'entity',
  'migratedFrom',
  KEY.partition,
  KEY.sort,
  ...ALL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
];

export function withoutStorageAttributes<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}

/**
 * Every item of one index partition, following DynamoDB's pages. Only for partitions that stay
 * small by design (an agency's children, the catalog): lists that grow use cursor pages instead.
 */
export async function queryWholePartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  index: IndexDesign,
  partition: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

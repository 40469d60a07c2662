import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchReadIncomplete } from './errors';

type ItemKey = { PK: string; SK: string };

const keyString = (key: { PK: unknown; SK: unknown }) => `${String(key.PK)}\u0000${String(key.SK)}`;

/**
 * Reads up to 100 items of any partitions in one BatchGetItem (retrying keys DynamoDB leaves
 * unprocessed under load), so an action can load everything it needs in a single read.
 * Returns the items by key; missing items are absent.
 */
export async function batchRead(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly ItemKey[],
  consistent = true,
): Promise<(Record<string, unknown> | undefined)[]> {
  const unique = [...new Map(itemKeys.map((key) => [keyString(key), key])).values()];
  const found = new Map<string, Record<string, unknown>>();
  let pending: ItemKey[] = unique;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 8) throw new BatchReadIncomplete(pending.length);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const { Responses, UnprocessedKeys } = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }),
    );
    for (const item of Responses?.[tableName] ?? []) found.set(keyString(item as ItemKey), item);
    pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
  }
  return itemKeys.map((key) => found.get(keyString(key)));
}

import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

/**
 * Every item of a test's table, in a stable order: the yardstick for "a refused request changed
 * nothing". Tests only: the platform itself never scans.
 */
export async function tableSnapshot(dynamo: DynamoDBClient, tableName: string): Promise<string> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey as never }));
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return JSON.stringify(items.sort());
}

import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** The client and the table one store speaks to; never handed out of functions/store/. */
export interface Table {
  readonly db: DynamoDBDocumentClient;
  readonly name: string;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** A conditional Put, as one item of a transaction. */
export function conditionalPut(table: Table, item: Record<string, unknown>, condition: Condition): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: item,
      ConditionExpression: condition.expression,
      ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
    },
  };
}

export const IS_NEW: Condition = { expression: 'attribute_not_exists(PK)' };

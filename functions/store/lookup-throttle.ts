import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

/** One client's attempts at one dossier code today, counted atomically, this one included. */
export interface LookupAttempts {
  attempts: number;
  /** When the first of them was made (ISO). */
  since: string;
}

const DAY_SECONDS = 86_400;

/**
 * The public lookup's attempt counters (services/lookup.ts decides what they allow). Every count
 * is one UpdateItem with ADD, so concurrent guesses each get their own number: none can read a
 * count another is about to raise (the check-then-write race of before).
 */
export function lookupThrottleStore(table: Table) {
  return {
    /** Counts an attempt of `client` at `code` on `day` (YYYY-MM-DD); counters expire a day after their last attempt. */
    async countLookupAttempt(code: string, client: string, day: string, now: Date): Promise<LookupAttempts> {
      const { Attributes } = await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.lookupThrottle(code, client, day),
          UpdateExpression: 'SET entity = :entity, since = if_not_exists(since, :now), expiresAt = :expiresAt ADD attempts :one',
          ExpressionAttributeValues: {
            ':entity': 'LOOKUP_THROTTLE',
            ':now': now.toISOString(),
            ':expiresAt': Math.floor(now.getTime() / 1000) + DAY_SECONDS,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { attempts: Number(Attributes?.attempts ?? 1), since: String(Attributes?.since ?? now.toISOString()) };
    },

    /**
     * Counts an attempt of `client` (any code) in `hour` (YYYY-MM-DDTHH) if it has made fewer than
     * `max`; false, counting nothing, once it has.
     */
    async countClientAttempt(client: string, hour: string, max: number, now: Date): Promise<boolean> {
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.lookupClient(client, hour),
            UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD attempts :one',
            ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :max',
            ExpressionAttributeValues: {
              ':entity': 'LOOKUP_THROTTLE',
              ':expiresAt': Math.floor(now.getTime() / 1000) + DAY_SECONDS,
              ':one': 1,
              ':max': max,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** A right secret: the client's attempt does not count against its hour, and its count at the code starts over. */
    async clearLookupAttempts(code: string, client: string, day: string, hour: string): Promise<void> {
      await Promise.all([
        table.db.send(new DeleteCommand({ TableName: table.name, Key: keys.lookupThrottle(code, client, day) })),
        table.db
          .send(
            new UpdateCommand({
              TableName: table.name,
              Key: keys.lookupClient(client, hour),
              UpdateExpression: 'ADD attempts :minusOne',
              ConditionExpression: 'attempts > :zero',
              ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          }),
      ]);
    },
  };
}

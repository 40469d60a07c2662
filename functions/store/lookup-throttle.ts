import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

/** What one counted lookup attempt came to. */
export type LookupCount =
  /** The client had spent its hour: nothing was counted. */
  | { counted: false }
  /** Counted in the hour and at the code; `attempts` at the code today, this one included, the first at `since` (ISO). */
  | { counted: true; attempts: number; since: string };

const DAY_SECONDS = 86_400;

/**
 * The public lookup's attempt counters (services/lookup.ts decides what they allow), all on ONE
 * item per client and day, `LOOKUP_CLIENT#<client>` / `THROTTLE#<day>`:
 *   h<HH>       the client's lookups and public submissions in that hour (any code)
 *   n:<code>    its attempts at that code today, and s:<code> when the first was made
 * One item, so one UpdateItem counts both atomically, with the hour's ceiling as its condition:
 * concurrent guesses each get their own numbers, and an attempt refused for the hour counts
 * nothing anywhere (as when these were two items updated one after the other). The item grows
 * only with codes the client was allowed to try: at most CLIENT_ATTEMPTS_PER_HOUR × 24 a day.
 */
export function lookupThrottleStore(table: Table) {
  const day = (hour: string) => hour.slice(0, 10);
  const hourName = (hour: string) => `h${hour.slice(11, 13)}`;
  const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + DAY_SECONDS;

  return {
    /**
     * Counts an attempt of `client` at `code` in `hour` (YYYY-MM-DDTHH), if the client has made
     * fewer than `maxPerHour` this hour; counts nothing once it has.
     */
    async countLookupAttempt(code: string, client: string, hour: string, maxPerHour: number, now: Date): Promise<LookupCount> {
      try {
        const { Attributes } = await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.lookupClientDay(client, day(hour)),
            UpdateExpression:
              'SET entity = :entity, expiresAt = :expiresAt, #since = if_not_exists(#since, :now), #attempts = if_not_exists(#attempts, :zero) + :one ADD #hour :one',
            ConditionExpression: 'attribute_not_exists(#hour) OR #hour < :max',
            ExpressionAttributeNames: { '#hour': hourName(hour), '#attempts': `n:${code}`, '#since': `s:${code}` },
            ExpressionAttributeValues: {
              ':entity': 'LOOKUP_THROTTLE',
              ':expiresAt': expiresAt(now),
              ':now': now.toISOString(),
              ':zero': 0,
              ':one': 1,
              ':max': maxPerHour,
            },
            // Only what the update touched comes back, however many codes the item holds.
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return {
          counted: true,
          attempts: Number(Attributes?.[`n:${code}`] ?? 1),
          since: String(Attributes?.[`s:${code}`] ?? now.toISOString()),
        };
      } catch (error) {
        if (isConditionFailure(error)) return { counted: false };
        throw error;
      }
    },

    /**
     * Counts an attempt of `client` (any code: a public submission) in `hour` if it has made fewer
     * than `max`; false, counting nothing, once it has.
     */
    async countClientAttempt(client: string, hour: string, max: number, now: Date): Promise<boolean> {
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.lookupClientDay(client, day(hour)),
            UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD #hour :one',
            ConditionExpression: 'attribute_not_exists(#hour) OR #hour < :max',
            ExpressionAttributeNames: { '#hour': hourName(hour) },
            ExpressionAttributeValues: { ':entity': 'LOOKUP_THROTTLE', ':expiresAt': expiresAt(now), ':one': 1, ':max': max },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /**
     * A right secret: the client's attempt does not count against its hour, and its count at the
     * code starts over. One UpdateItem (the same item); the condition only keeps the hour from
     * going below zero should the item have expired meanwhile.
     */
    async clearLookupAttempts(code: string, client: string, hour: string): Promise<void> {
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.lookupClientDay(client, day(hour)),
            UpdateExpression: 'ADD #hour :minusOne REMOVE #attempts, #since',
            ConditionExpression: '#hour > :zero',
            ExpressionAttributeNames: { '#hour': hourName(hour), '#attempts': `n:${code}`, '#since': `s:${code}` },
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

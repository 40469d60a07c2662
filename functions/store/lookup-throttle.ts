import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table';
import { keys } from './table-design';

export interface LookupThrottle {
  failures: number;
  blockedUntil: string;
}

/** Wrong secrets counted per dossier code for the public lookup. */
export function lookupThrottleStore(table: Table) {
  return {
    async lookupThrottle(code: string): Promise<LookupThrottle | undefined> {
      const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.lookupThrottle(code), ConsistentRead: true }));
      return Item ? { failures: Number(Item.failures), blockedUntil: String(Item.blockedUntil) } : undefined;
    },

    /** Throttle records expire by themselves a day after the last failure (TTL). */
    async recordLookupFailure(code: string, failures: number, blockedUntil: Date): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.lookupThrottle(code),
            entity: 'LOOKUP_THROTTLE',
            failures,
            blockedUntil: blockedUntil.toISOString(),
            expiresAt: Math.floor(blockedUntil.getTime() / 1000) + 86_400,
          },
        }),
      );
    },

    async clearLookupThrottle(code: string): Promise<void> {
      await table.db.send(new DeleteCommand({ TableName: table.name, Key: keys.lookupThrottle(code) }));
    },
  };
}

import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FailureReport, HandoffFailureRecord } from '#failures/failure-record';
import { isConditionFailure } from './errors';
import type { Table } from './table';

/**
 * Failed handoff messages, one item per handoff (or per unreadable message body) and agency:
 *
 *   FAILURE#<agency code> / HANDOFF#<handoff id>   a message the consumer could not apply
 *   FAILURE#<agency code> / BODY#<sha-256 prefix>  a message it could not even read (poison)
 *
 * The partition holds only what is failing now: a later successful delivery deletes the item, so
 * an agency's list is one Query by key. Items expire with the dead-letter queue's retention: a
 * message SQS has dropped cannot be redriven, so its record would only mislead.
 */
const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

const failureKeys = {
  item: (agencyCode: string, key: string) => ({ PK: failurePartition(agencyCode), SK: key }),
};

const failurePartition = (agencyCode: string) => `FAILURE#${agencyCode}`;

export class FailureStore {
  constructor(private readonly table: Table) {}

  /**
   * One UpdateItem that sets the same attributes whatever came before, so a repeated write (a
   * retried request, a redelivered message) leaves the same item; only the first failure's time
   * is kept.
   */
  async recordFailure(report: FailureReport): Promise<void> {
    const { at, agencyCode, key, ...fields } = report;
    const values: Record<string, unknown> = {
      ...fields,
      agencyCode,
      entity: 'HANDOFF_FAILURE',
      lastFailedAt: at.toISOString(),
      expiresAt: Math.floor(at.getTime() / 1000) + FAILURE_RETENTION_SECONDS,
    };
    // Absent optional fields (a poison message has no handoff id) are left out, not set to null.
    const names = Object.keys(values).filter((name) => values[name] !== undefined);
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: failureKeys.item(agencyCode, key),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}, #first = if_not_exists(#first, :at)`,
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((name) => [`#${name}`, name])), '#first': 'firstFailedAt' },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, values[name]])), ':at': at.toISOString() },
      }),
    );
  }

  /** The handoff got through after all: it is no longer failing. Deleting twice is harmless. */
  async clearFailure(agencyCode: string, key: string): Promise<void> {
    await this.table.db.send(new DeleteCommand({ TableName: this.table.name, Key: failureKeys.item(agencyCode, key) }));
  }

  /**
   * Notes that an operator moved the message back from the DLQ. Only an existing record is
   * touched: if the consumer already delivered the redriven copy and cleared it, nothing returns.
   */
  async markRedriven(agencyCode: string, key: string, at: Date, redriveCount: number): Promise<boolean> {
    try {
      await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: failureKeys.item(agencyCode, key),
          UpdateExpression: 'SET deadLettered = :false, redrivenAt = :at, redriveCount = :count',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':false': false, ':at': at.toISOString(), ':count': redriveCount },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * An agency's failing handoffs, latest failure first. The partition holds only what is failing
   * now (a few items), so up to `first` items are read by key and ordered here.
   */
  async failingHandoffs(agencyCode: string, first: number): Promise<HandoffFailureRecord[]> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': failurePartition(agencyCode) },
        Limit: first,
      }),
    );
    return Items.map(failureFromItem).sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt));
  }
}

function failureFromItem(item: Record<string, unknown>): HandoffFailureRecord {
  const { PK: _pk, SK: key, entity: _entity, expiresAt: _expires, redriveCount, ...rest } = item;
  return { ...(rest as Omit<HandoffFailureRecord, 'key' | 'redriveCount'>), key: String(key), redriveCount: Number(redriveCount ?? 0) };
}

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LoadedSchedule } from '#domain/calendar/schedules/loaded';
import { ConflictError } from '#domain/errors';
import { isConditionFailure } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

/**
 * Official day-off schedules, one item per year in ONE partition (`CALENDAR`), so the whole set is
 * one Query on the table's own key (a deployment holds a handful of years: no Scan, no index).
 * Each load also writes a copy under `SCHEDULE_HISTORY#<year>#<revision>`: who loaded what, when,
 * stays readable after a replacement.
 */
const ENTITY = 'DAY_OFF_SCHEDULE';

function scheduleItem(loaded: LoadedSchedule): Record<string, unknown> {
  return { ...keys.daySchedule(loaded.year), entity: ENTITY, ...loaded };
}

function historyItem(loaded: LoadedSchedule): Record<string, unknown> {
  return { ...keys.dayScheduleHistory(loaded.year, loaded.revision), entity: `${ENTITY}_HISTORY`, ...loaded };
}

function scheduleFromItem(item: Record<string, unknown>): LoadedSchedule {
  const { year, revision, schedule, source, loadedBy, loadedAt } = item as unknown as LoadedSchedule;
  return { year, revision, schedule, source, loadedBy, loadedAt };
}

export class CalendarStore {
  constructor(private readonly table: Table) {}

  /** Names the table, so a process serving two tables (tests) never mixes their calendars. */
  get scope(): string {
    return this.table.name;
  }

  /** Every year's current schedule: one Query on `CALENDAR`, `SCHEDULE#…` (history excluded by the prefix). */
  async loadDayOffSchedules(): Promise<LoadedSchedule[]> {
    const found: LoadedSchedule[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.db.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.calendar, ':prefix': keys.dayScheduleCurrentPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(page.Items ?? []).map(scheduleFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found.sort((a, b) => a.year - b.year);
  }

  async loadDayOffSchedule(year: number): Promise<LoadedSchedule | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.name, Key: keys.daySchedule(year), ConsistentRead: true }),
    );
    return Item ? scheduleFromItem(Item) : undefined;
  }

  /**
   * Stores a year's schedule and its history copy in one transaction, if the year is still at the
   * revision the load was decided on (two administrators loading at once: one gets CONFLICT).
   */
  async saveDayOffSchedule(loaded: LoadedSchedule): Promise<void> {
    const previous = loaded.revision - 1;
    try {
      await this.table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: scheduleItem(loaded),
                ...(previous === 0
                  ? { ConditionExpression: 'attribute_not_exists(PK)' }
                  : {
                      ConditionExpression: '#revision = :previous',
                      ExpressionAttributeNames: { '#revision': 'revision' },
                      ExpressionAttributeValues: { ':previous': previous },
                    }),
              },
            },
            { Put: { TableName: this.table.name, Item: historyItem(loaded), ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConflictError(
          `The ${loaded.year} schedule changed while loading; read it again`,
          { year: loaded.year },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** The seed: writes each year that has no schedule yet, and leaves loaded years as they are. */
  async seedDayOffSchedules(schedules: readonly LoadedSchedule[]): Promise<number> {
    let written = 0;
    for (const loaded of schedules) {
      try {
        await this.table.db.send(
          new PutCommand({ TableName: this.table.name, Item: scheduleItem(loaded), ConditionExpression: 'attribute_not_exists(PK)' }),
        );
        await this.table.db.send(new PutCommand({ TableName: this.table.name, Item: historyItem(loaded) }));
        written += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return written;
  }
}

import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Transition } from '#domain/lifecycle';
import { type LevelCounts, NO_RATINGS, type RatingCell, SATISFACTION_LEVELS, type SatisfactionLevel } from '#domain/satisfaction';
import { dossierItem, eventItem } from './dossier-items';
import { failedConditionIndex, isTransactionConflict, translated } from './errors';
import { conditionalPut, IS_NEW, type Table, type TransactItem } from './table';
import { keys } from './table-design';

/** One counter row: the counts of one cell (agency or procedure partition, one day). */
export interface SatisfactionRow {
  agencyCode: string;
  procedureCode?: string;
  day: string;
  counts: LevelCounts;
}

export type SatisfactionPartition = { agencyCode: string } | { procedureCode: string } | 'PROVINCE';

/**
 * Ratings and their counts. The RATED event and three counters (per agency × procedure, per
 * procedure × agency, per province × agency, each by day) are one transaction: the head's version
 * condition and the event's "new" condition make a rating count once, with no stream consumer
 * needed and nothing to replay. Reads are Queries of one partition over a day range.
 */
export function satisfactionStore(table: Table) {
  const increment = (
    partition: string,
    sort: string,
    cell: RatingCell,
    level: SatisfactionLevel,
    withProcedure: boolean,
  ): TransactItem => ({
    Update: {
      TableName: table.name,
      Key: { PK: partition, SK: sort },
      UpdateExpression:
        'SET entity = :entity, agencyCode = :agency, #day = :day' +
        (withProcedure ? ', procedureCode = :procedure' : '') +
        ' ADD #level :one',
      ExpressionAttributeNames: { '#level': level, '#day': 'day' },
      ExpressionAttributeValues: {
        ':entity': 'SATISFACTION_COUNT',
        ':agency': cell.agencyCode,
        ':day': cell.day,
        ':one': 1,
        ...(withProcedure ? { ':procedure': cell.procedureCode } : {}),
      },
    },
  });

  return {
    /** The RATED transition with its counts; STALE_VERSION when the dossier moved (another rating won). */
    async commitRating(transition: Transition, cell: RatingCell, level: SatisfactionLevel): Promise<void> {
      const previous = transition.dossier.version - 1;
      try {
        await table.db.send(
          new TransactWriteCommand({
            TransactItems: [
              conditionalPut(table, dossierItem(transition.dossier), {
                expression: 'version = :previous',
                values: { ':previous': previous },
              }),
              conditionalPut(table, eventItem(transition.event), IS_NEW),
              increment(keys.satisfactionByAgency(cell.agencyCode), `${cell.day}#${cell.procedureCode}`, cell, level, true),
              increment(keys.satisfactionByProcedure(cell.procedureCode), `${cell.day}#${cell.agencyCode}`, cell, level, true),
              increment(keys.satisfactionProvince, `${cell.day}#${cell.agencyCode}`, cell, level, false),
            ],
          }),
        );
      } catch (error) {
        const id = transition.dossier.id;
        if (failedConditionIndex(error) >= 0)
          throw translated('STALE_VERSION', `Dossier ${id} changed since it was read`, { dossierId: id }, error);
        if (isTransactionConflict(error))
          throw translated('CONFLICT', `Another change to dossier ${id} was in flight`, { dossierId: id }, error);
        throw error;
      }
    },

    /** The counter rows of one partition for the days from..to (VN dates, both included). */
    async satisfactionRows(partition: SatisfactionPartition, from: string, to: string): Promise<SatisfactionRow[]> {
      const pk =
        partition === 'PROVINCE'
          ? keys.satisfactionProvince
          : 'agencyCode' in partition
            ? keys.satisfactionByAgency(partition.agencyCode)
            : keys.satisfactionByProcedure(partition.procedureCode);
      const rows: SatisfactionRow[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.db.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': `${from}#`, ':to': `${to}#\uffff` },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) rows.push(rowFromItem(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return rows;
    },
  };
}

function rowFromItem(item: Record<string, unknown>): SatisfactionRow {
  const counts = Object.fromEntries(SATISFACTION_LEVELS.map((level) => [level, Number(item[level] ?? 0)])) as Record<
    SatisfactionLevel,
    number
  >;
  return {
    agencyCode: String(item.agencyCode),
    ...(item.procedureCode ? { procedureCode: String(item.procedureCode) } : {}),
    day: String(item.day),
    counts: { ...NO_RATINGS, ...counts },
  };
}

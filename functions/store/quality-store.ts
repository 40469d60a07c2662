import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  type Cell,
  COUNTERS,
  type Counter,
  type Delta,
  emptyCounts,
  monthOf,
  type Projection,
  type Range,
  type Tracker,
} from '#domain/quality';
import { batchRead } from './batch-read';
import { failedConditionIndex, isTransactionConflict } from './errors';
import type { Table, TransactItem } from './table';

/**
 * The statistics read model (issue 12), written only by the projector from the stream:
 *
 *   STATS#DOSSIER#<id> / TRACKER                       a dossier as the statistics see it; its
 *                                                      `version` is the idempotency marker
 *   STATS#<yyyy-mm>    / CELL#<agency>#<procedure>#<dd> counts of one agency, procedure and day
 *                                                      (c_<counter>) and the dossiers behind them (i_<counter>)
 *   STATS#META         / MONTHS                        the months that have cells
 *
 * A province-month is one Query; a report reads the months up to its end (stocks are running sums).
 */
const trackerKey = (dossierId: string) => ({ PK: `STATS#DOSSIER#${dossierId}`, SK: 'TRACKER' });
const monthPartition = (month: string) => `STATS#${month}`;
const META = { PK: 'STATS#META', SK: 'MONTHS' };
/** Every item names its kind (the migration refuses an item it cannot name). */
const META_ENTITY = 'STATS_MONTHS';
const cellSort = (agency: string, procedure: string, day: string) => `CELL#${agency}#${procedure}#${day.slice(8, 10)}`;
/** Month rollups: the same counts per agency, procedure and month (no dossier lists), a year per partition. */
const yearPartition = (year: string) => `STATS#Y#${year}`;
const rollupSort = (agency: string, procedure: string, month: string) => `MONTH#${agency}#${procedure}#${month.slice(5, 7)}`;
const lastDayOf = (month: string) => addDays(nextMonthFirst(month), -1);
function nextMonthFirst(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The projection of an event met a gap: an earlier event of the dossier has not been applied. */
export class ProjectionGap extends Error {
  readonly code = 'PROJECTION_GAP';
  constructor(
    readonly dossierId: string,
    readonly version: number,
    readonly applied: number,
    options?: { cause?: unknown },
  ) {
    super(`Statistics of dossier ${dossierId}: event ${version} arrived after ${applied}`, options);
    this.name = 'ProjectionGap';
  }
}

const COUNT_ATTRIBUTES = ['agency', 'procedure', 'level', 'day', ...COUNTERS.map((counter) => `c_${counter}`)];
const PROJECTION = COUNT_ATTRIBUTES.map((attribute) => `#${attribute}`).join(', ');
const PROJECTION_NAMES = Object.fromEntries(COUNT_ATTRIBUTES.map((attribute) => [`#${attribute}`, attribute]));

export type ApplyOutcome = 'APPLIED' | 'DUPLICATE';

interface CellChange {
  key: { PK: string; SK: string };
  scope: Pick<Delta, 'agency' | 'procedure' | 'level' | 'day'>;
  counts: Map<Counter, number>;
  add: Map<Counter, Set<string>>;
  remove: Map<Counter, Set<string>>;
}

/** Deltas netted per cell and counter: one Update per cell, as a transaction allows. */
function cellChanges(deltas: readonly Delta[]): CellChange[] {
  const net = new Map<string, { delta: Delta; sum: number }>();
  for (const delta of deltas) {
    const key = `${delta.agency}#${delta.procedure}#${delta.day}#${delta.counter}#${delta.dossierId}`;
    const entry = net.get(key) ?? { delta, sum: 0 };
    entry.sum += delta.sign;
    net.set(key, entry);
  }
  const cells = new Map<string, CellChange>();
  for (const { delta, sum } of net.values()) {
    if (sum === 0) continue;
    const sk = cellSort(delta.agency, delta.procedure, delta.day);
    const id = `${monthOf(delta.day)}#${sk}`;
    const change = cells.get(id) ?? {
      key: { PK: monthPartition(monthOf(delta.day)), SK: sk },
      scope: { agency: delta.agency, procedure: delta.procedure, level: delta.level, day: delta.day },
      counts: new Map(),
      add: new Map(),
      remove: new Map(),
    };
    change.counts.set(delta.counter, (change.counts.get(delta.counter) ?? 0) + sum);
    const sets = sum > 0 ? change.add : change.remove;
    sets.set(delta.counter, (sets.get(delta.counter) ?? new Set()).add(delta.dossierId));
    cells.set(id, change);
  }
  return [...cells.values()];
}

/** The month rollups the day changes add to (counts only). */
function rollupChanges(changes: readonly CellChange[]): CellChange[] {
  const rollups = new Map<string, CellChange>();
  for (const change of changes) {
    const month = monthOf(change.scope.day);
    const key = { PK: yearPartition(month.slice(0, 4)), SK: rollupSort(change.scope.agency, change.scope.procedure, month) };
    const id = `${key.PK}#${key.SK}`;
    const rollup = rollups.get(id) ?? {
      key,
      scope: { ...change.scope, day: `${month}-01` },
      counts: new Map(),
      add: new Map(),
      remove: new Map(),
    };
    for (const [counter, n] of change.counts) rollup.counts.set(counter, (rollup.counts.get(counter) ?? 0) + n);
    rollups.set(id, rollup);
  }
  return [...rollups.values()];
}

function cellUpdate(table: Table, change: CellChange): TransactItem {
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#agency': 'agency',
    '#procedure': 'procedure',
    '#level': 'level',
    '#day': 'day',
  };
  const values: Record<string, unknown> = {
    ':entity': 'STATS_CELL',
    ':agency': change.scope.agency,
    ':procedure': change.scope.procedure,
    ':level': change.scope.level,
    ':day': change.scope.day,
  };
  const adds: string[] = [];
  const deletes: string[] = [];
  for (const [counter, n] of change.counts) {
    names[`#c_${counter}`] = `c_${counter}`;
    values[`:c_${counter}`] = n;
    adds.push(`#c_${counter} :c_${counter}`);
  }
  for (const [counter, ids] of change.add) {
    names[`#i_${counter}`] = `i_${counter}`;
    values[`:a_${counter}`] = ids;
    adds.push(`#i_${counter} :a_${counter}`);
  }
  for (const [counter, ids] of change.remove) {
    names[`#i_${counter}`] = `i_${counter}`;
    values[`:r_${counter}`] = ids;
    deletes.push(`#i_${counter} :r_${counter}`);
  }
  const expression = [
    'SET #entity = :entity, #agency = :agency, #procedure = :procedure, #level = :level, #day = :day',
    adds.length ? `ADD ${adds.join(', ')}` : '',
    deletes.length ? `DELETE ${deletes.join(', ')}` : '',
  ].join(' ');
  return {
    Update: {
      TableName: table.name,
      Key: change.key,
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function cellOf(item: Record<string, unknown>): Cell {
  const counts = emptyCounts();
  const ids: Cell['ids'] = {};
  for (const counter of COUNTERS) {
    counts[counter] = Number(item[`c_${counter}`] ?? 0);
    const set = item[`i_${counter}`];
    if (set instanceof Set && set.size > 0) ids[counter] = [...(set as Set<string>)].sort();
  }
  return { agency: String(item.agency), procedure: String(item.procedure), level: String(item.level), day: String(item.day), counts, ids };
}

export function qualityStore(table: Table) {
  /**
   * Months this process has already recorded in META: every event would otherwise write that one
   * item, and concurrent transactions on one item conflict (shards are processed in parallel).
   */
  const knownMonths = new Set<string>();
  const { db, name } = table;

  async function loadTracker(dossierId: string): Promise<Tracker | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: trackerKey(dossierId), ConsistentRead: true }));
    return Item ? (Item.tracker as Tracker) : undefined;
  }

  /**
   * Commits projected events in one transaction: the tracker moves from `fromVersion` to its
   * version (the processed-event marker) together with every count they change. A redelivered
   * event fails the condition and is reported as a duplicate; nothing is counted twice.
   */
  async function applyProjection(projection: Projection, fromVersion = projection.tracker.version - 1): Promise<ApplyOutcome> {
    const { tracker, deltas } = projection;
    const changes = cellChanges(deltas);
    const months = [...new Set(changes.map((change) => monthOf(change.scope.day)))].filter((month) => !knownMonths.has(month));
    const condition =
      fromVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: '#v = :previous',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':previous': fromVersion },
          };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: name,
          Item: { ...trackerKey(tracker.dossierId), entity: 'STATS_TRACKER', version: tracker.version, tracker },
          ...condition,
        },
      },
      ...[...changes, ...rollupChanges(changes)].map((change) => cellUpdate(table, change)),
      ...(months.length
        ? [
            {
              Update: {
                TableName: name,
                Key: META,
                UpdateExpression: 'ADD #months :months SET #entity = :entity',
                ExpressionAttributeNames: { '#months': 'months', '#entity': 'entity' },
                ExpressionAttributeValues: { ':months': new Set(months), ':entity': META_ENTITY },
              },
            },
          ]
        : []),
    ];
    for (let attempt = 0; ; attempt += 1) {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        for (const month of months) knownMonths.add(month);
        return 'APPLIED';
      } catch (error) {
        if (failedConditionIndex(error) === 0) {
          const applied = (await loadTracker(tracker.dossierId))?.version ?? 0;
          if (applied >= tracker.version) return 'DUPLICATE';
          throw new ProjectionGap(tracker.dossierId, tracker.version, applied, { cause: error });
        }
        // Two shards counting into the same day cell at once: try again shortly, then let the batch retry.
        if (isTransactionConflict(error) && attempt < 4) {
          await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 25));
          continue;
        }
        throw error;
      }
    }
  }

  /** The months with figures, oldest first. */
  async function months(): Promise<string[]> {
    const { Item } = await db.send(new GetCommand({ TableName: name, Key: META }));
    const set = Item?.months;
    return set instanceof Set ? [...(set as Set<string>)].sort() : [];
  }

  /** Every cell of one month, or of one agency in it (a begins_with on the sort key). */
  const monthCells = (month: string, agency?: string, withIds = true) => partitionCells(monthPartition(month), 'CELL', agency, withIds);

  /** Every cell of one partition whose sort key starts with `kind` (and the agency, when given). */
  async function partitionCells(partition: string, kind: 'CELL' | 'MONTH', agency?: string, withIds = true): Promise<Cell[]> {
    const cells: Cell[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': partition, ':sk': agency ? `${kind}#${agency}#` : `${kind}#` },
          // Reports need the counts only; the dossier lists are read for a drill-down.
          ...(withIds ? {} : { ProjectionExpression: PROJECTION, ExpressionAttributeNames: PROJECTION_NAMES }),
          ExclusiveStartKey: startKey,
        }),
      );
      cells.push(...(page.Items ?? []).map(cellOf));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return cells;
  }

  return {
    loadTracker,
    applyProjection,
    months,
    /**
     * The cells a report up to `to` needs: every month with figures up to its month (stocks are
     * running sums), one Query each, in parallel. `withIds` false leaves the dossier lists out.
     */
    async cellsUpTo(to: string, options: { agency?: string | undefined; withIds?: boolean } = {}): Promise<Cell[]> {
      const wanted = (await months()).filter((month) => month <= monthOf(to));
      const pages = await Promise.all(wanted.map((month) => monthCells(month, options.agency, options.withIds ?? false)));
      return pages.flat();
    },
    /**
     * The cells a report of `range` needs, at the coarsest grain that keeps it exact: month
     * rollups for months wholly before or inside the range (one Query per year), day cells only for
     * the months a boundary cuts (at most two Queries). A province-year is a handful of Queries
     * whatever the number of dossiers.
     */
    async cellsFor(range: Range, options: { agency?: string | undefined } = {}): Promise<Cell[]> {
      const wanted = (await months()).filter((month) => month <= monthOf(range.to));
      const whole = (month: string) => lastDayOf(month) < range.from || (`${month}-01` >= range.from && lastDayOf(month) <= range.to);
      const byRollup = new Set(wanted.filter(whole));
      const years = [...new Set([...byRollup].map((month) => month.slice(0, 4)))];
      const [rollups, days] = await Promise.all([
        Promise.all(years.map((year) => partitionCells(yearPartition(year), 'MONTH', options.agency, false))),
        Promise.all(wanted.filter((month) => !byRollup.has(month)).map((month) => monthCells(month, options.agency, false))),
      ]);
      return [...rollups.flat().filter((cell) => byRollup.has(monthOf(cell.day))), ...days.flat()];
    },
    async trackers(dossierIds: readonly string[]): Promise<Tracker[]> {
      const out: Tracker[] = [];
      for (let i = 0; i < dossierIds.length; i += 100) {
        const items = await batchRead(db, name, dossierIds.slice(i, i + 100).map(trackerKey), false);
        for (const item of items) if (item) out.push(item.tracker as Tracker);
      }
      return out;
    },
    /** Writes cells as they are (benchmarks seed large read models this way, without the projector). */
    async seedCells(dayCells: readonly Cell[]): Promise<void> {
      const byMonth = new Set<string>();
      const rollups = new Map<string, Cell>();
      for (const cell of dayCells) {
        const month = monthOf(cell.day);
        const key = `${cell.agency}#${cell.procedure}#${month}`;
        const rollup = rollups.get(key) ?? { ...cell, day: `${month}-01`, counts: emptyCounts(), ids: {} };
        for (const counter of COUNTERS) rollup.counts[counter] += cell.counts[counter];
        rollups.set(key, rollup);
      }
      const keyOf = (cell: Cell, rollup: boolean) =>
        rollup
          ? { PK: yearPartition(cell.day.slice(0, 4)), SK: rollupSort(cell.agency, cell.procedure, monthOf(cell.day)) }
          : { PK: monthPartition(monthOf(cell.day)), SK: cellSort(cell.agency, cell.procedure, cell.day) };
      const items = [...dayCells.map((cell) => [cell, false] as const), ...[...rollups.values()].map((cell) => [cell, true] as const)].map(
        ([cell, rollup]) => {
          byMonth.add(monthOf(cell.day));
          const counts = Object.fromEntries(COUNTERS.map((counter) => [`c_${counter}`, cell.counts[counter]]));
          return {
            ...keyOf(cell, rollup),
            entity: 'STATS_CELL',
            agency: cell.agency,
            procedure: cell.procedure,
            level: cell.level,
            day: cell.day,
            ...counts,
          };
        },
      );
      const worker = async () => {
        for (let batch = items.splice(0, 25); batch.length; batch = items.splice(0, 25)) {
          let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
          while (pending.length) {
            const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [name]: pending } }));
            pending = (UnprocessedItems?.[name] ?? []) as Record<string, unknown>[];
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await db.send(
        new UpdateCommand({
          TableName: name,
          Key: META,
          UpdateExpression: 'ADD #months :months SET #entity = :entity',
          ExpressionAttributeNames: { '#months': 'months', '#entity': 'entity' },
          ExpressionAttributeValues: { ':months': byMonth, ':entity': META_ENTITY },
        }),
      );
    },
  };
}

export type QualityStore = ReturnType<typeof qualityStore>;

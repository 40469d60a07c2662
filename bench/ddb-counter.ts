import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts DynamoDB requests per command name through SDK middleware on the process-wide client the
 * handlers use. The document client shares its middleware stack with the DynamoDBClient beneath it,
 * so one registration sees every command the repositories send, by its DynamoDB name
 * (`BatchGetItem`, not `BatchGet`).
 *
 * - `calls`: commands sent (initialize step, once per `send`);
 * - `attempts`: HTTP requests made (deserialize step, inside the SDK's retry loop);
 * - `failures`: calls that ended in an error, by error name; a cancelled transaction also by its
 *   reasons, item by item ("TransactionCanceledException: None, None, ConditionalCheckFailed");
 * - capacity, when `captureCapacity` is on: ReturnConsumedCapacity=INDEXES is added to each request
 *   and the units DynamoDB (Local) reports are summed, with the share spent on secondary indexes.
 *   Off by default: it changes the requests.
 */
export interface CommandCount {
  calls: number;
  attempts: number;
  failures: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Of the read and write units above, those spent on global secondary indexes. */
  indexReadUnits: number;
  indexWriteUnits: number;
}

export type Counts = Record<string, CommandCount>;

/** One command as sent, with what it touched ("agency", "dossier", "event", "GSI1 inbox"...). */
export interface TraceEntry {
  command: string;
  touches: string[];
  /** "PK|SK" of each item a read asked for by key (GetItem, BatchGetItem, Query on PK and SK). */
  readKeys: string[];
  /** The command's input as sent (a copy). */
  input: Record<string, unknown>;
  startedMs: number;
  endedMs: number;
}

const READ_COMMANDS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const CAPACITY_COMMANDS = new Set([...READ_COMMANDS, 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export class DynamoDbCounter {
  private counts: Counts = {};
  private trace: TraceEntry[] = [];
  captureCapacity = false;
  /** Records each command with the items it touched, for `measure`. */
  tracing = false;

  /** Adds the middleware to the client's stack (idempotent: registered under fixed names). */
  attach(client: Pick<DynamoDBDocumentClient, 'middlewareStack'>): this {
    const stack = client.middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        const name = commandName(context.commandName);
        const entry = this.entry(name);
        entry.calls += 1;
        const capture = this.captureCapacity && CAPACITY_COMMANDS.has(name);
        const input = args.input as Record<string, unknown>;
        const traced = this.tracing
          ? {
              command: name,
              touches: touches(name, input),
              readKeys: readKeys(name, input),
              input: structuredClone(input),
              startedMs: performance.now(),
              endedMs: 0,
            }
          : null;
        if (traced) this.trace.push(traced);
        try {
          const result = await next(capture ? { ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } } : args);
          if (capture) addCapacity(entry, name, (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
          return result;
        } catch (error) {
          const errorName = error instanceof Error ? error.name : 'Error';
          entry.failures[errorName] = (entry.failures[errorName] ?? 0) + 1;
          const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
          if (reasons) {
            const detail = `${errorName}: ${reasons.map((reason) => reason.Code ?? '?').join(', ')}`;
            entry.failures[detail] = (entry.failures[detail] ?? 0) + 1;
          }
          throw error;
        } finally {
          if (traced) traced.endedMs = performance.now();
        }
      },
      { step: 'initialize', name: 'benchCountCalls', override: true },
    );
    stack.add(
      (next, context) => async (args) => {
        this.entry(commandName(context.commandName)).attempts += 1;
        return next(args);
      },
      { step: 'deserialize', name: 'benchCountAttempts', override: true },
    );
    return this;
  }

  reset(): void {
    this.counts = {};
    this.trace = [];
  }

  /** A copy of the counts since the last reset. */
  snapshot(): Counts {
    return structuredClone(this.counts);
  }

  /** Runs `work` from zero counts and returns what it did, leaving the counter reset. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; counts: Counts; trace: TraceEntry[] }> {
    this.reset();
    const result = await work();
    const counts = this.snapshot();
    const trace = this.trace;
    this.reset();
    return { result, counts, trace };
  }

  private entry(name: string): CommandCount {
    this.counts[name] ??= { calls: 0, attempts: 0, failures: {}, readUnits: 0, writeUnits: 0, indexReadUnits: 0, indexWriteUnits: 0 };
    return this.counts[name];
  }
}

const commandName = (name: string | undefined) => (name ?? 'Unknown').replace(/Command$/, '');

interface Capacity {
  CapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

function addCapacity(entry: CommandCount, name: string, consumed: unknown): void {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
  const reading = READ_COMMANDS.has(name);
  for (const capacity of list) {
    const total = capacity.CapacityUnits ?? 0;
    const onIndexes = Object.values(capacity.GlobalSecondaryIndexes ?? {}).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
    if (reading) {
      entry.readUnits += total;
      entry.indexReadUnits += onIndexes;
    } else {
      entry.writeUnits += total;
      entry.indexWriteUnits += onIndexes;
    }
  }
}

export function totalCalls(counts: Counts): number {
  return Object.values(counts).reduce((sum, entry) => sum + entry.calls, 0);
}

export function totalAttempts(counts: Counts): number {
  return Object.values(counts).reduce((sum, entry) => sum + entry.attempts, 0);
}

/** "1 BatchGetItem + 1 Query + 1 TransactWriteItems", in the order the commands were first sent. */
export function describeCounts(counts: Counts): string {
  const parts = Object.entries(counts).map(([name, entry]) => `${entry.calls} ${name}`);
  return parts.length ? parts.join(' + ') : 'none';
}

/**
 * What a command touched, from its (document client, unmarshalled) input: item kinds by key
 * ("agency", "dossier", "event", "sequence", "handoff", "procedure") or the index and partition
 * kind a Query reads ("GSI1 inbox", "events").
 */
export function touches(command: string, input: Record<string, unknown>): string[] {
  const keyKinds = (keys: unknown[]) => keys.map((key) => itemKind(key as Record<string, unknown>));
  switch (command) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [itemKind(input.Key as Record<string, unknown>)];
    case 'PutItem':
      return [itemKind(input.Item as Record<string, unknown>)];
    case 'BatchGetItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap((request) =>
        keyKinds(request.Keys ?? []),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[]).map(
        (item) => {
          const [operation, body] = Object.entries(item)[0] ?? ['?', {}];
          const kind = itemKind(body?.Item ?? body?.Key ?? {});
          return operation === 'Put' ? kind : `${operation} ${kind}`;
        },
      );
    case 'Query': {
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const partition = plain(values[':pk']) ?? '?';
      const prefix = plain(values[':prefix']);
      const kind = partitionKind(partition, prefix);
      return [input.IndexName ? `${String(input.IndexName)} ${kind}` : kind];
    }
    default:
      return [];
  }
}

/** The items a read names by full key; a Query on an exact PK and SK counts as one. */
export function readKeys(command: string, input: Record<string, unknown>): string[] {
  const keyOf = (key: Record<string, unknown>) => `${plain(key.PK) ?? '?'}|${plain(key.SK) ?? '?'}`;
  if (command === 'GetItem') return [keyOf(input.Key as Record<string, unknown>)];
  if (command === 'BatchGetItem') {
    return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Record<string, unknown>[] }>).flatMap((request) =>
      (request.Keys ?? []).map(keyOf),
    );
  }
  if (command === 'Query' && !input.IndexName) {
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    const expression = String(input.KeyConditionExpression ?? '');
    if (/SK = :sk/.test(expression)) return [`${plain(values[':pk']) ?? '?'}|${plain(values[':sk']) ?? '?'}`];
  }
  return [];
}

/** Items read more than once by key within one trace: "AGENCY#06.063.02014 ×2". */
export function repeatedReads(trace: readonly TraceEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const key of trace.flatMap((entry) => entry.readKeys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, count]) => count > 1)
    .map(([key, count]) => `${key.replace(/\|(AGENCY|DOSSIER)$/, '')} ×${count}`);
}

const plain = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'object' && value && 'S' in value ? String((value as { S: unknown }).S) : undefined;

function itemKind(key: Record<string, unknown>): string {
  const pk = plain(key.PK) ?? '';
  const sk = plain(key.SK) ?? '';
  if (pk.startsWith('DOSSIER#')) return sk === 'DOSSIER' ? 'dossier' : sk.split('#')[0]?.toLowerCase() || 'dossier?';
  return pk.split('#')[0]?.toLowerCase() || '?';
}

function partitionKind(partition: string, prefix: string | undefined): string {
  const head = partition.split('#')[0] ?? '?';
  if (head === 'DOSSIER') return prefix?.startsWith('EVENT') ? 'events' : 'dossier items';
  if (head === 'INBOX') return partition.split('#').length > 2 ? 'inbox by status' : 'inbox';
  return head.toLowerCase();
}

/**
 * The trace as rounds of round trips: commands that overlapped in time are joined with " ∥ ",
 * rounds with " → ". E.g. "BatchGetItem(agency) → BatchGetItem(dossier, sequence) → ...".
 */
export function describeTrace(trace: readonly TraceEntry[]): { text: string; roundTrips: number } {
  const rounds = roundsOf(trace);
  const label = (entry: TraceEntry) => `${entry.command}(${compact(entry.touches)})`;
  return { text: rounds.map((round) => round.map(label).join(' ∥ ')).join(' → ') || 'none', roundTrips: rounds.length };
}

/** The trace's commands in round trips: those that overlapped in time share one. */
export function roundsOf(trace: readonly TraceEntry[]): TraceEntry[][] {
  const rounds: TraceEntry[][] = [];
  let roundEnd = -Infinity;
  for (const entry of [...trace].sort((a, b) => a.startedMs - b.startedMs)) {
    const current = rounds.at(-1);
    if (current && entry.startedMs < roundEnd) {
      current.push(entry);
      roundEnd = Math.max(roundEnd, entry.endedMs);
    } else {
      rounds.push([entry]);
      roundEnd = entry.endedMs;
    }
  }
  return rounds;
}

/** "agency, agency, dossier" → "2 agency, dossier". */
function compact(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, count]) => (count > 1 ? `${count} ${kind}` : kind)).join(', ');
}

import {
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type _Record as SdkRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import { invokeHandler } from '../lambda';
import type { ShardCheckpoints } from './checkpoints';
import { toLambdaRecord } from './stream-records';
import { backoffMs, pause } from './timing';

export type StreamHandler = Handler<DynamoDBStreamEvent, DynamoDBBatchResponse | undefined>;

export type Position = { type: 'TRIM_HORIZON' | 'LATEST' } | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/** Records given up on after the last retry, as Lambda hands them to an on-failure destination. */
export interface DiscardedBatch {
  shardId: string;
  streamArn: string;
  records: DynamoDBRecord[];
  attempts: number;
  reason: string;
}

/** What every shard reader of one stream shares. */
export interface ShardReaderContext {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  checkpoints: ShardCheckpoints;
  handler: StreamHandler;
  functionName: string;
  batchSize: number;
  pollIntervalMs: number;
  /** Lambda event filtering: records it rejects are skipped (and checkpointed), never delivered. */
  filter?: ((record: DynamoDBRecord) => boolean) | undefined;
  /** Retries of a failing batch before its failed records are discarded; unbounded when absent. */
  maxRetryAttempts?: number | undefined;
  onDiscard?: ((batch: DiscardedBatch) => Promise<void>) | undefined;
  /** Aborted when the poller stops. */
  signal: AbortSignal;
  onError: (message: string, error: unknown) => void;
}

/**
 * Reads one shard to its end, handing every record to the handler in sequence-number order. A
 * failing batch is retried from the first record the handler reported as failed (the ones before
 * it are checkpointed), or whole when the handler threw; after maxRetryAttempts the failed records
 * go to onDiscard and reading moves on, as with Lambda's retryAttempts and on-failure destination.
 */
export class ShardReader {
  finished = false;
  /** Settles when the shard is finished or the poller stopped. */
  done: Promise<void> = Promise.resolve();
  private delivering = false;
  /** When the last read that found nothing new started (performance.now()). */
  private caughtUpAt = -Infinity;
  /** Why the shard is stuck, while a batch is being retried. */
  private retrying: string | undefined;

  constructor(
    readonly shardId: string,
    private readonly context: ShardReaderContext,
  ) {}

  /** Resolves once the first iterator is taken, so LATEST means "from the moment we started". */
  async start(position: Position, onFinished: () => void): Promise<void> {
    const iterator = await this.iterator(position);
    this.done = this.read(iterator, position)
      .then(() => {
        if (this.finished) onFinished();
      })
      .catch((error) => {
        if (!this.context.signal.aborted) this.context.onError(`shard ${this.shardId} stopped`, error);
      });
  }

  /** True once everything written to the shard before `since` has been delivered. */
  caughtUpSince(since: number): boolean {
    return this.finished || (this.caughtUpAt >= since && !this.delivering);
  }

  describe(): string {
    return `shard ${this.shardId}${this.retrying ? `: ${this.retrying}` : ' still reading'}`;
  }

  private async read(firstIterator: string | undefined, start: Position): Promise<void> {
    const { streams, signal, checkpoints } = this.context;
    let iterator = firstIterator;
    while (iterator && !signal.aborted) {
      const startedAt = performance.now();
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.context.batchSize }), {
          abortSignal: signal,
        });
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ExpiredIteratorException) {
          iterator = await this.iterator(this.resumePosition(start));
          continue;
        }
        this.context.onError(`GetRecords on shard ${this.shardId} failed`, error);
        await pause(backoffMs(3), signal);
        continue;
      }
      const records = page.Records ?? [];
      if (records.length > 0) await this.deliverPage(records);
      else this.caughtUpAt = startedAt;
      iterator = page.NextShardIterator;
      // Lambda polls a shard at a base rate (4 a second for DynamoDB) and reads on at once only
      // while it is behind: the next read comes a poll interval after this one began, unless this
      // page was full. Reading again as soon as a short page was handled would cost a GetRecords
      // (and an invocation) per few records under load, where Lambda takes them in one batch.
      const full = records.length >= this.context.batchSize;
      if (iterator && !full) await pause(startedAt + this.context.pollIntervalMs - performance.now(), signal);
    }
    if (signal.aborted) return;
    // No next iterator: the shard is closed and read to its end.
    await checkpoints.finish(this.shardId);
    this.finished = true;
  }

  private resumePosition(start: Position): Position {
    const sequenceNumber = this.context.checkpoints.sequenceNumber(this.shardId);
    return sequenceNumber ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber } : start;
  }

  private async iterator(position: Position): Promise<string | undefined> {
    const request = {
      StreamArn: this.context.streamArn,
      ShardId: this.shardId,
      ShardIteratorType: position.type,
      SequenceNumber: position.type === 'AFTER_SEQUENCE_NUMBER' ? position.sequenceNumber : undefined,
    };
    try {
      const { ShardIterator } = await this.context.streams.send(new GetShardIteratorCommand(request), {
        abortSignal: this.context.signal,
      });
      return ShardIterator;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined; // The shard aged out of the stream.
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      this.context.onError(
        `checkpoint ${request.SequenceNumber} of shard ${this.shardId} is past the stream's 24 h retention; reading from the oldest record`,
        error,
      );
      return this.iterator({ type: 'TRIM_HORIZON' });
    }
  }

  /** Delivers the page's records that pass the filter, then checkpoints past the whole page. */
  private async deliverPage(records: SdkRecord[]): Promise<void> {
    const { streamArn, filter, checkpoints, signal } = this.context;
    const events = records.map((record) => toLambdaRecord(record, streamArn)).filter((event) => !filter || filter(event));
    if (events.length > 0) await this.deliver(events);
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (!signal.aborted && last) await checkpoints.advance(this.shardId, last);
  }

  private async deliver(events: DynamoDBRecord[]): Promise<void> {
    const { signal, checkpoints, maxRetryAttempts } = this.context;
    let pending = events;
    this.delivering = true;
    try {
      for (let attempt = 0; pending.length > 0 && !signal.aborted; attempt += 1) {
        const { failedAt, reason } = await this.invoke(pending);
        const delivered = failedAt < 0 ? pending : pending.slice(0, failedAt);
        const last = delivered.at(-1)?.dynamodb?.SequenceNumber;
        if (last) await checkpoints.advance(this.shardId, last);
        if (failedAt < 0) return;
        pending = pending.slice(failedAt);
        if (maxRetryAttempts !== undefined && attempt >= maxRetryAttempts) {
          await this.discard(pending, attempt + 1, reason as string);
          return;
        }
        this.retrying = `record ${pending[0]?.dynamodb?.SequenceNumber} failed (${attempt + 1} attempts): ${reason}`;
        this.context.onError(`shard ${this.shardId}: ${this.retrying}`, reason);
        await pause(backoffMs(attempt), signal);
      }
    } finally {
      this.delivering = false;
      this.retrying = undefined;
    }
  }

  private async discard(records: DynamoDBRecord[], attempts: number, reason: string): Promise<void> {
    const { streamArn, onDiscard, onError, checkpoints } = this.context;
    onError(`shard ${this.shardId}: giving up on ${records.length} record(s) after ${attempts} attempts`, reason);
    await onDiscard?.({ shardId: this.shardId, streamArn, records, attempts, reason });
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) await checkpoints.advance(this.shardId, last);
  }

  /** `failedAt` is the index of the first record to retry, or -1 when the whole batch succeeded. */
  private async invoke(records: DynamoDBRecord[]): Promise<{ failedAt: number; reason?: string }> {
    const { handler, functionName } = this.context;
    try {
      return firstFailure(records, await invokeHandler(handler, { Records: records }, functionName));
    } catch (error) {
      return { failedAt: 0, reason: `handler threw: ${(error as Error).message}` };
    }
  }
}

function firstFailure(records: DynamoDBRecord[], response: DynamoDBBatchResponse | undefined): { failedAt: number; reason?: string } {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { failedAt: -1 };
  const indexes = failures.map((failure) => records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier));
  const ids = failures.map((failure) => failure.itemIdentifier).join(', ');
  // Like Lambda: an empty or unknown identifier fails the whole batch.
  if (indexes.some((index) => index < 0)) return { failedAt: 0, reason: `unknown batchItemFailures [${ids}]` };
  return { failedAt: Math.min(...indexes), reason: `handler reported [${ids}]` };
}

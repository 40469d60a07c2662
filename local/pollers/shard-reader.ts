import {
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type _Record as SdkRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import { invokeHandler } from '../lambda';
import type { ShardCheckpoints } from './checkpoints';
import { toLambdaRecord } from './stream-records';
import { backoffMs, pause } from './timing';

export type StreamHandler = Handler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>;

export type Position = { type: 'TRIM_HORIZON' | 'LATEST' } | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/** What every shard reader of one stream shares. */
export interface ShardReaderContext {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  checkpoints: ShardCheckpoints;
  handler: StreamHandler;
  functionName: string;
  batchSize: number;
  pollIntervalMs: number;
  /** Aborted when the poller stops. */
  signal: AbortSignal;
  onError: (message: string, error: unknown) => void;
}

/**
 * Reads one shard to its end, handing every record to the handler in sequence-number order. A
 * batch is retried until it succeeds: from the first record the handler reported as failed
 * (the ones before it are checkpointed), or whole when the handler threw.
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
      if (records.length > 0) await this.deliver(records);
      else this.caughtUpAt = startedAt;
      iterator = page.NextShardIterator;
      if (records.length === 0 && iterator) await pause(this.context.pollIntervalMs, signal);
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

  private async deliver(records: SdkRecord[]): Promise<void> {
    const { signal, checkpoints } = this.context;
    let pending = records;
    this.delivering = true;
    try {
      for (let attempt = 0; pending.length > 0 && !signal.aborted; attempt += 1) {
        const { failedAt, reason } = await this.invoke(pending);
        const delivered = failedAt < 0 ? pending : pending.slice(0, failedAt);
        const last = delivered.at(-1)?.dynamodb?.SequenceNumber;
        if (last) await checkpoints.advance(this.shardId, last);
        if (failedAt < 0) return;
        pending = pending.slice(failedAt);
        this.retrying = `record ${pending[0]?.dynamodb?.SequenceNumber} failed (${attempt + 1} attempts): ${reason}`;
        this.context.onError(`shard ${this.shardId}: ${this.retrying}`, reason);
        await pause(backoffMs(attempt), signal);
      }
    } finally {
      this.delivering = false;
      this.retrying = undefined;
    }
  }

  /** `failedAt` is the index of the first record to retry, or -1 when the whole batch succeeded. */
  private async invoke(records: SdkRecord[]): Promise<{ failedAt: number; reason?: string }> {
    const { streamArn, handler, functionName } = this.context;
    const event: DynamoDBStreamEvent = { Records: records.map((record) => toLambdaRecord(record, streamArn)) };
    try {
      return firstFailure(records, await invokeHandler(handler, event, functionName));
    } catch (error) {
      return { failedAt: 0, reason: `handler threw: ${(error as Error).message}` };
    }
  }
}

function firstFailure(records: SdkRecord[], response: DynamoDBBatchResponse | void): { failedAt: number; reason?: string } {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { failedAt: -1 };
  const indexes = failures.map((failure) =>
    records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
  );
  const ids = failures.map((failure) => failure.itemIdentifier).join(', ');
  // Like Lambda: an empty or unknown identifier fails the whole batch.
  if (indexes.some((index) => index < 0)) return { failedAt: 0, reason: `unknown batchItemFailures [${ids}]` };
  return { failedAt: Math.min(...indexes), reason: `handler reported [${ids}]` };
}

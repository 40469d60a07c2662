import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type _Record as SdkRecord,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../aws-env';
import { invokeHandler } from '../lambda';
import { ShardCheckpoints } from './checkpoints';
import { toLambdaRecord } from './stream-records';
import { backoffMs, pause, waitUntil } from './timing';

export type StreamHandler = Handler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  functionName?: string;
  /** Records per invocation, at most (Lambda's default for streams is 100). */
  batchSize?: number;
  /** Where to begin in shards that have no checkpoint when the poller starts. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Keep checkpoints in this file so a restart resumes where it stopped. */
  checkpointFile?: string;
  /** Pause after an empty read; Lambda polls each shard about four times a second. */
  pollIntervalMs?: number;
  /** How often to look for new shards (DynamoDB rolls shards over; a closed shard triggers a look too). */
  discoveryIntervalMs?: number;
  onError?: (message: string, error: unknown) => void;
}

export interface StreamPoller {
  streamArn: string;
  /** Resolves once every record written before the call has been handed to the handler successfully. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

type Position = { type: 'TRIM_HORIZON' | 'LATEST' } | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

interface ShardReader {
  shardId: string;
  done: Promise<void>;
  finished: boolean;
  delivering: boolean;
  /** When the last read that found nothing new started (performance.now()). */
  caughtUpAt: number;
  /** Why the shard is stuck, while a batch is being retried. */
  retrying?: string;
}

/**
 * Reads a table's stream and invokes the handler like Lambda's event source mapping: shards in
 * order (a child after its parent), batches in sequence-number order, a checkpoint after each
 * delivered batch, and retries that never skip a record. With ReportBatchItemFailures the
 * checkpoint moves up to the record before the first reported failure and the retry starts there;
 * a thrown error retries the whole batch. Retries back off but do not give up (Lambda's default,
 * MaximumRetryAttempts -1): a poison record holds its shard, loudly.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const clientConfig = { endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  const functionName = options.functionName ?? 'relay';
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const onError = options.onError ?? ((message, error) => console.warn(`[stream poller] ${message}:`, error));
  const aborter = new AbortController();
  const { signal } = aborter;

  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const checkpoints = await ShardCheckpoints.load(options.checkpointFile, streamArn);
  const readers = new Map<string, ShardReader>();
  let firstDiscovery = true;
  let discovering: Promise<void> | undefined;

  const discover = () => (discovering ??= discoverShards().finally(() => (discovering = undefined)));

  async function discoverShards(): Promise<void> {
    const shards = await describeShards();
    const known = new Set(shards.map((shard) => shard.ShardId));
    // Shards already there when we start begin at the chosen position; later ones at their start.
    const fresh: Position = { type: firstDiscovery ? (options.startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON' };
    firstDiscovery = false;
    for (const shard of shards) {
      const shardId = shard.ShardId as string;
      if (readers.has(shardId) || checkpoints.isFinished(shardId)) continue;
      const parent = shard.ParentShardId;
      // A child's records come after its parent's: start it once the parent is read to its end.
      if (parent && known.has(parent) && !checkpoints.isFinished(parent)) continue;
      const sequenceNumber = checkpoints.sequenceNumber(shardId);
      const position: Position = sequenceNumber ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber } : fresh;
      await startReader(shardId, position);
    }
  }

  async function describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
        { abortSignal: signal },
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  /** Resolves once the shard's first iterator is taken, so LATEST means "from the moment we started". */
  async function startReader(shardId: string, position: Position): Promise<void> {
    const reader: ShardReader = { shardId, done: Promise.resolve(), finished: false, delivering: false, caughtUpAt: -Infinity };
    readers.set(shardId, reader);
    try {
      const iterator = await shardIterator(shardId, position);
      reader.done = readShard(reader, iterator, position).catch((error) => {
        if (!signal.aborted) onError(`shard ${shardId} stopped`, error);
      });
    } catch (error) {
      readers.delete(shardId);
      throw error;
    }
  }

  async function readShard(reader: ShardReader, firstIterator: string | undefined, start: Position): Promise<void> {
    let iterator = firstIterator;
    while (iterator && !signal.aborted) {
      const startedAt = performance.now();
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }), { abortSignal: signal });
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ExpiredIteratorException) {
          iterator = await shardIterator(reader.shardId, resumePosition(reader.shardId, start));
          continue;
        }
        onError(`GetRecords on shard ${reader.shardId} failed`, error);
        await pause(backoffMs(3), signal);
        continue;
      }
      const records = page.Records ?? [];
      if (records.length > 0) await deliver(reader, records);
      else reader.caughtUpAt = startedAt;
      iterator = page.NextShardIterator;
      if (records.length === 0 && iterator) await pause(pollIntervalMs, signal);
    }
    if (signal.aborted) return;
    // No next iterator: the shard is closed and read to its end. Its children may start now.
    await checkpoints.finish(reader.shardId);
    reader.finished = true;
    void discover().catch((error) => onError('looking for child shards failed', error));
  }

  function resumePosition(shardId: string, start: Position): Position {
    const sequenceNumber = checkpoints.sequenceNumber(shardId);
    return sequenceNumber ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber } : start;
  }

  async function shardIterator(shardId: string, position: Position): Promise<string | undefined> {
    const request = {
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: position.type,
      SequenceNumber: position.type === 'AFTER_SEQUENCE_NUMBER' ? position.sequenceNumber : undefined,
    };
    try {
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand(request), { abortSignal: signal });
      return ShardIterator;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      onError(`checkpoint ${request.SequenceNumber} of shard ${shardId} is past the stream's 24 h retention; reading from the oldest record`, error);
      return shardIterator(shardId, { type: 'TRIM_HORIZON' });
    }
  }

  async function deliver(reader: ShardReader, records: SdkRecord[]): Promise<void> {
    let pending = records;
    reader.delivering = true;
    try {
      for (let attempt = 0; pending.length > 0 && !signal.aborted; attempt += 1) {
        const { failedAt, reason } = await invoke(pending);
        const delivered = failedAt < 0 ? pending : pending.slice(0, failedAt);
        const last = delivered.at(-1)?.dynamodb?.SequenceNumber;
        if (last) await checkpoints.advance(reader.shardId, last);
        if (failedAt < 0) return;
        pending = pending.slice(failedAt);
        reader.retrying = `record ${pending[0]?.dynamodb?.SequenceNumber} failed (${attempt + 1} attempts): ${reason}`;
        onError(`shard ${reader.shardId}: ${reader.retrying}`, reason);
        await pause(backoffMs(attempt), signal);
      }
    } finally {
      reader.delivering = false;
      reader.retrying = undefined;
    }
  }

  /** `failedAt` is the index of the first record to retry, or -1 when the whole batch succeeded. */
  async function invoke(records: SdkRecord[]): Promise<{ failedAt: number; reason?: string }> {
    const event: DynamoDBStreamEvent = { Records: records.map((record) => toLambdaRecord(record, streamArn as string)) };
    try {
      const response = await invokeHandler(options.handler, event, functionName);
      return firstFailure(records, response);
    } catch (error) {
      return { failedAt: 0, reason: `handler threw: ${(error as Error).message}` };
    }
  }

  await discover();
  void (async () => {
    while (!signal.aborted) {
      await pause(options.discoveryIntervalMs ?? 10_000, signal);
      if (!signal.aborted) await discover().catch((error) => onError('DescribeStream failed', error));
    }
  })();

  return {
    streamArn,
    async drain(timeoutMs = 30_000) {
      const since = performance.now();
      await discover();
      const caughtUp = (reader: ShardReader) => reader.finished || (reader.caughtUpAt >= since && !reader.delivering);
      await waitUntil(
        () => [...readers.values()].every(caughtUp),
        timeoutMs,
        () =>
          [...readers.values()]
            .filter((reader) => !caughtUp(reader))
            .map((reader) => `shard ${reader.shardId}${reader.retrying ? `: ${reader.retrying}` : ' reading'}`)
            .join('; '),
      );
    },
    async stop() {
      aborter.abort();
      await Promise.all([...readers.values()].map((reader) => reader.done));
      await discovering?.catch(() => undefined);
      dynamo.destroy();
      streams.destroy();
    },
  };
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

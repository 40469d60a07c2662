import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { withoutSdkLogger } from '#aws/sdk-logger';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../aws-env';
import { ShardCheckpoints } from './checkpoints';
import { type DiscardedBatch, type Position, ShardReader, type ShardReaderContext, type StreamHandler } from './shard-reader';
import { pause, waitUntil } from './timing';

export type { DiscardedBatch, StreamHandler } from './shard-reader';

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
  checkpointFile?: string | undefined;
  /** Time from one read of a shard to the next, unless a full page says it is behind: Lambda polls each shard about four times a second. */
  pollIntervalMs?: number;
  /** How often to look for new shards (DynamoDB rolls shards over; a closed shard triggers a look too). */
  discoveryIntervalMs?: number;
  /** The mapping's filter criteria: only records it accepts reach the handler. */
  filter?: ((record: DynamoDBRecord) => boolean) | undefined;
  /** Lambda's retryAttempts: retries before a failing batch's records are discarded. Unbounded when absent (-1). */
  maxRetryAttempts?: number;
  /** The on-failure destination: receives what was discarded. */
  onDiscard?: (batch: DiscardedBatch) => Promise<void>;
  onError?: (message: string, error: unknown) => void;
}

export interface StreamPoller {
  streamArn: string;
  /** Resolves once every record written before the call has been handed to the handler successfully. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The SDK clients the poller uses; tests that script a stream's shards pass their own. */
export interface StreamClients {
  dynamo: Pick<DynamoDBClient, 'send' | 'destroy'>;
  streams: DynamoDBStreamsClient;
}

/**
 * Reads a table's stream and invokes the handler like Lambda's event source mapping: shards in
 * order (a child once its parent is read to the end), batches in sequence-number order, a
 * checkpoint after each delivered batch, and retries that never skip a record. With
 * ReportBatchItemFailures the checkpoint moves up to the record before the first reported failure
 * and the retry starts there; a thrown error retries the whole batch. Retries back off; without
 * maxRetryAttempts they never give up (Lambda's default, -1) and a poison record holds its shard,
 * loudly. Records the filter rejects are skipped, as Lambda's event filtering does.
 */
export async function startStreamPoller(
  options: StreamPollerOptions,
  clients: StreamClients = defaultClients(options.endpoint),
): Promise<StreamPoller> {
  const { dynamo, streams } = clients;
  const aborter = new AbortController();
  const { signal } = aborter;
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const checkpoints = await ShardCheckpoints.load(options.checkpointFile, streamArn);
  const onError = options.onError ?? ((message, error) => console.warn(`[stream poller] ${message}:`, error));
  const context: ShardReaderContext = {
    streams,
    streamArn,
    checkpoints,
    handler: options.handler,
    functionName: options.functionName ?? 'relay',
    batchSize: options.batchSize ?? 100,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    filter: options.filter,
    maxRetryAttempts: options.maxRetryAttempts,
    onDiscard: options.onDiscard,
    signal,
    onError,
  };
  const readers = new Map<string, ShardReader>();
  let firstDiscovery = true;
  let discovering: Promise<void> | undefined;

  const discover = () => (discovering ??= discoverShards().finally(() => (discovering = undefined)));
  const discoverInBackground = () => void discover().catch((error) => onError('DescribeStream failed', error));

  async function discoverShards(): Promise<void> {
    const shards = await describeShards();
    const known = new Set(shards.map((shard) => shard.ShardId));
    // Shards there when we start begin at the chosen position; later ones (children) at their start.
    const fresh: Position = { type: firstDiscovery ? (options.startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON' };
    firstDiscovery = false;
    for (const shard of shards) {
      const shardId = shard.ShardId as string;
      if (readers.has(shardId) || checkpoints.isFinished(shardId)) continue;
      const parent = shard.ParentShardId;
      // A child's records come after its parent's: start it once the parent is read to its end.
      if (parent && known.has(parent) && !checkpoints.isFinished(parent)) continue;
      const sequenceNumber = checkpoints.sequenceNumber(shardId);
      const reader = new ShardReader(shardId, context);
      readers.set(shardId, reader);
      await reader
        .start(sequenceNumber ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber } : fresh, discoverInBackground)
        .catch((error) => {
          readers.delete(shardId);
          throw error;
        });
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

  await discover();
  const discoveryLoop = (async () => {
    while (!signal.aborted) {
      await pause(options.discoveryIntervalMs ?? 10_000, signal);
      if (!signal.aborted) discoverInBackground();
    }
  })();

  return {
    streamArn,
    async drain(timeoutMs = 30_000) {
      const since = performance.now();
      await discover();
      const busy = () => [...readers.values()].filter((reader) => !reader.caughtUpSince(since));
      // A finished parent sets off a discovery of its children: wait for that too.
      await waitUntil(
        () => busy().length === 0 && discovering === undefined,
        timeoutMs,
        () => [...busy().map((reader) => reader.describe()), ...(discovering ? ['looking for shards'] : [])].join('; '),
      );
    },
    async stop() {
      aborter.abort();
      await discoveryLoop;
      await discovering?.catch(() => undefined);
      await Promise.all([...readers.values()].map((reader) => reader.done));
      dynamo.destroy();
      streams.destroy();
    },
  };
}

function defaultClients(endpoint: string): StreamClients {
  const config = { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  // Lambda's pollers are not ours to pay for on AWS; here every poll of a page of records costs this process CPU.
  return { dynamo: new DynamoDBClient(config), streams: withoutSdkLogger(new DynamoDBStreamsClient(config)) };
}

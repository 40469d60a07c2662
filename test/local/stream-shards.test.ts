import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { expect, it } from 'vitest';
import { type StreamClients, startStreamPoller } from '../../local/pollers/stream-poller';

/**
 * DynamoDB Local keeps one shard, so shard lineage is scripted here: a closed parent with two
 * records and its open child with two more, the child listed first (DescribeStream makes no
 * promise about order).
 */
const SHARDS = [
  { ShardId: 'child', ParentShardId: 'parent', records: [3, 4], closed: false },
  { ShardId: 'parent', records: [1, 2], closed: true },
];

function scriptedStream(): StreamClients {
  const record = (n: number) => ({
    eventName: 'INSERT' as const,
    dynamodb: { SequenceNumber: String(n).padStart(21, '0'), NewImage: { n: { N: String(n) } } },
  });
  const streams = {
    async send(command: unknown) {
      if (command instanceof DescribeStreamCommand) {
        return { StreamDescription: { Shards: SHARDS.map(({ ShardId, ParentShardId }) => ({ ShardId, ParentShardId })) } };
      }
      if (command instanceof GetShardIteratorCommand) return { ShardIterator: `${command.input.ShardId}@0` };
      if (command instanceof GetRecordsCommand) {
        const [shardId, at] = (command.input.ShardIterator as string).split('@') as [string, string];
        const shard = SHARDS.find((candidate) => candidate.ShardId === shardId) as (typeof SHARDS)[number];
        const next = shard.records.length;
        const records = shard.records.slice(Number(at)).map(record);
        const ended = shard.closed && records.length === 0;
        return { Records: records, NextShardIterator: ended ? undefined : `${shardId}@${next}` };
      }
      throw new Error(`unscripted call ${String(command)}`);
    },
    destroy() {},
  };
  const dynamo = {
    async send(command: unknown) {
      if (command instanceof DescribeTableCommand) return { Table: { LatestStreamArn: 'arn:aws:dynamodb:local:0:table/t/stream/1' } };
      throw new Error('unscripted call');
    },
    destroy() {},
  };
  return { dynamo, streams } as unknown as StreamClients & { streams: DynamoDBStreamsClient };
}

it('reads a child shard only after its parent is read to the end', async () => {
  const delivered: number[] = [];
  const poller = await startStreamPoller(
    {
      endpoint: 'unused',
      tableName: 't',
      pollIntervalMs: 10,
      handler: async (event: DynamoDBStreamEvent) => void delivered.push(...event.Records.map((r) => Number(r.dynamodb?.NewImage?.n?.N))),
    },
    scriptedStream(),
  );

  await poller.drain(5_000);
  await poller.stop();

  expect(delivered).toEqual([1, 2, 3, 4]);
});

import { describe, expect, it } from 'vitest';
import type { Agency } from '#domain/agencies';
import { agencyDeadLetterQueueName, agencyQueueName } from '#queue/names';
import { agencyBucket, BUCKET_COUNT, bucketAgencies } from '../../infra/agency-buckets';
import { readProvinceConfig } from '../../infra/config';
import { TRANSFER_CONSUMER_MAPPING } from '../../local/consumer-mapping';
import { countOfType, resourcesOfType, synthProvince } from './synth';

const config = readProvinceConfig((key) => ({ province: '06', units: '2025-03' })[key]);
const { root, nested, nestedStacks } = synthProvince('06');
const PREFIX = 'lienthong-06-prod-';

describe('agency transfer queues (province 06, 117 agencies)', () => {
  const queues = resourcesOfType(nested, 'AWS::SQS::Queue');
  const names = (list: typeof queues) => list.map(([, q]) => q.Properties!.QueueName as string).sort();
  const main = queues.filter(([, q]) => !(q.Properties!.QueueName as string).endsWith('-dlq.fifo'));
  const dlqs = queues.filter(([, q]) => (q.Properties!.QueueName as string).endsWith('-dlq.fifo'));

  it('creates exactly one FIFO queue and one FIFO DLQ per agency, named by the shared contract', () => {
    expect(config.agencies).toHaveLength(117);
    expect(names(main)).toEqual(config.agencies.map((a) => agencyQueueName(PREFIX, a.code)).sort());
    expect(names(dlqs)).toEqual(config.agencies.map((a) => agencyDeadLetterQueueName(PREFIX, a.code)).sort());
    for (const [, queue] of queues) {
      expect(queue.Properties).toMatchObject({
        FifoQueue: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
    // Every queue and DLQ under the one customer-managed queue key of the root stack (a parameter
    // of each nested stack), never SQS-managed encryption.
    for (const [id, queue] of queues) {
      expect(queue.Properties!.SqsManagedSseEnabled, id).toBeUndefined();
      expect(JSON.stringify(queue.Properties!.KmsMasterKeyId), id).toMatch(/^\{"Ref":"referenceto.*QueueKey.*Arn"\}$/);
    }
    // The root holds the relay's and the projector's (standard) failure queues and the national portal's sync queue and its DLQ (FIFO).
    const rootQueues = resourcesOfType([root], 'AWS::SQS::Queue');
    expect(rootQueues.map(([id, q]) => `${id.replace(/[0-9A-F]{8}$/, '')} ${q.Properties?.FifoQueue ?? false}`).sort()).toEqual([
      'PortalSyncDeadLetterQueue true',
      'PortalSyncQueue true',
      'ProjectorFailureQueue false',
      'RelayFailureQueue false',
    ]);
  });

  it('redrives each queue to its own DLQ after 5 receives, with deduplication by explicit id', () => {
    const dlqIdByName = new Map(dlqs.map(([id, q]) => [q.Properties!.QueueName as string, id]));
    for (const [, queue] of main) {
      const name = queue.Properties!.QueueName as string;
      expect(queue.Properties!.ContentBasedDeduplication).toBe(false);
      expect(queue.Properties!.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqIdByName.get(name.replace(/\.fifo$/, '-dlq.fifo')), 'Arn'] },
        maxReceiveCount: 5,
      });
    }
  });

  it('enforces SSL on every queue', () => {
    expect(countOfType(nested, 'AWS::SQS::QueuePolicy')).toBe(2 * 117);
  });

  it('has one consumer mapping per queue, batch size 10, with partial batch responses', () => {
    const mappings = resourcesOfType(nested, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(117);
    for (const [, mapping] of mappings) {
      // What the local poller runs with (npm start, the fault tests, the handoff bench) is what is deployed.
      expect(mapping.Properties).toMatchObject({
        BatchSize: TRANSFER_CONSUMER_MAPPING.batchSize,
        ScalingConfig: { MaximumConcurrency: TRANSFER_CONSUMER_MAPPING.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
    const sources = new Set(mappings.map(([, m]) => JSON.stringify(m.Properties!.EventSourceArn)));
    expect(sources.size).toBe(117);
    expect(countOfType([root], 'AWS::Lambda::EventSourceMapping')).toBe(3); // the stream's two readers (relay, projector), the portal sender
  });

  it('spreads the queues over a fixed set of nested stacks named by bucket', () => {
    expect(nestedStacks.map((s) => s.node.id)).toEqual(
      Array.from({ length: BUCKET_COUNT }, (_, i) => `AgencyQueues${String(i).padStart(2, '0')}`),
    );
    expect(countOfType([root], 'AWS::CloudFormation::Stack')).toBe(BUCKET_COUNT);
  });
});

describe('agency buckets', () => {
  it('are stable: adding a commune moves no other agency', () => {
    const before = bucketAgencies(config.agencies);
    const newCommune: Agency = { ...config.agencies.at(-1)!, code: '06.063.99999', unitCode: '99999' };
    const after = bucketAgencies([...config.agencies, newCommune]);
    const bucketOf = (buckets: Agency[][], code: string) => buckets.findIndex((b) => b.some((a) => a.code === code));
    for (const agency of config.agencies) expect(bucketOf(after, agency.code)).toBe(bucketOf(before, agency.code));
    expect(bucketOf(after, newCommune.code)).toBe(agencyBucket(newCommune.code));
  });

  it('do not depend on the order of the unit list', () => {
    const reversed = bucketAgencies([...config.agencies].reverse());
    const sortedCodes = (buckets: Agency[][]) => buckets.map((b) => b.map((a) => a.code).sort());
    expect(sortedCodes(reversed)).toEqual(sortedCodes(bucketAgencies(config.agencies)));
  });
});

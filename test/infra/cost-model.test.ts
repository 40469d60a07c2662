import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthProvince } from './synth';

/**
 * docs/cost-model.md counts the idle cost of the agency queues from these settings: if one of
 * these assertions fails, the settings changed, and so did the cost: update the page with them.
 */
describe('what the idle cost model (docs/cost-model.md) assumes of the stack', () => {
  const { nested, all } = synthProvince('06');

  it('caps every agency queue mapping at 5 concurrent batches (so 5 idle pollers, not 2), no provisioned pollers', () => {
    const mappings = resourcesOfType(nested, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(117);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties!.ScalingConfig).toEqual({ MaximumConcurrency: 5 });
      expect(mapping.Properties!.ProvisionedPollerConfig).toBeUndefined();
    }
  });

  it('makes every agency queue long-poll by default (20 s), so an external reader that sets no wait still long-polls', () => {
    const inboxes = resourcesOfType(nested, 'AWS::SQS::Queue').filter(
      ([, q]) => !(q.Properties!.QueueName as string).endsWith('-dlq.fifo'),
    );
    expect(inboxes).toHaveLength(117);
    for (const [, queue] of inboxes) expect(queue.Properties!.ReceiveMessageWaitTimeSeconds).toBe(20);
  });

  it('has nothing else that bills by the hour: no provisioned concurrency, on-demand table, exactly five KMS keys and three secrets', () => {
    expect(resourcesOfType(all, 'AWS::Lambda::Version').filter(([, v]) => v.Properties?.ProvisionedConcurrencyConfig)).toEqual([]);
    expect(resourcesOfType(all, 'AWS::Lambda::Alias').filter(([, a]) => a.Properties?.ProvisionedConcurrencyConfig)).toEqual([]);
    for (const [, table] of [...resourcesOfType(all, 'AWS::DynamoDB::Table'), ...resourcesOfType(all, 'AWS::DynamoDB::GlobalTable')]) {
      expect(table.Properties!.BillingMode).toBe('PAY_PER_REQUEST');
    }
    // Fixed monthly costs (issues 5, 11, 13): the table's, queues', secrets', logs' and dossier files' keys (USD 1 each,
    // plus requests) and the two hash-key secrets and the portal credentials (USD 0.40 each); docs/cost-model.md counts them.
    expect(resourcesOfType(all, 'AWS::KMS::Key')).toHaveLength(5);
    // The dossier files bucket bills by storage and requests only; S3 Bucket Keys keep its KMS requests per object.
    const buckets = resourcesOfType(all, 'AWS::S3::Bucket');
    expect(buckets.filter(([, b]) => JSON.stringify(b.Properties?.BucketEncryption).includes('"BucketKeyEnabled":true'))).toHaveLength(1);
    expect(resourcesOfType(all, 'AWS::SecretsManager::Secret')).toHaveLength(3);
    for (const type of [
      'AWS::EC2::NatGateway',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::RDS::DBInstance',
      'AWS::CloudWatch::Alarm',
    ]) {
      expect(resourcesOfType(all, type), type).toEqual([]);
    }
  });
});

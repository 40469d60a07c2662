import { describe, expect, it } from 'vitest';
import { onlyResource, synthProvince } from './synth';

const { root } = synthProvince('06');
const json = JSON.stringify(root.toJSON());

describe('national portal sync (DVCQG)', () => {
  it('has its own FIFO queue and DLQ, encrypted with the province queue key, without content-based deduplication', () => {
    const [, queue] = onlyResource([root], 'AWS::SQS::Queue', (_, r) => r.Properties?.QueueName === 'lienthong-06-prod-portal-sync.fifo');
    const [, dlq] = onlyResource([root], 'AWS::SQS::Queue', (_, r) => r.Properties?.QueueName === 'lienthong-06-prod-portal-sync-dlq.fifo');
    expect(queue.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      VisibilityTimeout: 360,
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
      RedrivePolicy: { maxReceiveCount: 20 },
    });
    expect(dlq.Properties).toMatchObject({ FifoQueue: true, KmsMasterKeyId: expect.anything() });
  });

  it('reads the queue with a sender Lambda (batches of 10, partial failures) given the secret by ARN only', () => {
    const [, mapping] = onlyResource([root], 'AWS::Lambda::EventSourceMapping', (_, r) =>
      JSON.stringify(r.Properties?.EventSourceArn).includes('PortalSyncQueue'),
    );
    expect(mapping.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const [, sender] = onlyResource([root], 'AWS::Lambda::Function', (_, r) => String(r.Properties?.Description).includes('DVCQG'));
    expect(sender.Properties!.Environment.Variables).toMatchObject({
      PORTAL_SECRET_ARN: { Ref: expect.stringMatching(/^PortalSyncPortalSecret/) },
      PORTAL_MAX_RECEIVE_COUNT: '20',
      PORTAL_SYNC_QUEUE_URL: { Ref: expect.stringMatching(/^PortalSyncQueue/) },
    });
  });

  it('creates the secret as a placeholder: the documented shape, no endpoint or credential in the template', () => {
    const [, secret] = onlyResource([root], 'AWS::SecretsManager::Secret', (_, r) => String(r.Properties?.Name).endsWith('/portal-dvcqg'));
    expect(JSON.parse(secret.Properties!.GenerateSecretString.SecretStringTemplate)).toEqual({ endpoint: '', username: '' });
    expect(secret.Properties!.GenerateSecretString.GenerateStringKey).toBe('password');
    expect(secret.Properties!.SecretString).toBeUndefined();
    expect(json).not.toMatch(/dichvucong\.gov\.vn/);
  });

  it('lets the sender read its own secret and no hash key', () => {
    const [, policy] = onlyResource([root], 'AWS::IAM::Policy', (id) => id.startsWith('PortalSyncFunctionRole'));
    const reads = (policy.Properties!.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).filter((s) =>
      JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads.map((s) => s.Resource)).toEqual([{ Ref: expect.stringMatching(/^PortalSyncPortalSecret/) }]);
  });

  it('tells the relay where the sync queue is', () => {
    const [, relay] = onlyResource([root], 'AWS::Lambda::Function', (_, r) =>
      String(r.Properties?.Description).startsWith('Relays handoff'),
    );
    expect(relay.Properties!.Environment.Variables.PORTAL_SYNC_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^PortalSyncQueue/) });
  });
});

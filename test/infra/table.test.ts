import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALL_INDEXES, KEY, TABLE } from '#store/table-design';
import { onlyResource, synthProvince } from './synth';

describe('province table', () => {
  const { root } = synthProvince('06');

  it('is one on-demand table with PITR, NEW_IMAGE stream, TTL and deletion protection', () => {
    root.resourceCountIs('AWS::DynamoDB::Table', 1);
    root.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: KEY.partition, KeyType: 'HASH' },
        { AttributeName: KEY.sort, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: TABLE.streamView },
      TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('is retained when the stack is deleted', () => {
    root.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has exactly the GSIs of table-design, string keys, projecting ALL', () => {
    const [, table] = onlyResource([root], 'AWS::DynamoDB::Table');
    const indexes = table.Properties!.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(ALL_INDEXES.map((i) => i.name).sort());
    for (const index of ALL_INDEXES) {
      root.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ]),
      });
    }
  });

  it('is encrypted with its own customer-managed, rotated, retained KMS key', () => {
    const [, table] = onlyResource([root], 'AWS::DynamoDB::Table');
    expect(table.Properties!.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = (table.Properties!.SSESpecification.KMSMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const [, key] = onlyResource([root], 'AWS::KMS::Key', (id) => id === keyId);
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    expect((key as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
  });

  it('has exactly five KMS keys in the stack, table, queues, secrets, logs and dossier files, all rotated', () => {
    const keys = Object.values(root.findResources('AWS::KMS::Key')) as { Properties: { EnableKeyRotation: boolean } }[];
    expect(keys).toHaveLength(5);
    for (const key of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
  });
});

import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readProvinceConfig } from '../../infra/config';
import { onlyResource, resourcesOfType, synthProvince } from './synth';

/** Issue 11: the province's dossier files bucket, as synthesised. */
const { root } = synthProvince('06');
const filesBucket = () =>
  onlyResource([root], 'AWS::S3::Bucket', (_, resource) => JSON.stringify(resource.Properties?.BucketEncryption).includes('aws:kms'));

describe('dossier files bucket', () => {
  it('is encrypted with its own rotated KMS key, versioned, private, logged and kept when the stack goes', () => {
    const [id, bucket] = filesBucket();
    expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'dossier-files/' },
    });
    expect(bucket.Properties?.BucketEncryption).toMatchObject({ ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true }] });
    const keyId = JSON.stringify(bucket.Properties?.BucketEncryption).match(/"(FilesKey[A-Za-z0-9]+)"/)?.[1];
    expect(keyId).toBeDefined();
    expect(onlyResource([root], 'AWS::KMS::Key', (keyResource) => keyResource === keyId)[1].Properties?.EnableKeyRotation).toBe(true);
    // TLS only, 1.2 at least.
    root.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('aborts multipart uploads, expires unattached uploads and old versions', () => {
    const rules = filesBucket()[1].Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] };
    expect(rules.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        expect.objectContaining({ Prefix: 'uploads/', ExpirationInDays: 3 }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        expect.objectContaining({ ExpiredObjectDeleteMarker: true }),
      ]),
    );
  });

  it('has no object lock and no malware scanning unless the province asks', () => {
    expect(filesBucket()[1].Properties?.ObjectLockEnabled).toBeUndefined();
    expect(resourcesOfType([root], 'AWS::GuardDuty::MalwareProtectionPlan')).toHaveLength(0);
  });

  it('turns on object lock and GuardDuty scanning of uploads/ when the province asks', () => {
    const asked = synthProvince('06', { filesRetention: 'COMPLIANCE:10', malwareScanning: 'true' }).root;
    const bucket = onlyResource([asked], 'AWS::S3::Bucket', (_, r) =>
      JSON.stringify(r.Properties?.BucketEncryption).includes('aws:kms'),
    )[1];
    expect(bucket.Properties?.ObjectLockEnabled).toBe(true);
    // No default retention: abandoned uploads must stay removable; attach locks each attached copy.
    expect(bucket.Properties?.ObjectLockConfiguration).toBeUndefined();
    asked.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { ObjectPrefixes: ['uploads/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    asked.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ FILES_RETENTION_MODE: 'COMPLIANCE', FILES_RETENTION_DAYS: '3650', FILES_MALWARE_SCANNING: 'true' }),
      },
    });
  });

  it('runs the upload sweeper hourly', () => {
    root.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
  });

  it('refuses a retention a province cannot mean, with a typed error', () => {
    const context = (values: Record<string, unknown>) => (key: string) => ({ province: '06', units: '2025-03', ...values })[key];
    expect(() => readProvinceConfig(context({ filesRetention: 'FOREVER:10' }))).toThrow(/INVALID_FILES_CONFIG/);
    expect(() => readProvinceConfig(context({ filesRetention: 'GOVERNANCE:0' }))).toThrow(/INVALID_FILES_CONFIG/);
    expect(() => readProvinceConfig(context({ malwareScanning: 'maybe' }))).toThrow(/INVALID_FILES_CONFIG/);
    expect(readProvinceConfig(context({ filesRetention: 'GOVERNANCE:5' })).dossierFiles).toEqual({
      retention: { mode: 'GOVERNANCE', years: 5 },
      malwareScanning: false,
    });
  });
});

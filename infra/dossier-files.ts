import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { Effect, Policy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { fileKeys } from '#domain/documents';
import type { ProvinceConfig } from './config';
import { provinceKey } from './encryption-keys';
import { acknowledgeNag, acknowledgeNist } from './nag';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

/**
 * The province's dossier files (issue 11): one bucket for uploads waiting to be attached
 * (`uploads/`) and attached files (`dossiers/<dossier id>/<document id>`), and the settings the
 * law and a security review ask for:
 * - its own customer-managed KMS key (rotated yearly; S3 Bucket Keys keep KMS requests, and cost,
 *   per object rather than per request);
 * - versioning: an overwritten or deleted file stays recoverable (noncurrent versions for 90 days);
 * - no public access, TLS only (TLS 1.2 at least), server access logs to a log bucket of its own;
 * - lifecycle: incomplete multipart uploads aborted after a day, uploads never attached expired
 *   after three (the sweeper, hourly, removes them sooner and any copy an interrupted attach left);
 * - retention where the province asks: Object Lock enabled on the bucket, and each ATTACHED copy
 *   given its retain-until date at attach. Not a default retention, which would lock abandoned
 *   uploads for years too;
 * - malware scanning where the province asks: GuardDuty Malware Protection for S3 on `uploads/`,
 *   tagging each object with its result; attach waits for NO_THREATS_FOUND.
 */
export interface DossierFilesProps {
  config: ProvinceConfig;
  /** The sweeper reads dossiers (was the upload attached?) and drops upload records. */
  data: ProvinceTable;
}

export class DossierFiles extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;

  readonly sweeper: ProvinceFunction;

  constructor(scope: Construct, id: string, { config, data }: DossierFilesProps) {
    super(scope, id);
    const { retention, malwareScanning } = config.dossierFiles;
    const key = provinceKey(this, 'Key', config, 'dossier files', { services: ['s3'] });
    // S3 server access logs can only be delivered to an SSE-S3 bucket, not SSE-KMS.
    this.logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Kept two years: access logs answer "who fetched this file" questions long after the fact.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(730) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(this.logs, 'S1', 'It is the access-log bucket itself: logging its own access would log forever');
    acknowledgeNist(
      this.logs,
      'S3DefaultEncryptionKMS',
      'S3 delivers server access logs only to a bucket encrypted with S3-managed keys (SSE-S3), not SSE-KMS',
    );
    acknowledgeNist(
      this.logs,
      'S3BucketVersioningEnabled',
      'Access log objects are written once by S3 log delivery and never overwritten; versions would only double what expires after two years',
    );
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The same object: CDK's Bucket class and its IBucket interface disagree on `isWebsite` under exactOptionalPropertyTypes.
      serverAccessLogsBucket: this.logs as unknown as IBucket,
      serverAccessLogsPrefix: 'dossier-files/',
      ...(retention ? { objectLockEnabled: true } : {}),
      // Browsers upload and download straight to S3 with the presigned requests the API hands out.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-unattached-uploads', prefix: fileKeys.uploadPrefix, expiration: Duration.days(3) },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      // Dossier files are records: a stack deletion never deletes them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const bucket of [this.bucket, this.logs]) {
      acknowledgeNist(
        bucket,
        'S3BucketReplicationEnabled',
        'Province decision: a copy of dossier files (and their access logs) in another region follows the province records-retention and data-residency rules; versioning and the retained bucket keep files recoverable in the region meanwhile',
      );
    }
    if (malwareScanning) this.addMalwareScanning();
    this.sweeper = new ProvinceFunction(this, 'SweeperFunction', {
      handler: 'files-sweeper',
      config,
      tableName: data.table.tableName,
      description: 'Removes dossier file uploads never attached',
      memorySize: 256,
      timeout: Duration.minutes(5),
      environment: this.environment(config),
      reservedConcurrency: config.security.concurrency.filesSweeper,
      invokedBy: 'schedule',
    });
    data.grantData(this.sweeper, 'readWrite');
    this.grantFiles(this.sweeper, config, 'Sweeper');
    this.scheduleSweeper(this.sweeper);
  }

  /** The environment a function that handles files needs (functions/files/dossier-files.ts reads it). */
  environment(config: ProvinceConfig): Record<string, string> {
    const { retention, malwareScanning } = config.dossierFiles;
    return {
      FILES_BUCKET: this.bucket.bucketName,
      ...(retention ? { FILES_RETENTION_MODE: retention.mode, FILES_RETENTION_DAYS: String(retention.years * 365) } : {}),
      ...(malwareScanning ? { FILES_MALWARE_SCANNING: 'true' } : {}),
    };
  }

  /**
   * What the GraphQL function (presign, verify, copy, download) and the sweeper do: objects under
   * the two prefixes only, listing under `uploads/` only, the key through S3 only.
   */
  grantFiles(fn: IFunction, config: ProvinceConfig, name: string): void {
    const prefixes = [fileKeys.uploadPrefix, 'dossiers/'].map((prefix) => this.bucket.arnForObjects(`${prefix}*`));
    const actions = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    if (config.dossierFiles.retention) actions.push('s3:PutObjectRetention');
    if (config.dossierFiles.malwareScanning) actions.push('s3:GetObjectTagging');
    // A policy of its own beside the function's default one, which stays small (test/infra/limits.test.ts).
    const policy = new Policy(this, `${name}Access`, {
      statements: [
        new PolicyStatement({ actions, resources: prefixes }),
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${fileKeys.uploadPrefix}*`] } },
        }),
        // Named actions on the bucket's own key, only through S3 (not CDK's wildcard grant).
        new PolicyStatement({
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.bucket.encryptionKey!.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
    fn.role!.attachInlinePolicy(policy);
    acknowledgeNist(
      policy,
      'IAMNoInlinePolicy',
      "The function's dossier-file access, attached to that one role only: a policy of its own keeps the role's default policy small (limits.test.ts)",
    );
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    for (const prefix of ['uploads', 'dossiers']) {
      acknowledgeNag(
        policy,
        `IAM5[Resource::<${bucketId}.Arn>/${prefix}/*]`,
        'Objects under the dossier bucket’s own upload and attached-file prefixes: keys are per dossier and document, made at run time',
      );
    }
  }

  /** The sweeper, hourly: uploads older than an hour that were never attached, and their copies. */
  private scheduleSweeper(fn: IFunction): void {
    new Rule(this, 'SweeperSchedule', {
      description: 'Removes dossier file uploads never attached (issue 11)',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
    });
  }

  /**
   * GuardDuty Malware Protection for S3 on `uploads/` (L1: no L2 exists). GuardDuty assumes a role
   * that lets it read the objects, decrypt with the bucket's key, tag the results and manage its
   * own EventBridge rule. GuardDuty sends each scan result to the default event bus (and Security
   * Hub): the province's security team routes THREATS_FOUND to its alerting there.
   */
  private addMalwareScanning(): void {
    const stack = Stack.of(this);
    const role = new Role(this, 'MalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      inlinePolicies: {
        scan: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging'],
              resources: [this.bucket.arnForObjects(`${fileKeys.uploadPrefix}*`)],
            }),
            new PolicyStatement({
              actions: ['s3:ListBucket', 's3:GetBucketNotification', 's3:PutBucketNotification'],
              resources: [this.bucket.bucketArn],
            }),
            new PolicyStatement({
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [this.bucket.encryptionKey!.keyArn],
              conditions: { StringLike: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
            }),
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule'],
              resources: [
                stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*' }),
              ],
              conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
            }),
          ],
        }),
      },
    });
    acknowledgeNist(role, 'IAMNoInlinePolicy', "GuardDuty's scan role and its one policy, as AWS documents it, used by this plan only");
    const bucketId = stack.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    acknowledgeNag(
      role,
      `IAM5[Resource::<${bucketId}.Arn>/uploads/*]`,
      'GuardDuty scans and tags every object under uploads/, whose keys are made at run time',
    );
    acknowledgeNag(
      role,
      'IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]',
      'The EventBridge rules GuardDuty creates and manages for the plan, as AWS documents the role',
    );
    new CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [fileKeys.uploadPrefix] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
  }
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { portalSyncDeadLetterQueueName, portalSyncQueueName } from '#queue/names';
import type { ProvinceConfig } from './config';
import { grantQueueKey, QUEUE_RECEIVE_KEY_ACTIONS } from './encryption-keys';
import { acknowledgeNag, acknowledgeNist } from './nag';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

export interface PortalSyncProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The province's queue key: the sync queue and its DLQ are encrypted with it, like the agency queues. */
  queueKey: Key;
  /** The outbox relay: it puts every dossier event on the sync queue (its send grant covers `<prefix>*`). */
  relay: LambdaFunction;
  /** The province's secrets key (infra/hash-keys.ts): the portal's credentials are encrypted with it. */
  secretKey: Key;
}

/** One message is a few reads, up to a few portal calls (10 s time-out each, retried) and one write. */
const SENDER_TIMEOUT = Duration.seconds(60);
/**
 * Receives before a message is parked in the DLQ. The sender backs off between them (30 s doubling
 * to 15 min, functions/portal-sync/backoff.ts): about four hours of a portal outage; after a longer
 * one an operator redrives the DLQ (redriveFailedHandoffs(agencyCode: "DVCQG")).
 */
export const PORTAL_MAX_RECEIVE_COUNT = 20;

/**
 * The outbound half of the national portal (DVCQG) integration: the sync FIFO queue (group =
 * dossier, deduplication = event id) and its DLQ, the sender Lambda reading it, and the secret
 * holding the portal's endpoint and credentials. The secret is created as a placeholder (an empty
 * endpoint: the sender answers PORTAL_NOT_CONFIGURED until the province fills it; README "National
 * portal (DVCQG)"); no value is ever in code or in the template.
 */
export class PortalSync extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly secret: Secret;
  readonly function: ProvinceFunction;

  constructor(scope: Construct, id: string, { config, data, queueKey, relay, secretKey }: PortalSyncProps) {
    super(scope, id);
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: queueKey, enforceSSL: true } as const;
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: portalSyncDeadLetterQueueName(config.queueNamePrefix),
      fifo: true,
      retentionPeriod: Duration.days(14),
      ...encryption,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: portalSyncQueueName(config.queueNamePrefix),
      fifo: true,
      // The relay sets MessageDeduplicationId = the event's id; bodies of two events may be equal.
      contentBasedDeduplication: false,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: PORTAL_MAX_RECEIVE_COUNT },
      ...encryption,
    });
    this.secret = new Secret(this, 'PortalSecret', {
      secretName: `lienthong/${config.provinceCode}/${config.stage}/portal-dvcqg`,
      description: `Lien Thong ${config.provinceCode} ${config.stage}: the national portal's endpoint and credentials (fill in: see the README)`,
      // A placeholder in the documented shape; Secrets Manager generates a throw-away password.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ endpoint: '', username: '' }),
        generateStringKey: 'password',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: secretKey,
    });
    acknowledgeNag(
      this.secret,
      'SMG4',
      'Credentials issued by the national portal operator: rotated when the operator issues new ones, not by Lambda',
    );
    acknowledgeNist(
      this.secret,
      'SecretsManagerRotationEnabled',
      'Province decision: the national portal operator issues and rotates these credentials; the province puts each new set in the secret',
    );

    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'portal-sync',
      config,
      tableName: data.table.tableName,
      description: 'Sends every dossier state and process step to the national public service portal (DVCQG)',
      memorySize: 256,
      timeout: SENDER_TIMEOUT,
      reservedConcurrency: config.security.concurrency.portalSync,
      invokedBy: 'sqs-mapping',
      environment: {
        PORTAL_SECRET_ARN: this.secret.secretArn,
        PORTAL_MAX_RECEIVE_COUNT: String(PORTAL_MAX_RECEIVE_COUNT),
        // Where the sender sets each failed message's back-off (ChangeMessageVisibility).
        PORTAL_SYNC_QUEUE_URL: this.queue.queueUrl,
      },
    });
    data.grantData(this.function, 'readWrite');
    this.secret.grantRead(this.function);
    this.queue.grantConsumeMessages(this.function);
    // Named in the queue key's policy too, like every user of that key (infra/encryption-keys.ts).
    grantQueueKey(this.function, queueKey, QUEUE_RECEIVE_KEY_ACTIONS);
    new EventSourceMapping(this, 'Sender', {
      target: this.function,
      eventSourceArn: this.queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
      // [U] The portal's rate limit: five senders at most until the operator says more is fine.
      maxConcurrency: 5,
    });
    relay.addEnvironment('PORTAL_SYNC_QUEUE_URL', this.queue.queueUrl);
  }
}

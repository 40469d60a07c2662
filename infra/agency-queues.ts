import { CfnOutput, Duration, NestedStack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Agency } from '#domain/agencies';
import { agencyDeadLetterQueueName, agencyNamePart, agencyQueueName } from '#queue/names';
import type { SubscriberTrust } from './config';
import { SubscriberRole } from './queue-access';
import { TRANSFER_CONSUMER_EVENT_SOURCE } from './transfer-consumer-mapping';

export interface AgencyQueuesProps {
  /** Position of this bucket (see agency-buckets.ts); names the nested stack. */
  bucket: number;
  agencies: readonly Agency[];
  queueNamePrefix: string;
  /** The province's queue key (root stack): every queue and DLQ here is encrypted with it. */
  encryptionKey: IKey;
  /** The platform consumer; its role must already allow consuming `<prefix>*` (queue-access.ts). */
  consumer: IFunction;
  /** The consumer's timeout; the queues' visibility timeout is derived from it. */
  consumerTimeout: Duration;
  /** Agencies whose own systems read their queue: a reader role instead of the platform consumer. */
  externalAgencies: ReadonlySet<string>;
  /** Per external agency, its one principal and external id (config.ts); an agency absent here: this stack's account. */
  subscriberTrust: Readonly<Record<string, SubscriberTrust>>;
}

/**
 * A nested stack holding the transfer inboxes of one bucket of agencies: per agency a FIFO queue,
 * its FIFO dead-letter queue and either the platform consumer's event source mapping or, for an
 * external subscriber, the role its own system assumes to read that queue (with the role's ARN as
 * an output of this nested stack). Mappings and roles are created here, not on the consumer
 * function, so they count against this template's 500 resources and not the root's; an external
 * agency costs as many resources as a platform-consumed one (role instead of mapping).
 */
export class AgencyQueues extends NestedStack {
  constructor(scope: Construct, props: AgencyQueuesProps) {
    const id = `AgencyQueues${String(props.bucket).padStart(2, '0')}`;
    super(scope, id, { description: `Liên Thông agency transfer queues, bucket ${props.bucket}` });
    // Lambda checks the consumer's permissions when a mapping is created; the function resource
    // depends on its role policy, so waiting for the function is enough.
    this.node.addDependency(props.consumer);
    for (const agency of props.agencies) new AgencyInbox(this, agency, props);
  }
}

/** Messages wait this long for a slow external subscriber, e.g. over the Tết holiday week. */
const RETENTION = Duration.days(14);
/** A message that failed this often is parked in the DLQ with its reason. */
export const MAX_RECEIVE_COUNT = 5;

class AgencyInbox extends Construct {
  constructor(scope: Construct, agency: Agency, props: AgencyQueuesProps) {
    super(scope, agencyNamePart(agency.code));
    const deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: agencyDeadLetterQueueName(props.queueNamePrefix, agency.code),
      fifo: true,
      retentionPeriod: RETENTION,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
    });
    const queue = new Queue(this, 'Queue', {
      queueName: agencyQueueName(props.queueNamePrefix, agency.code),
      fifo: true,
      // The producer sets MessageDeduplicationId = handoff id; two distinct handoffs with equal
      // bodies must both arrive, so the body is never the deduplication key.
      contentBasedDeduplication: false,
      retentionPeriod: RETENTION,
      // AWS's rule for Lambda consumers: at least six times the function timeout, so a message is
      // not redelivered while a retried invocation still holds it.
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      // Long polling for agencies whose own systems read their queue.
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.externalAgencies.has(agency.code)) {
      // No platform consumer: it would take the agency's messages from under its own system.
      const { role } = new SubscriberRole(this, 'Subscriber', {
        agencyCode: agency.code,
        queueNamePrefix: props.queueNamePrefix,
        queue,
        deadLetterQueue,
        encryptionKey: props.encryptionKey,
        ...(props.subscriberTrust[agency.code] ? { trust: props.subscriberTrust[agency.code] } : {}),
      });
      // In this nested stack (at most 90 agencies: within the 200 outputs of a template), so any
      // number of external agencies fits; list them all with
      // `aws iam list-roles --path-prefix /lienthong/subscribers/`.
      new CfnOutput(this, 'SubscriberRoleArn', {
        value: role.roleArn,
        description: `Role the system of agency ${agency.code} assumes to read its transfer queue`,
      });
      return;
    }
    new EventSourceMapping(this, 'Consumer', {
      target: props.consumer,
      eventSourceArn: queue.queueArn,
      // Batch size and maxConcurrency: one source with the local poller (transfer-consumer-mapping.ts).
      ...TRANSFER_CONSUMER_EVENT_SOURCE,
      reportBatchItemFailures: true,
    });
  }
}

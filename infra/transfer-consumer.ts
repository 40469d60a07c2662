import { Duration } from 'aws-cdk-lib';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { bucketAgencies } from './agency-buckets';
import { AgencyQueues } from './agency-queues';
import type { ProvinceConfig } from './config';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';
import { grantConsumeAgencyQueues, grantDeadLetterAgencyQueues } from './queue-access';

export interface TransferConsumerProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The one key of every agency queue and DLQ. */
  queueKey: Key;
}

/** Per-message work is one conditional transaction; 30 s leaves room for throttling retries. */
const CONSUMER_TIMEOUT = Duration.seconds(30);

/**
 * The platform consumer of every agency's transfer queue (it records the delivery in the
 * receiver's inbox), with the queues themselves spread over nested stacks. External subscribers'
 * queues get no mapping: their own systems read them and acknowledge through GraphQL.
 */
export class TransferConsumer extends Construct {
  readonly function: ProvinceFunction;
  readonly queueStacks: AgencyQueues[];

  constructor(scope: Construct, id: string, { config, data, queueKey }: TransferConsumerProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'transfer-consumer',
      config,
      tableName: data.table.tableName,
      description: 'Applies handoff messages from agency FIFO queues to the receiving inbox',
      memorySize: 256,
      timeout: CONSUMER_TIMEOUT,
      reservedConcurrency: config.security.concurrency.transferConsumer,
      invokedBy: 'sqs-mapping',
    });
    data.grantData(this.function, 'readWrite');
    grantConsumeAgencyQueues(this.function, config.queueNamePrefix, queueKey);
    grantDeadLetterAgencyQueues(this.function, config.queueNamePrefix, queueKey);
    this.queueStacks = bucketAgencies(config.agencies).map(
      (agencies, bucket) =>
        new AgencyQueues(this, {
          bucket,
          agencies,
          queueNamePrefix: config.queueNamePrefix,
          encryptionKey: queueKey,
          consumer: this.function,
          consumerTimeout: CONSUMER_TIMEOUT,
          externalAgencies: new Set(config.externalSubscribers.agencies),
          subscriberTrust: config.externalSubscribers.trust,
        }),
    );
  }
}

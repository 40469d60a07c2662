import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { grantQueueKey, QUEUE_SEND_KEY_ACTIONS } from './encryption-keys';
import { acknowledgeNag } from './nag';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';
import { acknowledgeKeyWildcards } from './province-table';

/** Every newly inserted dossier event: the statistics count them all (local/projector-mapping.ts is its twin). */
export const PROJECTOR_STREAM_FILTER = {
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('EVENT') } } },
};

export interface ProjectorProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The key the failure queue is encrypted with (the agency queues'). */
  queueKey: Key;
}

/**
 * The statistics projector (issue 12), the stream's second and last reader: it keeps the read
 * model per agency, procedure and day. It writes only its own STATS# items (conditional on the
 * dossier's tracker version), so the same grant as any writer; batches it gives up on go to its
 * failure queue as stream pointers, to be replayed from the table.
 */
export class Projector extends Construct {
  readonly function: ProvinceFunction;
  readonly failureQueue: Queue;

  constructor(scope: Construct, id: string, { config, data, queueKey }: ProjectorProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'projector',
      config,
      tableName: data.table.tableName,
      description: 'Counts dossier events from the table stream into the statistics read model',
      memorySize: 256,
      timeout: Duration.seconds(60),
      reservedConcurrency: config.security.concurrency.projector,
      invokedBy: 'dynamodb-stream',
    });
    data.grantData(this.function, 'readWrite');
    this.failureQueue = new Queue(this, 'FailureQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
    });
    acknowledgeNag(
      this.failureQueue,
      'SQS3',
      'It is itself a dead-letter queue: the on-failure destination of the projector stream mapping',
    );
    this.function.addEventSource(
      new DynamoEventSource(data.table as ITable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        // Bounded like the relay: a poison record must not hold its shard for the stream's 24 hours.
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.failureQueue),
        filters: [FilterCriteria.filter(PROJECTOR_STREAM_FILTER)],
      }),
    );
    acknowledgeKeyWildcards(this.function, 'the queue key (sending to the failure queue)');
    // Named in the queue key's policy too, like every user of that key (infra/encryption-keys.ts).
    grantQueueKey(this.function, queueKey, QUEUE_SEND_KEY_ACTIONS);
  }
}

import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MIGRATED_MARK } from '#queue/outbox';
import type { ProvinceConfig } from './config';
import { allowKeyUse } from './encryption-keys';
import { acknowledgeNag } from './nag';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';
import { acknowledgeKeyWildcards } from './province-table';
import { grantSendToAgencyQueues } from './queue-access';

/**
 * The stream pattern of records the relay publishes: a newly inserted dossier event (see `eventItem`
 * in functions/store/dossier-items.ts). Every event goes to the portal sync queue; those of an
 * outbox type (OUTBOX_EVENT_TYPES) also to an agency queue. The relay is not invoked for the other
 * writes (heads, handoff records, reads, sync states).
 */
export const RELAY_STREAM_FILTER = {
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: {
    NewImage: {
      entity: { S: FilterRule.isEqual('EVENT') },
      // Events copied by the province migration were sent by the old deployment already.
      [MIGRATED_MARK]: { S: FilterRule.notExists() },
    },
  },
};

export interface RelayProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The agency queues' key: the relay sends to them. */
  queueKey: Key;
}

/**
 * The outbox relay: reads handoff events from the table stream and sends each to the receiving
 * agency's FIFO queue. Records it cannot deliver after bounded retries land, as stream pointers,
 * in the failure queue; an operator replays them from the table.
 */
export class Relay extends Construct {
  readonly function: ProvinceFunction;
  readonly failureQueue: Queue;

  constructor(scope: Construct, id: string, { config, data, queueKey }: RelayProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'relay',
      config,
      tableName: data.table.tableName,
      description: 'Relays handoff events from the table stream to agency FIFO queues',
      memorySize: 256,
      timeout: Duration.seconds(60),
      reservedConcurrency: config.security.concurrency.relay,
      invokedBy: 'dynamodb-stream',
    });
    this.failureQueue = new Queue(this, 'FailureQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
    });
    acknowledgeNag(this.failureQueue, 'SQS3', 'It is itself a dead-letter queue: the on-failure destination of the relay stream mapping');
    this.function.addEventSource(
      // aws-cdk-lib declares Table.tableStreamArn `string | undefined` and ITable's as optional: the
      // same under TypeScript's defaults, not under exactOptionalPropertyTypes.
      new DynamoEventSource(data.table as ITable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        // Bounded: a poison record must not stall its shard (and every dossier behind it) for the
        // stream's 24 hours; after this it goes to the failure queue.
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        // SqsDlq grants sending to the failure queue, with encrypt/decrypt on the queue key.
        onFailure: new SqsDlq(this.failureQueue),
        filters: [FilterCriteria.filter(RELAY_STREAM_FILTER)],
      }),
    );
    acknowledgeKeyWildcards(this.function, 'the queue key (sending to the failure queue)');
    grantSendToAgencyQueues(this.function, config.queueNamePrefix, queueKey);
    // The stream read decrypts with the table's key, through DynamoDB.
    allowKeyUse(data.key, this.function.role, ['kms:Decrypt'], 'dynamodb');
  }
}

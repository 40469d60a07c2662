import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { agencyDeadLetterQueueName, agencyQueueName, portalSyncDeadLetterQueueName, portalSyncQueueName } from '#queue/names';
import { ALL_INDEXES, KEY, TABLE } from '#store/table-design';

/**
 * An agency queue's settings, as infra/agency-queues.ts has them except the visibility timeout:
 * AWS waits 6× the consumer's timeout (180 s) before a failed message comes back; locally 30 s
 * shows a retry while you watch.
 */
const QUEUE_SETTINGS = {
  visibilityTimeoutSeconds: 30,
  maxReceiveCount: 5,
  retentionSeconds: 14 * 24 * 3600,
} as const;

/**
 * Creates the province table from the shared table design, or leaves an existing one as it is.
 * Returns once the table is ACTIVE.
 */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<{ created: boolean }> {
  if (await tableExists(dynamo, tableName)) {
    await waitUntilTableExists({ client: dynamo, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
    return { created: false };
  }
  try {
    await dynamo.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    // Someone created it between our look and our create: theirs is as good as ours.
    if (!(error instanceof ResourceInUseException)) throw error;
    return { created: false };
  }
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
    }),
  );
  return { created: true };
}

function tableDefinition(tableName: string) {
  const keyNames = [KEY.partition, KEY.sort, ...ALL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: KEY.partition, KeyType: 'HASH' as const },
      { AttributeName: KEY.sort, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: ALL_INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamView },
  };
}

async function tableExists(dynamo: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

export interface AgencyQueues {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  dlqArn: string;
}

export interface ProvisionQueuesOptions {
  queueNamePrefix: string;
  agencyCodes: readonly string[];
  /** Called after each agency's pair of queues exists. */
  onProgress?: (done: number, total: number) => void;
  /** Agencies provisioned at once; each takes four calls. */
  concurrency?: number;
}

/**
 * Creates every agency's FIFO inbox and its FIFO dead-letter queue. CreateQueue is idempotent when
 * the attributes match, so a second run returns the same URLs. Returns agency code → URLs.
 */
export async function provisionAgencyQueues(sqs: SQSClient, options: ProvisionQueuesOptions): Promise<Map<string, AgencyQueues>> {
  const { agencyCodes, queueNamePrefix } = options;
  const result = new Map<string, AgencyQueues>();
  let next = 0;
  const worker = async () => {
    while (next < agencyCodes.length) {
      const code = agencyCodes[next++] as string;
      result.set(code, await provisionAgency(sqs, queueNamePrefix, code));
      options.onProgress?.(result.size, agencyCodes.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
  // Keep the caller's order (province first), whatever order the workers finished in.
  return new Map(agencyCodes.map((code) => [code, result.get(code) as AgencyQueues]));
}

async function provisionAgency(sqs: SQSClient, prefix: string, agencyCode: string): Promise<AgencyQueues> {
  const dlqUrl = await createFifoQueue(sqs, agencyDeadLetterQueueName(prefix, agencyCode), {
    MessageRetentionPeriod: String(QUEUE_SETTINGS.retentionSeconds),
  });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const queueUrl = await createFifoQueue(sqs, agencyQueueName(prefix, agencyCode), {
    VisibilityTimeout: String(QUEUE_SETTINGS.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(QUEUE_SETTINGS.retentionSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: QUEUE_SETTINGS.maxReceiveCount }),
  });
  return { queueUrl, queueArn: await queueArn(sqs, queueUrl), dlqUrl, dlqArn };
}

/**
 * The national portal's sync queue and its DLQ (infra/portal-sync.ts on AWS). Its visibility
 * time-out is the back-off between a failed send and the next try; tests shorten it.
 */
export async function provisionPortalSyncQueues(
  sqs: SQSClient,
  prefix: string,
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<AgencyQueues> {
  const dlqUrl = await createFifoQueue(sqs, portalSyncDeadLetterQueueName(prefix), {
    MessageRetentionPeriod: String(QUEUE_SETTINGS.retentionSeconds),
  });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const queueUrl = await createFifoQueue(sqs, portalSyncQueueName(prefix), {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? QUEUE_SETTINGS.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(QUEUE_SETTINGS.retentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: options.maxReceiveCount ?? QUEUE_SETTINGS.maxReceiveCount,
    }),
  });
  return { queueUrl, queueArn: await queueArn(sqs, queueUrl), dlqUrl, dlqArn };
}

/** Asked, not built: an emulator's account id and region need not be what we would guess. */
async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  if (!Attributes?.QueueArn) throw new Error(`GetQueueAttributes returned no ARN for ${queueUrl}`);
  return Attributes.QueueArn;
}

async function createFifoQueue(sqs: SQSClient, name: string, settings: Record<string, string>): Promise<string> {
  const attributes = { ContentBasedDeduplication: 'false', ...settings };
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ...attributes } }));
    if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${name}`);
    return QueueUrl;
  } catch (error) {
    // SQS refuses to "create" an existing queue whose attributes differ (say, a persisted queue
    // from before a settings change): bring that queue up to date instead.
    if (!(error instanceof QueueNameExists)) throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${name}`);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  }
}

/** The dossier files bucket (issue 11) on the emulator; its lifecycle rules live in infra/dossier-files.ts. */
export async function ensureFilesBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

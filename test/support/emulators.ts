import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { applyHandlerEnvironment, filesBucketName, LOCAL_CREDENTIALS, LOCAL_REGION, loopbackUrl } from '../../local/aws-env';
import { type AgencyQueues, ensureFilesBucket, ensureTable, provisionAgencyQueues } from '../../local/provision';

export interface TestEmulators {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  /** Unique per call, so test files sharing the emulators never see each other's data. */
  tableName: string;
  queueNamePrefix: string;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** Creates this test's table from the shared table design. */
  createTable(): Promise<void>;
  /** The dossier files bucket (issue 11) the handlers use: FILES_BUCKET. */
  filesBucket: string;
  s3: S3Client;
  /** Creates this test's files bucket on the emulator (fauxqs serves S3 on the SQS port). */
  createFilesBucket(): Promise<void>;
  /** Creates each agency's FIFO queue and DLQ under this test's prefix. */
  createQueues(agencyCodes: readonly string[]): Promise<Map<string, AgencyQueues>>;
}

/**
 * The shared emulators (started by global-setup.ts) for one test file, with the handler
 * environment set in this worker, so handlers imported afterwards talk to them.
 */
export function useEmulators(options: { provinceCode?: string } = {}): TestEmulators {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const sqsEndpoint = inject('sqsEndpoint');
  const suffix = randomUUID().slice(0, 8);
  const tableName = `lienthong-test-${suffix}`;
  const queueNamePrefix = `t${suffix}-`;
  applyHandlerEnvironment({
    dynamoEndpoint,
    sqsEndpoint,
    tableName,
    queueNamePrefix,
    provinceCode: options.provinceCode ?? '06',
  });
  const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: dynamoEndpoint });
  const sqs = new SQSClient({ ...clientConfig, endpoint: sqsEndpoint });
  const s3 = new S3Client({ ...clientConfig, endpoint: loopbackUrl(sqsEndpoint), forcePathStyle: true });
  const filesBucket = filesBucketName(queueNamePrefix);
  return {
    dynamoEndpoint,
    sqsEndpoint,
    tableName,
    queueNamePrefix,
    dynamo,
    sqs,
    createTable: async () => {
      await ensureTable(dynamo, tableName);
    },
    filesBucket,
    s3,
    createFilesBucket: () => ensureFilesBucket(s3, filesBucket),
    createQueues: (agencyCodes) => provisionAgencyQueues(sqs, { queueNamePrefix, agencyCodes }),
  };
}

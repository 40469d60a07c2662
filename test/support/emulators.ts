import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { applyHandlerEnvironment, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-env';
import { type AgencyQueues, ensureTable, provisionAgencyQueues } from '../../local/provision';

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
    createQueues: (agencyCodes) => provisionAgencyQueues(sqs, { queueNamePrefix, agencyCodes }),
  };
}

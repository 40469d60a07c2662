import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { applyHandlerEnvironment, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-env';
import { ensureTable, provisionAgencyQueues } from '../../local/provision';
import { provinceAgencies, seedProvince } from '../../functions/seed/seed';

export interface ProvinceFixture {
  tableName: string;
  queueNamePrefix: string;
  provinceCode: string;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
}

/**
 * A province of its own for one test file: a fresh table (and, if asked, every agency's queues)
 * on the shared emulators, seeded like `npm start` seeds it, with the handler environment set so
 * the real Lambda handlers can be imported afterwards.
 */
export async function setUpProvince(options: { provinceCode?: string; queues?: boolean } = {}): Promise<ProvinceFixture> {
  const provinceCode = options.provinceCode ?? '06';
  const suffix = randomUUID().slice(0, 8);
  const tableName = `lienthong-test-${suffix}`;
  const queueNamePrefix = `t${suffix}-`;
  const dynamoEndpoint = inject('dynamoEndpoint');
  const sqsEndpoint = inject('sqsEndpoint');
  applyHandlerEnvironment({ dynamoEndpoint, sqsEndpoint, tableName, queueNamePrefix, provinceCode });
  const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: dynamoEndpoint });
  const sqs = new SQSClient({ ...clientConfig, endpoint: sqsEndpoint });
  await ensureTable(dynamo, tableName);
  await seedProvince({ tableName, provinceCode });
  if (options.queues) {
    await provisionAgencyQueues(sqs, {
      queueNamePrefix,
      agencyCodes: provinceAgencies(provinceCode).map((agency) => agency.code),
    });
  }
  return { tableName, queueNamePrefix, provinceCode, dynamo, sqs };
}

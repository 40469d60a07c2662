import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { provinceAgencies, seedProvince } from '#seed/seed';
import { applyHandlerEnvironment, LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { ensureTable } from '../local/provision';
import { graphqlClient } from '../test/support/graphql-client';
import { DynamoDbCounter } from './ddb-counter';

/**
 * The GraphQL handler in this process, against DynamoDB Local, with a request counter on its
 * DynamoDB client. The handler builds its services from the environment when it is imported,
 * so the table is fixed for the process: both handler benches share it.
 */
export interface Platform {
  dynamoEndpoint: string;
  tableName: string;
  provinceCode: string;
  gql: GraphQLCall;
  counter: DynamoDbCounter;
  /** The handlers' own client (counted), for the raw floor that replays their requests. */
  documents: DynamoDBDocumentClient;
  /** A low-level client of its own (not counted), for the raw baseline and for reading items back. */
  raw: DynamoDBClient;
  /** Commune → its district, for communes that have one (transfers go commune → district). */
  communes: { code: string; districtCode: string }[];
}

export interface Claims {
  sub: string;
  name?: string;
  agency: string;
  roles: string;
}

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export interface GraphQLResponse<T> {
  statusCode: number;
  data?: T | null;
  errors?: GraphQLError[];
}

export type GraphQLCall = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  claims?: Claims,
) => Promise<GraphQLResponse<T>>;

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export const PROVINCE = '06';

let platform: Promise<Platform> | undefined;

/** Sets the environment, creates and seeds the table, imports the handler: once per process. */
export function handlerPlatform(dynamoEndpoint: string): Promise<Platform> {
  platform ??= setUp(dynamoEndpoint);
  return platform;
}

async function setUp(dynamoEndpoint: string): Promise<Platform> {
  const tableName = `lienthong-bench-${randomUUID().slice(0, 8)}`;
  applyHandlerEnvironment({
    dynamoEndpoint,
    // The GraphQL handler never talks to SQS (transfers write an outbox item; the relay publishes).
    sqsEndpoint: 'http://127.0.0.1:9',
    tableName,
    queueNamePrefix: 'bench-',
    provinceCode: PROVINCE,
  });
  // As deployed: production stage (no introspection, terse errors). Logs stay at WARN, not the
  // stack's INFO, so the per-mutation log line neither costs console time nor floods this output.
  process.env.STAGE = 'prod';
  // Production functions refuse to start without their hashing keys; the bench brings its own.
  process.env.LOOKUP_SECRET_KEY ??= 'bench-lookup-key';
  process.env.PERSONAL_DATA_KEY ??= 'bench-personal-data-key';
  const raw = new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(raw, tableName);
  await seedProvince({ tableName, provinceCode: PROVINCE, unitsEdition: '2025-03' });

  const { handler } = await import('#graphql/handler');
  const { sharedDocumentClient } = await import('#store/clients');
  const documents = sharedDocumentClient();
  const counter = new DynamoDbCounter().attach(documents);

  const agencies = provinceAgencies(PROVINCE, '2025-03');
  const levels = new Map(agencies.map((agency) => [agency.code, agency.level]));
  const communes = agencies
    .filter((agency) => agency.level === 'COMMUNE' && agency.parentCode && levels.get(agency.parentCode) === 'DISTRICT')
    .map((agency) => ({ code: agency.code, districtCode: agency.parentCode as string }));

  return {
    dynamoEndpoint,
    tableName,
    provinceCode: PROVINCE,
    gql: graphqlClient(handler as LambdaHandler),
    counter,
    documents,
    raw,
    communes,
  };
}

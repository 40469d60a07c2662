import { Duration } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import type { ProvinceHttpApi } from './http-api';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';
import { AdminRedrive } from './redrive';

export interface GraphqlApiProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  api: ProvinceHttpApi;
  /** The agency queues' key: the admin redrive function (behind the GraphQL mutation) moves dead letters. */
  queueKey: Key;
}

export const GRAPHQL_PATH = '/graphql';
/** The same Lambda without the authorizer: no claims, so resolvers allow public operations only. */
export const PUBLIC_GRAPHQL_PATH = '/public/graphql';

/**
 * The GraphQL endpoint: `GET` and `POST /graphql` on the Apollo Server Lambda, behind the JWT
 * authorizer, and `POST /public/graphql` on the same Lambda without it (status lookup, catalog).
 */
export class GraphqlApi extends Construct {
  readonly function: ProvinceFunction;
  readonly redrive: AdminRedrive;
  readonly url: string;
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, { config, data, api, queueKey }: GraphqlApiProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'graphql',
      config,
      tableName: data.table.tableName,
      description: 'GraphQL API (Apollo Server)',
      // Apollo's cold start is CPU-bound; more memory buys proportionally more CPU.
      memorySize: 1024,
      // Below the HTTP API's 30-second integration limit, so the client gets our error, not a 503.
      timeout: Duration.seconds(25),
      reservedConcurrency: config.security.concurrency.graphql,
      invokedBy: 'http-api',
    });
    // Least privilege (issue 13): no Scan, no BatchWriteItem, DeleteItem only on lookup back-off
    // items, no SQS: redriving dead letters is the admin function's, invoked from here.
    data.grantData(this.function, 'api');
    this.redrive = new AdminRedrive(this, 'Redrive', { config, data, queueKey });
    this.redrive.grantInvokeTo(this.function);
    api.addLambdaRoute('Graphql', GRAPHQL_PATH, [HttpMethod.GET, HttpMethod.POST], this.function);
    api.addPublicLambdaRoute('PublicGraphql', PUBLIC_GRAPHQL_PATH, [HttpMethod.POST], this.function);
    this.url = api.url(GRAPHQL_PATH);
    this.publicUrl = api.url(PUBLIC_GRAPHQL_PATH);
  }
}

import { Duration } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import type { ProvinceHttpApi } from './http-api';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';
import { grantRedriveAgencyQueues } from './queue-access';

export interface GraphqlApiProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  api: ProvinceHttpApi;
  /** The agency queues' key: operators redrive dead letters through GraphQL. */
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
    });
    data.grantData(this.function, 'readWrite');
    grantRedriveAgencyQueues(this.function, config.queueNamePrefix, queueKey);
    api.addLambdaRoute('Graphql', GRAPHQL_PATH, [HttpMethod.GET, HttpMethod.POST], this.function);
    api.addPublicLambdaRoute('PublicGraphql', PUBLIC_GRAPHQL_PATH, [HttpMethod.POST], this.function);
    this.url = api.url(GRAPHQL_PATH);
    this.publicUrl = api.url(PUBLIC_GRAPHQL_PATH);
  }
}

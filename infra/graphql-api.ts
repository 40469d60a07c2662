import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import type { ProvinceTable } from './province-table';
import type { JwtTrust } from './identity';
import { ProvinceFunction } from './province-function';

export interface GraphqlApiProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  trust: JwtTrust;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * The GraphQL endpoint: an HTTP API (cheaper and faster than a REST API; JWT authorizers are
 * built in) with `GET` and `POST /graphql` on the Apollo Server Lambda, behind a JWT authorizer.
 */
export class GraphqlApi extends Construct {
  readonly function: ProvinceFunction;
  readonly api: HttpApi;
  readonly url: string;

  constructor(scope: Construct, id: string, { config, data, trust }: GraphqlApiProps) {
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

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `lienthong-${config.provinceCode}-${config.stage}`,
      description: `Liên Thông GraphQL API, province ${config.provinceCode} (${config.provinceName})`,
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // A ceiling for the whole province: a runaway client cannot run up the Lambda bill.
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS })),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    this.api.addRoutes({
      path: GRAPHQL_PATH,
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Graphql', this.function),
      authorizer: new HttpJwtAuthorizer('JwtAuthorizer', trust.issuer, {
        jwtAudience: trust.audience,
        identitySource: ['$request.header.Authorization'],
      }),
    });
    // The `$default` stage is served at the API's root, so no stage name appears in the URL.
    this.url = `${this.api.apiEndpoint}${GRAPHQL_PATH}`;
  }
}

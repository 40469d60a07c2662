import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { ProvinceFunction } from './province-function';
import { PARTITIONS, type ProvinceTable } from './province-table';
import { grantRedriveAgencyQueues } from './queue-access';

export interface AdminRedriveProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The agency queues' key: moving a message decrypts it from the DLQ and encrypts it again. */
  queueKey: Key;
}

/**
 * The admin-only redrive function (functions/redrive/handler.ts): the one role that may take
 * messages out of the agency DLQs and send them back to the agency queues, and mark the failure
 * records redriven (UpdateItem on FAILURE# items, nothing else of the table). No route reaches it:
 * the GraphQL function invokes it after authorising the officer (`grantInvokeTo`), so the
 * internet-facing role keeps no SQS permission at all.
 */
export class AdminRedrive extends Construct {
  readonly function: ProvinceFunction;

  constructor(scope: Construct, id: string, { config, data, queueKey }: AdminRedriveProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'redrive',
      config,
      tableName: data.table.tableName,
      description: 'Admin-only: moves dead-lettered handoffs back to their agency queue',
      memorySize: 256,
      // The GraphQL function gives it 15 s of moving and waits up to its own 25 s timeout.
      timeout: Duration.seconds(20),
      reservedConcurrency: config.security.concurrency.redrive,
      invokedBy: 'graphql-function',
    });
    grantRedriveAgencyQueues(this.function, config.queueNamePrefix, queueKey);
    data.grantUpdateOf(this.function, [PARTITIONS.failure]);
  }

  /** Lets `caller` invoke this function (and only it) and tells it the function's name. */
  grantInvokeTo(caller: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    // The function itself, not `:*` (its versions and aliases), which grantInvoke would add.
    caller.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }));
    caller.addEnvironment('REDRIVE_FUNCTION_NAME', this.function.functionName);
  }
}

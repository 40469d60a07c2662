import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';

/**
 * A customer-managed KMS key of the province (automatic yearly rotation, retained with the stack:
 * data encrypted under it must stay readable). The default key policy delegates to IAM in this
 * account, so access is granted in role policies: one statement per role naming the key, never
 * one per queue.
 */
export function provinceKey(scope: Construct, id: string, config: ProvinceConfig, purpose: string): Key {
  return new Key(scope, id, {
    description: `Lien Thong ${config.provinceCode} ${config.stage}: ${purpose}`,
    enableKeyRotation: true,
  });
}

/** What sending to a KMS-encrypted queue needs (SQS makes and reuses data keys for the sender). */
export const QUEUE_SEND_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** What receiving from a KMS-encrypted queue needs. */
export const QUEUE_RECEIVE_KEY_ACTIONS = ['kms:Decrypt'] as const;

/**
 * Lets `fn` use the queue key, but only through SQS in this region (`kms:ViaService`): the role
 * cannot decrypt with it directly.
 */
export function grantQueueKey(fn: IFunction, key: Key, actions: readonly string[]): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(fn).region}.amazonaws.com` } },
    }),
  );
}

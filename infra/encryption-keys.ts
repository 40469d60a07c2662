import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, type IRole, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type CfnKey, Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';

/**
 * The AWS services through which this account's principals may use a province key. Nobody calls
 * KMS directly with a province key: data keys are made and used by these services on the caller's
 * behalf (`kms:ViaService`), and CloudWatch Logs uses the log key as its own service principal.
 */
export type KeyService = 'dynamodb' | 'sqs' | 'secretsmanager' | 's3' | 'lambda';

/** Every key service, for a key whose users are not known yet (the default of provinceKey). */
export const ALL_KEY_SERVICES: readonly KeyService[] = ['dynamodb', 'sqs', 'secretsmanager', 's3', 'lambda'];

/**
 * Key administration for the account (its IAM administrators and the deployment role): manage,
 * describe, rotate, schedule deletion, but not encrypt or decrypt. CDK's default key policy gives
 * the account root `kms:*`, which lets any IAM principal with a `kms:Decrypt` policy read the data.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/** What a service does with a key on a caller's behalf. */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;

export interface ProvinceKeyOptions {
  /** The services this key is used through (default: all of ALL_KEY_SERVICES). */
  services?: readonly KeyService[];
}

/**
 * A customer-managed KMS key of the province (automatic yearly rotation, retained with the stack:
 * data encrypted under it must stay readable). Its key policy (see restrictKeyPolicy) lets the
 * account administer it and use it only through `services`; the functions that use it are named
 * in the key policy as well as in their role (allowKeyUse).
 */
export function provinceKey(scope: Construct, id: string, config: ProvinceConfig, purpose: string, options: ProvinceKeyOptions = {}): Key {
  const key = new Key(scope, id, {
    description: `Lien Thong ${config.provinceCode} ${config.stage}: ${purpose}`,
    enableKeyRotation: true,
  });
  restrictKeyPolicy(key, options.services ?? ALL_KEY_SERVICES);
  return key;
}

/**
 * Replaces CDK's account-root `kms:*` statement (always added by Key) with administration for the
 * account and use through `services` only (same account, `kms:ViaService`); grants that CDK or we
 * add to the key policy stay. CreateGrant only for AWS resources: DynamoDB and SQS hold grants on
 * the key, people do not.
 */
export function restrictKeyPolicy(key: Key, services: readonly KeyService[]): void {
  const stack = Stack.of(key);
  const root = new AccountRootPrincipal();
  key.addToResourcePolicy(
    new PolicyStatement({ sid: 'KeyAdministration', principals: [root], actions: [...KEY_ADMIN_ACTIONS], resources: ['*'] }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'GrantsForAwsResourcesOnly',
      principals: [root],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  );
  if (services.length > 0) {
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'UseThroughServicesOnly',
        principals: [root],
        actions: [...KEY_USE_ACTIONS],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': services.map((service) => `${service}.${stack.region}.amazonaws.com`),
            'kms:CallerAccount': stack.account,
          },
        },
      }),
    );
  }
  const cfn = key.node.defaultChild as CfnKey;
  // The key's PolicyDocument, which grants keep adding to; resolved only at synthesis.
  const document: unknown = cfn.keyPolicy;
  cfn.keyPolicy = Lazy.any({ produce: () => withoutRootWildcard(stack.resolve(document) as PolicyJson) });
}

interface StatementJson {
  Action?: string | string[];
}

interface PolicyJson {
  Statement?: StatementJson[];
}

function withoutRootWildcard(document: PolicyJson): PolicyJson {
  const statements = (document.Statement ?? []).flatMap((statement): StatementJson[] => {
    const actions = [statement.Action ?? []].flat();
    if (!actions.includes('kms:*')) return [statement];
    const rest = actions.filter((action) => action !== 'kms:*');
    return rest.length === 0 ? [] : [{ ...statement, Action: rest.length === 1 ? rest[0]! : rest }];
  });
  return { ...document, Statement: statements };
}

/**
 * Names a function's role in the key policy for `actions` through `service`. The role policy says
 * the same (CDK grants, grantQueueKey): the key policy is where a reviewer of the key sees who uses it.
 */
export function allowKeyUse(key: Key, role: IRole | undefined, actions: readonly string[], service: KeyService): void {
  if (!role) return;
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [role],
      actions: [...actions],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` } },
    }),
  );
}

const LOG_KEY_ID = 'LogKey';

/**
 * The stack's key for CloudWatch Logs (every function's log group and the API's access logs),
 * created on first use so every log group added later finds it. CloudWatch Logs uses it as its
 * service principal, and only for log groups of this account and region (encryption context).
 */
export function logKey(scope: Construct, config: ProvinceConfig): Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOG_KEY_ID);
  if (existing) return existing as Key;
  const key = provinceKey(stack, LOG_KEY_ID, config, 'CloudWatch Logs (function logs, API access logs)', { services: [] });
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}

/** What sending to a KMS-encrypted queue needs (SQS makes and reuses data keys for the sender). */
export const QUEUE_SEND_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
/** What receiving from a KMS-encrypted queue needs. */
export const QUEUE_RECEIVE_KEY_ACTIONS = ['kms:Decrypt'] as const;

/**
 * Lets `fn` use the queue key, but only through SQS in this region (`kms:ViaService`): the role
 * cannot decrypt with it directly. Named in the key policy too.
 */
export function grantQueueKey(fn: IFunction, key: Key, actions: readonly string[]): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(fn).region}.amazonaws.com` } },
    }),
  );
  allowKeyUse(key, fn.role, actions, 'sqs');
}

import { Duration, Stack, Tags } from 'aws-cdk-lib';
import {
  AccountPrincipal,
  AccountRootPrincipal,
  ArnPrincipal,
  Effect,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { agencyDeadLetterQueuesPattern, agencyNamePart, allAgencyQueuesPattern } from '#queue/names';
import type { SubscriberTrust } from './config';
import { grantQueueKey, QUEUE_RECEIVE_KEY_ACTIONS, QUEUE_SEND_KEY_ACTIONS } from './encryption-keys';
import { acknowledgeNist, acknowledgePolicyNag } from './nag';

/**
 * IAM for the agency queues, granted on the province's queue NAME PATTERN rather than per queue:
 * one statement per queue would put hundreds of ARNs in a role policy (576 agencies in
 * Thanh Hóa) and overflow the 10,240-byte inline policy limit. The prefix carries province and
 * stage (`lienthong-06-prod-`), so the pattern cannot reach another deployment's queues.
 *
 * The dead-letter queues match the same prefix; an explicit Deny keeps the platform's functions
 * off them: only operators read or redrive a DLQ.
 *
 * External subscribers (agencies whose own systems read their queue) get the opposite shape: one
 * role per agency naming its own queue's ARN exactly (SubscriberRole below).
 */

export function grantSendToAgencyQueues(fn: IFunction, queueNamePrefix: string, key: Key): void {
  grantOnAgencyQueues(fn, queueNamePrefix, ['sqs:SendMessage', 'sqs:GetQueueUrl']);
  grantQueueKey(fn, key, QUEUE_SEND_KEY_ACTIONS);
}

/**
 * The platform consumer: consume the agency queues, and put a message that can never succeed
 * (invalid contract, unknown dossier) into its queue's DLQ at once, with the reason (issue 13);
 * it still may not read or delete anything in a DLQ.
 */
export function grantConsumeAgencyQueues(fn: IFunction, queueNamePrefix: string, key: Key): void {
  grantQueueKey(fn, key, QUEUE_SEND_KEY_ACTIONS);
  grantOnAgencyQueues(fn, queueNamePrefix, [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ]);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queueArnPattern(fn, agencyDeadLetterQueuesPattern(queueNamePrefix))] }),
  );
  acknowledgePolicyNag(
    fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${agencyDeadLetterQueuesPattern(queueNamePrefix)}]`,
    'One name pattern for all agency DLQs of this province and stage: per-queue ARNs (hundreds) overflow the role policy size limit',
  );
}

/**
 * The consumer parks a message that can never succeed in its agency's DLQ itself, with the reason
 * as an attribute (functions/transfer-consumer/dead-letter.ts): send-only on the DLQ pattern.
 */
export function grantDeadLetterAgencyQueues(fn: IFunction, queueNamePrefix: string, key: Key): void {
  const pattern = agencyDeadLetterQueuesPattern(queueNamePrefix);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'], resources: [queueArnPattern(fn, pattern)] }));
  grantQueueKey(fn, key, QUEUE_SEND_KEY_ACTIONS);
  acknowledgePolicyNag(
    fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${pattern}]`,
    'One name pattern for all agency DLQs of this province and stage: per-queue ARNs (hundreds) overflow the role policy size limit',
  );
}

function grantOnAgencyQueues(fn: IFunction, prefix: string, actions: string[]): void {
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [queueArnPattern(fn, allAgencyQueuesPattern(prefix))] }));
  acknowledgePolicyNag(
    fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${allAgencyQueuesPattern(prefix)}]`,
    'One name pattern for all agency queues of this province and stage: per-queue ARNs (hundreds) overflow the role policy size limit',
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: actions.filter((a) => a !== 'sqs:GetQueueUrl'),
      resources: [queueArnPattern(fn, agencyDeadLetterQueuesPattern(prefix))],
    }),
  );
}

/**
 * The operators' redrive (the admin function behind the GraphQL mutation, infra/redrive.ts): read
 * and delete parked messages in the agency DLQs, send them back to the agency queues, never send
 * into a DLQ.
 */
export function grantRedriveAgencyQueues(fn: IFunction, queueNamePrefix: string, key: Key): void {
  const dlqs = queueArnPattern(fn, agencyDeadLetterQueuesPattern(queueNamePrefix));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
      resources: [dlqs],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
      resources: [queueArnPattern(fn, allAgencyQueuesPattern(queueNamePrefix))],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['sqs:SendMessage'], resources: [dlqs] }));
  grantQueueKey(fn, key, QUEUE_SEND_KEY_ACTIONS);
  const reason =
    'One name pattern for all agency queues (or all their DLQs) of this province and stage: per-queue ARNs (hundreds) overflow the role policy size limit';
  acknowledgePolicyNag(
    fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${allAgencyQueuesPattern(queueNamePrefix)}]`,
    reason,
  );
  acknowledgePolicyNag(
    fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${agencyDeadLetterQueuesPattern(queueNamePrefix)}]`,
    reason,
  );
}

const queueArnPattern = (fn: IFunction, namePattern: string): string => Stack.of(fn).formatArn({ service: 'sqs', resource: namePattern });

/** What an external subscriber's system does with its own queue: read, delete, extend, look up. */
export const SUBSCRIBER_QUEUE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
] as const;

/** On its dead-letter queue: only its depth, for the agency's own monitoring. */
export const SUBSCRIBER_DLQ_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] as const;

/** All subscriber roles sit under one IAM path: `aws iam list-roles --path-prefix` lists them. */
export const SUBSCRIBER_ROLE_PATH = '/lienthong/subscribers/';

/** `lienthong-06-prod-06-063-02014-subscriber`: at most 47 characters (IAM allows 64). */
export const subscriberRoleName = (queueNamePrefix: string, agencyCode: string): string =>
  `${queueNamePrefix}${agencyNamePart(agencyCode)}-subscriber`;

export interface SubscriberRoleProps {
  agencyCode: string;
  queueNamePrefix: string;
  queue: IQueue;
  deadLetterQueue: IQueue;
  /** The queues' KMS key: the role may decrypt with it, for its own queue's messages only. */
  encryptionKey: IKey;
  /** The agency's one principal and external id (config.ts); absent: this stack's account (its administrators delegate). */
  trust?: SubscriberTrust;
}

/**
 * The role an external subscriber's system assumes to read ITS agency's queue and nothing else:
 * the policy names that one queue's ARN (and its DLQ's, for attributes only), never a pattern.
 * Batch calls (DeleteMessageBatch, ChangeMessageVisibilityBatch) are authorised by the same
 * actions. The queues are encrypted with the province's queue key: the role may decrypt with it
 * only through SQS and only for its own queue (SQS's encryption context names the queue ARN).
 *
 * One resource per agency: the policy is inline, not a separate AWS::IAM::Policy.
 */
export class SubscriberRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: SubscriberRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      roleName: subscriberRoleName(props.queueNamePrefix, props.agencyCode),
      path: SUBSCRIBER_ROLE_PATH,
      // IAM descriptions allow Latin-1 only: the agency's Vietnamese name would fail the deploy.
      description: `Lien Thong external subscriber of agency ${props.agencyCode}: reads its own transfer queue only`,
      assumedBy: subscriberPrincipal(props.trust),
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        OwnQueueOnly: new PolicyDocument({
          statements: [
            new PolicyStatement({ sid: 'ReadOwnQueue', actions: [...SUBSCRIBER_QUEUE_ACTIONS], resources: [props.queue.queueArn] }),
            new PolicyStatement({
              sid: 'WatchOwnDeadLetterQueue',
              actions: [...SUBSCRIBER_DLQ_ACTIONS],
              resources: [props.deadLetterQueue.queueArn],
            }),
            new PolicyStatement({
              sid: 'DecryptOwnQueue',
              actions: [...QUEUE_RECEIVE_KEY_ACTIONS],
              resources: [props.encryptionKey.keyArn],
              conditions: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': props.queue.queueArn } },
            }),
          ],
        }),
      },
    });
    acknowledgeNist(
      this.role,
      'IAMNoInlinePolicy',
      "The role's one policy names this agency's own queue and is attached to this role only; a managed policy per agency would add a resource per agency to templates already near CloudFormation's limits (limits.test.ts)",
    );
    Tags.of(this.role).add('lienthong:agency', props.agencyCode);
    Tags.of(this.role).add('lienthong:purpose', 'external-subscriber');
  }
}

/**
 * The agency's own principal, only with the external id agreed with that agency (the confused-deputy
 * guard: a gateway acting for several parties cannot be made to assume this role for another).
 */
function subscriberPrincipal(trust: SubscriberTrust | undefined): IPrincipal {
  if (trust === undefined) return new AccountRootPrincipal();
  const principal = /^\d{12}$/.test(trust.principal) ? new AccountPrincipal(trust.principal) : new ArnPrincipal(trust.principal);
  return principal.withConditions({ StringEquals: { 'sts:ExternalId': trust.externalId } });
}

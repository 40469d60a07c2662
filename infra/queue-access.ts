import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { acknowledgeNag } from './nag';

/**
 * IAM for the agency queues, granted on the province's queue NAME PATTERN rather than per queue:
 * one statement per queue would put hundreds of ARNs in a role policy (576 agencies in
 * Thanh Hóa) and overflow the 10,240-byte inline policy limit. The prefix carries province and
 * stage (`lienthong-06-prod-`), so the pattern cannot reach another deployment's queues.
 *
 * The dead-letter queues match the same prefix; an explicit Deny keeps the platform's functions
 * off them: only operators read or redrive a DLQ.
 */

export function grantSendToAgencyQueues(fn: IFunction, queueNamePrefix: string): void {
  grantOnAgencyQueues(fn, queueNamePrefix, ['sqs:SendMessage', 'sqs:GetQueueUrl']);
}

export function grantConsumeAgencyQueues(fn: IFunction, queueNamePrefix: string): void {
  grantOnAgencyQueues(fn, queueNamePrefix, [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ]);
}

function grantOnAgencyQueues(fn: IFunction, prefix: string, actions: string[]): void {
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [queueArnPattern(fn, `${prefix}*`)] }));
  acknowledgeNag(
    fn.role ?? fn,
    `IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${prefix}*]`,
    'One name pattern for all agency queues of this province and stage: per-queue ARNs (hundreds) overflow the role policy size limit',
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: actions.filter((a) => a !== 'sqs:GetQueueUrl'),
      resources: [queueArnPattern(fn, `${prefix}*-dlq.fifo`)],
    }),
  );
}

const queueArnPattern = (fn: IFunction, namePattern: string): string =>
  Stack.of(fn).formatArn({ service: 'sqs', resource: namePattern });

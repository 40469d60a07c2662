import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag AwsSolutions finding on a construct (and everything below it). Only for
 * findings that are a deliberate design choice; the reason is the audit trail, so say why.
 * `finding` is the rule id, with the finding in brackets where the rule reports several,
 * e.g. `IAM5[Resource::*]`.
 */
export function acknowledgeNag(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${finding}`, reason });
}

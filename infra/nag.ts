import { Annotations, AspectPriority, Aspects, type IAspect, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag AwsSolutions finding on a construct (and everything below it). Only for
 * findings that are a deliberate design choice; the reason is the audit trail, so say why.
 * `finding` is the rule id, with the finding in brackets where the rule reports several,
 * e.g. `IAM5[Resource::*]`. Put it on the resource the finding is about (the L2 construct of that
 * one resource), never on a stack or a whole role.
 */
export function acknowledgeNag(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${finding}`, reason });
}

/**
 * Acknowledges a NIST 800-53 rev 5 finding (test/infra/nag.test.ts runs that pack). The reason
 * names the decision it rests on, and where that is the province's, says so: "Province decision: …".
 */
export function acknowledgeNist(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `NIST.800.53.R5-${rule}`, reason });
}

/**
 * Acknowledges an IAM finding (e.g. `IAM5[Resource::*]`) on the one policy resource it is about:
 * the role's default policy, which must exist already (call it after the grant that adds the
 * statement). Not on the role: that would cover every other policy of it.
 */
export function acknowledgePolicyNag(principal: IFunction | IRole, finding: string, reason: string): void {
  const role = 'role' in principal && principal.role ? principal.role : (principal as IRole);
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy)
    throw new Error(`acknowledgePolicyNag(${role.node.path}, ${finding}): the role has no policy yet; acknowledge after the grant`);
  acknowledgeNag(policy, finding, reason);
}

/**
 * Runs cdk-nag's AwsSolutions pack over each top-level stack as the last aspect of synthesis and
 * turns every unacknowledged finding into an error annotation on the resource: aws-cdk-lib then
 * stops synthesis (ValidationFailed, listing rule and resource), so `cdk synth` and every test
 * synth fail. cdk-nag 3 is a policy-validation plugin,
 * but aws-cdk-lib does not hand plugins the construct tree yet (`appConstruct`), so the pack is
 * run here through `validateScope`, which is what the plugin would do.
 */
export class AwsSolutionsEnforcement implements IAspect {
  visit(node: IConstruct): void {
    if (!Stack.isStack(node) || NestedStack.isNestedStack(node)) return;
    const report = new AwsSolutionsChecks().validateScope(node);
    if (report.success) return;
    const byPath = new Map(node.node.findAll().map((c) => [c.node.path, c]));
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        const target = byPath.get(resource.constructPath ?? '') ?? node;
        Annotations.of(target).addError(
          `${violation.ruleName}: ${violation.description} (fix it, or acknowledge it in infra/ with the reason)`,
        );
      }
    }
  }
}

/** Adds the enforcement to an app (infra/build-app.ts): after every mutating aspect, so it sees the final tree. */
export function enforceAwsSolutions(scope: IConstruct): void {
  Aspects.of(scope).add(new AwsSolutionsEnforcement(), { priority: AspectPriority.READONLY });
}

import { CfnResource, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { synthProvince, testAppProps } from './synth';

/**
 * Findings left open: none. A new finding fails `cdk synth` (AwsSolutions, infra/nag.ts) and this
 * test (AwsSolutions and NIST 800-53 rev 5); fix it, or acknowledge it where it is created
 * (infra/nag.ts: acknowledgeNag, acknowledgePolicyNag, acknowledgeNist) with the reason. Every
 * acknowledged rule is listed below, so a new one is a visible change here too.
 */
const OPEN_FINDINGS = {};

/** The rules acknowledged somewhere in the stack, each with its reason in infra/. */
const ACKNOWLEDGED_RULES = [
  'AwsSolutions-APIG4', // the public GraphQL route (status lookup, catalog)
  'AwsSolutions-COG8', // threat protection = Cognito Plus plan, a cost decision
  'AwsSolutions-IAM5', // X-Ray `*`, the table's index/*, agency queue name patterns, CDK's KMS action wildcards, the seed's versions
  'AwsSolutions-L1', // Node 22 on purpose
  'AwsSolutions-S1', // the dossier files' access-log bucket does not log its own access
  'AwsSolutions-SMG4', // hash keys: rotation is a re-hashing migration
  'AwsSolutions-SQS3', // the relay's and the projector's failure queues are themselves DLQs
  'NIST.800.53.R5-DynamoDBInBackupPlan', // province decision: records retention (PITR is on)
  'NIST.800.53.R5-IAMNoInlinePolicy', // each role's own policy, attached to it alone
  'NIST.800.53.R5-LambdaDLQ', // no asynchronous invocation anywhere
  'NIST.800.53.R5-LambdaInsideVPC', // province decision: private network paths
  'NIST.800.53.R5-S3BucketReplicationEnabled', // province decision: dossier files in a second region
  'NIST.800.53.R5-S3BucketVersioningEnabled', // the access-log bucket: objects written once
  'NIST.800.53.R5-S3DefaultEncryptionKMS', // the access-log bucket: S3 log delivery takes SSE-S3 only
  'NIST.800.53.R5-SecretsManagerRotationEnabled', // province decision: when to re-hash
];

/** NIST findings whose acknowledgement rests on a decision the province makes (README: "What a province decides"). */
const PROVINCE_DECISIONS = ['DynamoDBInBackupPlan', 'LambdaInsideVPC', 'S3BucketReplicationEnabled', 'SecretsManagerRotationEnabled'];

const EXTERNAL = [{ code: '06.063', principal: '123456789012', externalId: 'lienthong-06-063-5f1c9a7e2b' }, '06.063.02014'];

interface Acknowledgement {
  id: string;
  reason: string;
  on: IConstruct;
}

function acknowledgements(stack: Stack): Acknowledgement[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([key, value]) => ({
          id: key.replace(/^annotation::/i, ''),
          reason: typeof value === 'string' ? value : JSON.stringify(value),
          on: construct,
        })),
      ),
  );
}

const findings = (pack: AwsSolutionsChecks | NIST80053R5Checks, stack: Stack): Record<string, number> =>
  Object.fromEntries(pack.validateScope(stack).violations.map((v) => [v.ruleName, v.violatingResources.length]));

describe('cdk-nag', () => {
  const plain = synthProvince('06');
  const external = synthProvince('06', { externalAgencies: EXTERNAL });
  // Issue 11: the dossier files bucket with Object Lock retention and GuardDuty malware scanning on.
  const files = synthProvince('06', { filesRetention: 'GOVERNANCE:10', malwareScanning: 'true' });

  it.each([
    ['06', plain],
    ['06 with external subscribers', external],
    ['06 with file retention and malware scanning', files],
  ])('province %s: no open AwsSolutions or NIST 800-53 rev 5 finding', (_label, { stack }) => {
    const open = { ...findings(new AwsSolutionsChecks(), stack), ...findings(new NIST80053R5Checks(), stack) };
    console.log('cdk-nag open findings:', open);
    expect(open).toEqual(OPEN_FINDINGS);
  });

  it('fails synthesis on a new AwsSolutions finding (an error annotation on the resource), and on none today', () => {
    // With the enforcement (as `cdk synth` runs it): today's stack synthesises without an error annotation.
    const clean = buildApp(testAppProps({ province: '06' }));
    expect(Annotations.fromStack(clean.stack).findError('*', Match.anyValue())).toEqual([]);
    const { app, stack } = buildApp(testAppProps({ province: '06' }));
    new Queue(stack, 'Unencrypted', {});
    // aws-cdk-lib stops synthesis on error annotations (ValidationFailed), naming rule and resource.
    expect(() => app.synth()).toThrow(
      /AwsSolutions-SQS4: The SQS queue does not require requests to use SSL[\s\S]*LienThong-P06\/Unencrypted\/Resource/,
    );
  });

  it('keeps every acknowledgement on the resource it is about, with a reason, only for the known rules', () => {
    const found = acknowledgements(external.stack);
    const report = found.map((a) => `${a.on.node.path}: ${a.id}: ${a.reason}`).sort();
    console.log(`cdk-nag acknowledgements:\n${report.join('\n')}`);
    for (const { id, reason, on } of found) {
      expect(id).toMatch(/^(AwsSolutions|NIST\.800\.53\.R5)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(reason.length, id).toBeGreaterThanOrEqual(40);
      // On one resource (a CfnResource, or the L2 construct of one), never a stack or a scope of many.
      expect(Stack.isStack(on) || NestedStack.isNestedStack(on), `${id} on ${on.node.path}`).toBe(false);
      const resource = CfnResource.isCfnResource(on) ? on : on.node.defaultChild;
      expect(resource && CfnResource.isCfnResource(resource), `${id} on ${on.node.path}`).toBe(true);
      // An IAM statement finding sits on the policy that holds the statement, not on the role.
      if (/-IAM5\[/.test(id) || id.endsWith('-IAMNoInlinePolicy')) {
        const isPolicy = resource instanceof CfnPolicy || (resource as CfnResource).cfnResourceType === 'AWS::IAM::Role';
        expect(isPolicy, `${id} on ${on.node.path}`).toBe(true);
        if (id.includes('-IAM5[')) expect(resource, `${id} on ${on.node.path}`).toBeInstanceOf(CfnPolicy);
      }
      if (id.startsWith('AwsSolutions-IAM5')) expect(id, 'IAM5 acknowledged per finding').toMatch(/\[(Resource|Action)::.+\]$/);
    }
    const rules = [...new Set(found.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual(ACKNOWLEDGED_RULES);
    for (const rule of PROVINCE_DECISIONS) {
      const reasons = found.filter((a) => a.id === `NIST.800.53.R5-${rule}`).map((a) => a.reason);
      expect(reasons.length, rule).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason, rule).toMatch(/^Province decision: /);
    }
  });
});

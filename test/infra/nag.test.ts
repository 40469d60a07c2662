import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthProvince } from './synth';

/**
 * Findings left open: none (issue 5). A new finding fails this test; fix it, or acknowledge it
 * where it is created (infra/nag.ts, `acknowledgeNag`) with the reason. Every acknowledgement is
 * listed below with its reason, so a new one is a visible change here too.
 */
const OPEN_FINDINGS = {};

/** The rules acknowledged somewhere in the stack, each with its reason in infra/. */
const ACKNOWLEDGED_RULES = [
  'APIG4', // the public GraphQL route (status lookup, catalog)
  'COG8', // threat protection = Cognito Plus plan, a cost decision
  'IAM5', // X-Ray `*`, the table's index/*, agency queue name patterns, CDK's KMS action wildcards
  'L1', // Node 22 on purpose
  'SMG4', // hash keys: rotation is a re-hashing migration
  'SQS3', // the relay's and the projector's failure queues are themselves DLQs
];

/** Every acknowledgement in the stack: `AwsSolutions-<rule>[finding]` → reason. */
function acknowledgements(province: string, context: Record<string, unknown> = {}): Map<string, Set<string>> {
  const { stack } = synthProvince(province, context);
  const found = new Map<string, Set<string>>();
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const id = key.replace(/^annotation::/i, '');
        const reason = typeof value === 'string' ? value : JSON.stringify(value);
        found.set(id, (found.get(id) ?? new Set()).add(reason));
      }
    }
  }
  return found;
}

function nagFindings(province: string, context: Record<string, unknown> = {}): Record<string, number> {
  const { stack } = synthProvince(province, context);
  const report = new AwsSolutionsChecks().validateScope(stack);
  return Object.fromEntries(report.violations.map((v) => [v.ruleName, v.violatingResources.length]));
}

describe('cdk-nag AwsSolutions', () => {
  it.each(['06', '38'])(
    'province %s has only the known open findings',
    (province) => {
      const findings = nagFindings(province);
      console.log(`cdk-nag AwsSolutions findings, province ${province}:`, findings);
      expect(findings).toEqual(OPEN_FINDINGS);
    },
    180_000,
  );

  it('external subscribers’ reader roles add no finding', () => {
    expect(nagFindings('06', { externalAgencies: '06.063,06.063.02014' })).toEqual(OPEN_FINDINGS);
  });

  it.each(['06', '38'])('province %s: every acknowledgement carries its reason, and only the known rules are acknowledged', (province) => {
    const found = acknowledgements(province, province === '06' ? { externalAgencies: '06.063' } : {});
    const report = [...found].map(([id, reasons]) => `${id}: ${[...reasons].join(' | ')}`).sort();
    console.log(`cdk-nag acknowledgements, province ${province}:\n${report.join('\n')}`);
    expect(found.size).toBeGreaterThan(0);
    for (const [id, reasons] of found) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      for (const reason of reasons) expect(reason.length, id).toBeGreaterThanOrEqual(40);
    }
    const rules = new Set([...found.keys()].map((id) => id.replace(/^AwsSolutions-/, '').replace(/\[.*$/, '')));
    expect([...rules].sort()).toEqual(ACKNOWLEDGED_RULES);
  });
});

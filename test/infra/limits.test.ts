import { describe, expect, it } from 'vitest';
import { readProvinceConfig } from '../../infra/config';
import { countOfType, resourceCount, resourcesOfType, synthProvince } from './synth';

/** CloudFormation: resources per template. */
const TEMPLATE_RESOURCE_LIMIT = 500;
/** CloudFormation: outputs per template. */
const TEMPLATE_OUTPUT_LIMIT = 200;
/** IAM: all inline policies of one role together, in characters (whitespace excluded). */
const ROLE_INLINE_POLICY_LIMIT = 10_240;

/**
 * A policy document's size once deployed: intrinsics (Fn::GetAtt, Ref, Fn::Join of ARN parts)
 * are counted as a generous 150-character ARN each, since the real values are only known then.
 */
function deployedPolicySize(document: unknown): number {
  const resolved = JSON.stringify(document, (_key, value: unknown) => (isIntrinsic(value) ? 'x'.repeat(150) : value));
  return resolved.replace(/\s/g, '').length;
}

const isIntrinsic = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'));

describe('largest province (38, Thanh Hóa: 576 agencies)', () => {
  const synth = synthProvince('38');

  it('keeps every template, root and nested, under the 500-resource limit', () => {
    expect(readProvinceConfig((key) => ({ province: '38', units: '2025-03' })[key]).agencies).toHaveLength(576);
    for (const template of synth.all) expect(resourceCount(template)).toBeLessThan(TEMPLATE_RESOURCE_LIMIT);
    // Leave real headroom in the nested stacks: the list may grow, and each agency costs 5.
    for (const template of synth.nested) expect(resourceCount(template)).toBeLessThan(300);
  });

  it('still has one queue, one DLQ and one consumer mapping per agency', () => {
    expect(countOfType(synth.nested, 'AWS::SQS::Queue')).toBe(2 * 576);
    expect(countOfType(synth.nested, 'AWS::Lambda::EventSourceMapping')).toBe(576);
  });

  it('keeps role policies small: SQS access is one name pattern, not one statement per queue', () => {
    const policies = resourcesOfType(synth.all, 'AWS::IAM::Policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const [id, policy] of policies) {
      const document = policy.Properties!.PolicyDocument as { Statement: unknown[] };
      expect(document.Statement.length, id).toBeLessThanOrEqual(10);
      expect(deployedPolicySize(document), id).toBeLessThan(ROLE_INLINE_POLICY_LIMIT / 2);
    }
    const sqsResources = policies.flatMap(([, p]) =>
      (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement.filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('sqs:')),
      ).map((s) => JSON.stringify(s.Resource)),
    );
    // The relay's and the projector's failure queues and the portal sync queue are granted by ARN; every agency-queue grant is a pattern.
    const agencyGrants = sqsResources.filter((r) => r.includes('lienthong-38-prod-'));
    // allow + deny for the relay; allow + deny + send-to-DLQ (poison messages) for the consumer;
    // for the admin redrive function: receive from the DLQs, send to the queues, never send to a DLQ.
    expect(agencyGrants.length).toBe(8);
    for (const resource of agencyGrants) expect(resource).toMatch(/lienthong-38-prod-\*(-dlq\.fifo)?"/);
    // By ARN, one queue each: the relay's and the projector's failure queues, the portal sender's sync queue.
    expect(sqsResources.filter((r) => !r.includes('lienthong-38-prod-')).sort()).toEqual([
      expect.stringMatching(/^\{"Fn::GetAtt":\["PortalSyncQueue[0-9A-F]{8}","Arn"\]\}$/),
      expect.stringMatching(/^\{"Fn::GetAtt":\["ProjectorFailureQueue[0-9A-F]{8}","Arn"\]\}$/),
      expect.stringMatching(/^\{"Fn::GetAtt":\["RelayFailureQueue[0-9A-F]{8}","Arn"\]\}$/),
    ]);
  });

  it('passes each nested stack only a few parameters', () => {
    for (const template of synth.nested) {
      expect(Object.keys(template.toJSON().Parameters ?? {}).length).toBeLessThanOrEqual(5);
    }
  });
});

describe('largest province with external subscribers', () => {
  const agencies = readProvinceConfig((key) => ({ province: '38', units: '2025-03' })[key]).agencies;
  const cases = {
    // A realistic mix: the province and every district run their own systems.
    'the province and its 27 districts': agencies.filter((a) => a.level !== 'COMMUNE').map((a) => a.code),
    // The extreme: every agency (also the most outputs per nested stack).
    'all 576 agencies': agencies.map((a) => a.code),
  };

  it.each(Object.entries(cases))('%s: within every template limit, a role instead of each mapping', (_label, external) => {
    const synth = synthProvince('38', { externalAgencies: external.join(',') });
    const plain = synthProvince('38');
    for (const template of synth.all) {
      expect(resourceCount(template)).toBeLessThan(300);
      expect(Object.keys(template.toJSON().Outputs ?? {}).length).toBeLessThanOrEqual(TEMPLATE_OUTPUT_LIMIT);
    }
    // Same resources per template as without externals: the role replaces the mapping one for one.
    expect(synth.all.map(resourceCount)).toEqual(plain.all.map(resourceCount));
    expect(countOfType(synth.nested, 'AWS::IAM::Role')).toBe(external.length);
    expect(countOfType(synth.nested, 'AWS::Lambda::EventSourceMapping')).toBe(576 - external.length);
    expect(countOfType(synth.nested, 'AWS::SQS::Queue')).toBe(2 * 576);
  });
});

describe('two-tier unit list (2025-07)', () => {
  it('synthesises the largest two-tier province (79) with the seed told the edition', () => {
    const synth = synthProvince('79', { units: '2025-07' });
    const agencies = readProvinceConfig((key) => ({ province: '79', units: '2025-07' })[key]).agencies.length;
    expect(countOfType(synth.nested, 'AWS::Lambda::EventSourceMapping')).toBe(agencies);
    for (const template of synth.all) expect(resourceCount(template)).toBeLessThan(TEMPLATE_RESOURCE_LIMIT);
    const seeds = resourcesOfType([synth.root], 'AWS::Lambda::Function').filter(([id]) => id.startsWith('SeedFunction'));
    expect(seeds.map(([, f]) => f.Properties!.Environment.Variables.UNITS_EDITION)).toEqual(['2025-07']);
  });
});

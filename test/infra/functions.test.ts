import { describe, expect, it } from 'vitest';
import { onlyResource, resourcesOfType, synthProvince } from './synth';

const { root } = synthProvince('06');
const functions = resourcesOfType([root], 'AWS::Lambda::Function');
const platform = functions.filter(([, f]) => JSON.stringify(f.Properties?.Environment ?? {}).includes('PROVINCE_CODE'));

describe('Lambda functions', () => {
  it('are the five handlers, each nodejs22.x on arm64', () => {
    expect(platform.map(([id]) => id.replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(
      ['Graphql', 'Print', 'Relay', 'Seed', 'Transfers'].sort(),
    );
    for (const [id, fn] of platform) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('share the platform environment', () => {
    for (const [id, fn] of platform) {
      const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables, id).toMatchObject({
        TABLE_NAME: { Ref: expect.stringMatching(/^DataTable/) },
        QUEUE_NAME_PREFIX: 'lienthong-06-prod-',
        PROVINCE_CODE: '06',
        STAGE: 'prod',
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^lienthong-/),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
  });

  it('log to groups with a retention', () => {
    for (const [id, fn] of platform) {
      const logGroupId = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const [, logGroup] = onlyResource([root], 'AWS::Logs::LogGroup', (lg) => lg === logGroupId);
      expect(logGroup.Properties?.RetentionInDays, id).toBe(90);
    }
  });

  it('are the only functions besides the CDK Trigger provider', () => {
    expect(functions.length - platform.length).toBe(1);
  });

  it('run the seed after deployment, again whenever the seed function changes', () => {
    const triggers = root.findResources('Custom::Trigger');
    expect(Object.keys(triggers)).toHaveLength(1);
    const [trigger] = Object.values(triggers) as { Properties: { HandlerArn: unknown } }[];
    // Bound to the function's current version: new code or configuration means a new version.
    expect(JSON.stringify(trigger!.Properties.HandlerArn)).toMatch(/SeedFunctionCurrentVersion/);
  });
});

import { describe, expect, it } from 'vitest';
import { onlyResource, resourcesOfType, synthProvince } from './synth';

const { root } = synthProvince('06');
const functions = resourcesOfType([root], 'AWS::Lambda::Function');
const platform = functions.filter(([, f]) => JSON.stringify(f.Properties?.Environment ?? {}).includes('PROVINCE_CODE'));

describe('Lambda functions', () => {
  it('are the twelve handlers, each nodejs22.x on arm64', () => {
    expect(platform.map(([id]) => id.replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(
      [
        'Graphql',
        'GraphqlRedrive',
        'IdentityPreToken',
        'Print',
        'Projector',
        'Relay',
        'Seed',
        'Transfers',
        'PortalSync',
        'PortalInboundIntake',
        'PortalInboundReconcile',
        'FilesSweeper',
      ].sort(),
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
      // The Cognito trigger never touches the table.
      if (id.startsWith('IdentityPreToken')) expect(variables.TABLE_NAME, id).toBeUndefined();
      else expect(variables.TABLE_NAME, id).toEqual({ Ref: expect.stringMatching(/^DataTable/) });
      expect(variables, id).toMatchObject({
        QUEUE_NAME_PREFIX: 'lienthong-06-prod-',
        PROVINCE_CODE: '06',
        STAGE: 'prod',
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^lienthong-/),
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      // No source maps ship (infra/lambda-build.ts keeps them in cdk.out/source-maps/), so Node is
      // not asked to look for them at every load.
      expect(variables.NODE_OPTIONS, id).toBeUndefined();
    }
  });

  it('log to groups with a retention', () => {
    for (const [id, fn] of platform) {
      const logGroupId = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const [, logGroup] = onlyResource([root], 'AWS::Logs::LogGroup', (lg) => lg === logGroupId);
      expect(logGroup.Properties?.RetentionInDays, id).toBe(90);
    }
  });

  it('are the only functions besides the seed’s custom resource provider', () => {
    expect(functions.length - platform.length).toBe(1);
    root.resourceCountIs('Custom::Trigger', 0);
  });

  it('run the seed after deployment, again whenever the seed function changes', () => {
    const seeds = root.findResources('Custom::ProvinceSeed');
    expect(Object.keys(seeds)).toHaveLength(1);
    const [seed] = Object.values(seeds) as { Properties: { SeedVersion: unknown } }[];
    // Bound to the function's current version: new code or configuration means a new version.
    expect(JSON.stringify(seed!.Properties.SeedVersion)).toMatch(/SeedFunctionCurrentVersion/);
  });

  it('give the seed’s provider function its own role (writing only its own log group) and logs with a retention', () => {
    const [providerId, provider] = functions.find(([id]) => id.startsWith('SeedProviderframeworkonEvent'))!;
    const logGroupId = (provider.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const [, logGroup] = onlyResource([root], 'AWS::Logs::LogGroup', (lg) => lg === logGroupId);
    expect(logGroup.Properties).toMatchObject({
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] },
    });
    const roleId = (provider.Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(roleId, providerId).toMatch(/^SeedProviderRole/);
    const [, role] = onlyResource([root], 'AWS::IAM::Role', (id) => id === roleId);
    // No AWSLambdaBasicExecutionRole: that managed policy writes to every log group of the account.
    expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
    const [, policy] = onlyResource([root], 'AWS::IAM::Policy', (id) => id.startsWith('SeedProviderRoleDefaultPolicy'));
    const logStatements = (policy.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('logs:')),
    );
    expect(logStatements).toHaveLength(1);
    expect(JSON.stringify(logStatements[0]!.Resource)).toContain(logGroupId);
    expect(provider.Properties!.ReservedConcurrentExecutions).toBe(1);
  });
});

describe('hash keys', () => {
  // The national portal's credentials are not a hash key (test/infra/portal-sync.test.ts).
  const secrets = resourcesOfType([root], 'AWS::SecretsManager::Secret').filter(
    ([, s]) => !String(s.Properties!.Name).endsWith('/portal-dvcqg'),
  );
  const secretIdOf = (name: string) => secrets.find(([, s]) => String(s.Properties!.Name).endsWith(name))![0];

  it('are two generated, retained secrets: no key value anywhere in the template', () => {
    expect(secrets.map(([, s]) => s.Properties!.Name).sort()).toEqual([
      'lienthong/06/prod/lookup-secret-key',
      'lienthong/06/prod/personal-data-key',
    ]);
    for (const [id, secret] of secrets) {
      expect(secret.Properties!.GenerateSecretString, id).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
      expect(secret.Properties!.SecretString, id).toBeUndefined();
      expect((secret as unknown as { DeletionPolicy: string }).DeletionPolicy, id).toBe('Retain');
    }
    expect(JSON.stringify(root.toJSON())).not.toMatch(/"(LOOKUP_SECRET_KEY|PERSONAL_DATA_KEY)"/);
  });

  it('reach exactly the functions that hash, as ARNs they may read', () => {
    const arnsOf = (prefix: string) => {
      const [, fn] = platform.find(([id]) => id.startsWith(`${prefix}Function`))!;
      const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      return Object.fromEntries(Object.entries(variables).filter(([k]) => k.endsWith('_KEY_ARN')));
    };
    const lookup = { Ref: secretIdOf('lookup-secret-key') };
    const personal = { Ref: secretIdOf('personal-data-key') };
    expect(arnsOf('Graphql')).toEqual({ LOOKUP_SECRET_KEY_ARN: lookup, PERSONAL_DATA_KEY_ARN: personal });
    expect(arnsOf('Transfers')).toEqual({ LOOKUP_SECRET_KEY_ARN: lookup, PERSONAL_DATA_KEY_ARN: personal });
    expect(arnsOf('Print')).toEqual({ LOOKUP_SECRET_KEY_ARN: lookup });
    expect(arnsOf('Relay')).toEqual({});
    expect(arnsOf('Seed')).toEqual({});
    const readers = resourcesOfType([root], 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties!.PolicyDocument).includes('secretsmanager:GetSecretValue'))
      .map(([id]) => id.replace(/FunctionRoleDefaultPolicy[0-9A-F]{8}$/, ''))
      .sort();
    // Beside the hash keys' readers, the portal functions read the portal secret (issue 10).
    expect(readers).toEqual(['Graphql', 'PortalInboundIntake', 'PortalInboundReconcile', 'PortalSync', 'Print', 'Transfers']);
  });
});

import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ProvinceConfigError, readProvinceConfig } from '../../infra/config';
import { DEFAULT_CONCURRENCY, DEFAULT_PUBLIC_ROUTE_THROTTLE } from '../../infra/config-security';
import { WAF_MANAGED_RULE_GROUPS } from '../../infra/edge-waf';
import { API_TABLE_ACTIONS } from '../../infra/province-table';
import { type CfnResourceJson, onlyResource, resourcesOfType, synthProvince } from './synth';

/**
 * The stack half of issue 13 (the outside security review), one assertion group per item. One
 * synth of province 06 shared by the file; the configured variants synthesise once each.
 */
const { root } = synthProvince('06');
const functions = resourcesOfType([root], 'AWS::Lambda::Function');
const fn = (prefix: string): [string, CfnResourceJson] => functions.find(([id]) => id.startsWith(`${prefix}Function`))!;
/** One configured variant for every item that reads config (one synth, not one per option). */
const OAUTH = {
  callbackUrls: ['https://motcua.backan.gov.vn/auth'],
  logoutUrls: ['https://motcua.backan.gov.vn/'],
  scopes: ['openid', 'email'],
};
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/lienthong-06-prod/0f8e2a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b';
const configured = () =>
  synthProvince('06', {
    graphqlConcurrency: 40,
    relayConcurrency: '4',
    oauth: OAUTH,
    logRetentionDays: 365,
    waf: 'on',
    wafWebAclArn: WEB_ACL_ARN,
  });
const contextOf = (values: Record<string, unknown>) => (key: string) => ({ province: '06', units: '2025-03', ...values })[key];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}

const policyOf = (prefix: string): Statement[] =>
  onlyResource([root], 'AWS::IAM::Policy', (id) => id.startsWith(`${prefix}FunctionRoleDefaultPolicy`))[1].Properties!.PolicyDocument
    .Statement as Statement[];
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

function configError(build: () => unknown): ProvinceConfigError {
  try {
    build();
  } catch (error) {
    if (error instanceof ProvinceConfigError) return error;
    throw error;
  }
  throw new Error('expected a ProvinceConfigError');
}

describe('1. isolation: reserved concurrency, the public route’s throttle', () => {
  it('reserves concurrency for every function: relay, consumer and the GraphQL cap from config', () => {
    const expected: Record<string, number> = {
      Graphql: DEFAULT_CONCURRENCY.graphql,
      GraphqlRedrive: DEFAULT_CONCURRENCY.redrive,
      Print: DEFAULT_CONCURRENCY.print,
      Relay: DEFAULT_CONCURRENCY.relay,
      Transfers: DEFAULT_CONCURRENCY.transferConsumer,
      IdentityPreToken: DEFAULT_CONCURRENCY.preToken,
      Seed: DEFAULT_CONCURRENCY.seed,
    };
    for (const [prefix, reserved] of Object.entries(expected)) {
      expect(fn(prefix)[1].Properties!.ReservedConcurrentExecutions, prefix).toBe(reserved);
    }
    const capped = resourcesOfType([configured().root], 'AWS::Lambda::Function');
    expect(capped.find(([id]) => id.startsWith('GraphqlFunction'))![1].Properties!.ReservedConcurrentExecutions).toBe(40);
    expect(capped.find(([id]) => id.startsWith('RelayFunction'))![1].Properties!.ReservedConcurrentExecutions).toBe(4);
  });

  it('refuses concurrency settings that cannot deploy or would dead-letter handoffs', () => {
    expect(configError(() => readProvinceConfig(contextOf({ graphqlConcurrency: 0 }))).code).toBe('INVALID_LIMIT');
    expect(configError(() => readProvinceConfig(contextOf({ graphqlConcurrency: 'lots' }))).code).toBe('INVALID_LIMIT');
    expect(configError(() => readProvinceConfig(contextOf({ graphqlConcurrency: 900 }))).code).toBe('CONCURRENCY_OVER_ACCOUNT_LIMIT');
    expect(configError(() => readProvinceConfig(contextOf({ accountConcurrency: 200 }))).code).toBe('CONCURRENCY_OVER_ACCOUNT_LIMIT');
    expect(configError(() => readProvinceConfig(contextOf({ transferConsumerConcurrency: 2 }))).code).toBe('CONSUMER_CONCURRENCY_TOO_LOW');
    expect(configError(() => readProvinceConfig(contextOf({ publicRateLimit: 500, publicBurstLimit: 500 }))).code).toBe(
      'PUBLIC_THROTTLE_ABOVE_STAGE',
    );
  });

  it('throttles POST /public/graphql on its own, below the stage', () => {
    const [, stage] = onlyResource([root], 'AWS::ApiGatewayV2::Stage');
    const { DefaultRouteSettings, RouteSettings } = stage.Properties!;
    expect(RouteSettings).toEqual({
      'POST /public/graphql': {
        ThrottlingRateLimit: DEFAULT_PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: DEFAULT_PUBLIC_ROUTE_THROTTLE.burstLimit,
      },
    });
    expect(RouteSettings['POST /public/graphql'].ThrottlingRateLimit).toBeLessThan(DefaultRouteSettings.ThrottlingRateLimit);
    expect(RouteSettings['POST /public/graphql'].ThrottlingBurstLimit).toBeLessThan(DefaultRouteSettings.ThrottlingBurstLimit);
  });
});

describe('1. isolation: the WAF option', () => {
  it('is off by default: no web ACL, no distribution, no second stack', () => {
    expect(resourcesOfType([root], 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(root.toJSON().Outputs.EdgeUrl).toBeUndefined();
    expect(Stack.of(synthProvince('06').stack).node.root.node.children.filter((c) => Stack.isStack(c))).toHaveLength(1);
  });

  it('when on: a CloudFront-scope web ACL in us-east-1 with a rate rule and AWS managed rule groups, logged', () => {
    const wafStack = configured().stack.node.root.node.findChild('LienThong-P06-Waf') as Stack;
    expect(wafStack.region).toBe('us-east-1');
    const waf = Template.fromStack(wafStack);
    const [, acl] = onlyResource([waf], 'AWS::WAFv2::WebACL');
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Properties!.Rules as { Name: string; Statement: Record<string, { Name?: string; Limit?: number }> }[];
    expect(rules[0]!.Statement.RateBasedStatement).toEqual({ Limit: 1000, AggregateKeyType: 'IP' });
    expect(rules.slice(1).map((r) => r.Statement.ManagedRuleGroupStatement!.Name)).toEqual([...WAF_MANAGED_RULE_GROUPS]);
    const [, logging] = onlyResource([waf], 'AWS::WAFv2::LoggingConfiguration');
    expect(JSON.stringify(logging.Properties!.LogDestinationConfigs)).toContain('WafLogs');
  });

  it('with the deployed ACL named: CloudFront with it in front of the API, no caching, HTTPS only', () => {
    const [, distribution] = onlyResource([configured().root], 'AWS::CloudFront::Distribution');
    const config = distribution.Properties!.DistributionConfig;
    expect(config.WebACLId).toBe(WEB_ACL_ARN);
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    });
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain('ApiEndpoint');
    expect(
      configError(() => readProvinceConfig(contextOf({ wafWebAclArn: 'arn:aws:wafv2:ap-southeast-1:1:regional/webacl/x/y' }))).code,
    ).toBe('INVALID_WAF');
  });
});

describe('2. the Cognito app client’s OAuth', () => {
  it('is disabled unless configured: no flows, scopes or callback URLs by default', () => {
    const [, client] = onlyResource([root], 'AWS::Cognito::UserPoolClient');
    expect(client.Properties!.AllowedOAuthFlowsUserPoolClient).toBe(false);
    for (const property of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs']) {
      expect(client.Properties![property], property).toBeUndefined();
    }
  });

  it('when configured: the code grant only, the configured scopes and URLs', () => {
    const oauth = OAUTH;
    const [, client] = onlyResource([configured().root], 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: oauth.callbackUrls,
      LogoutURLs: oauth.logoutUrls,
    });
    for (const bad of [
      { callbackUrls: ['http://x'], logoutUrls: ['https://x'] },
      { callbackUrls: [], logoutUrls: ['https://x'] },
    ]) {
      expect(configError(() => readProvinceConfig(contextOf({ oauth: bad }))).code).toBe('INVALID_OAUTH');
    }
    expect(configError(() => readProvinceConfig(contextOf({ oauth: { ...oauth, scopes: ['everything'] } }))).code).toBe('INVALID_OAUTH');
  });
});

describe('3. customer-managed keys for the HMAC secrets and every log group; key policies', () => {
  const keys = resourcesOfType([root], 'AWS::KMS::Key');
  const keyId = (prefix: string) => keys.find(([id]) => id.startsWith(prefix))![0];
  const policyOfKey = (prefix: string) => keys.find(([id]) => id.startsWith(prefix))![1].Properties!.KeyPolicy.Statement as Statement[];

  it('encrypts every log group with the stack’s log key, with the configured retention', () => {
    const logGroups = resourcesOfType([root], 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(9);
    for (const [id, group] of logGroups) {
      expect(group.Properties!.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [keyId('LogKey'), 'Arn'] });
      expect(group.Properties!.RetentionInDays, id).toBe(90);
    }
    const longer = resourcesOfType([configured().root], 'AWS::Logs::LogGroup');
    for (const [id, group] of longer) expect(group.Properties!.RetentionInDays, id).toBe(365);
    expect(configError(() => readProvinceConfig(contextOf({ logRetentionDays: 100 }))).code).toBe('INVALID_LOG_RETENTION');
  });

  it('encrypts every secret (both HMAC keys, the national portal credentials) with the secrets key', () => {
    const secrets = resourcesOfType([root], 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(3);
    for (const [id, secret] of secrets) expect(secret.Properties!.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [keyId('HashKeysKey'), 'Arn'] });
  });

  it('gives no key to the account root with kms:*: administration, and use only through the key’s services', () => {
    expect(keys.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['DataKey', 'FilesKey', 'HashKeysKey', 'LogKey', 'QueueKey']);
    for (const [id, key] of keys) {
      const statements = key.Properties!.KeyPolicy.Statement as Statement[];
      expect(actionsOf(statements), id).not.toContain('kms:*');
      const root = statements.filter((s) => JSON.stringify(s.Principal).includes(':root'));
      for (const s of root) {
        const usage = [s.Action].flat().filter((a) => /^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(a));
        if (usage.length > 0) expect(s.Condition?.StringEquals?.['kms:ViaService'], `${id} ${s.Sid}`).toBeDefined();
      }
    }
  });

  it('names CloudWatch Logs, with the log-group encryption context, in the log key policy', () => {
    const logs = policyOfKey('LogKey').filter((s) => JSON.stringify(s.Principal).includes('logs.'));
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs[0]!.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn'])).toContain(':log-group:*');
  });

  it('names each function role that uses a key in that key’s policy, through its service', () => {
    const principalsOf = (prefix: string) =>
      policyOfKey(prefix)
        .filter((s) => !JSON.stringify(s.Principal).includes(':root') && !JSON.stringify(s.Principal).includes('logs.'))
        .flatMap((s) => [(s.Principal as { AWS: unknown }).AWS].flat())
        .map((p) => (p as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0].replace(/FunctionRole[0-9A-F]{8}$/, ''))
        .sort();
    const portal = ['PortalInboundIntake', 'PortalInboundReconcile', 'PortalSync'];
    expect(principalsOf('DataKey')).toEqual([
      'FilesSweeper',
      'Graphql',
      'GraphqlRedrive',
      ...portal,
      'Print',
      'Projector',
      'Relay',
      'Seed',
      'Transfers',
    ]);
    expect(principalsOf('QueueKey')).toEqual(['GraphqlRedrive', 'PortalSync', 'Projector', 'Relay', 'Transfers']);
    // The HMAC keys, and the portal's credentials (the sender, the intake and the reconciliation read them).
    expect(principalsOf('HashKeysKey')).toEqual(['Graphql', ...portal, 'Print', 'Transfers']);
  });
});

describe('5. the GraphQL function’s role keeps only what it uses; redrive is an admin function', () => {
  const graphql = policyOf('Graphql');
  const redrive = policyOf('GraphqlRedrive');

  it('has no Scan, no BatchWriteItem, DeleteItem only on file uploads (the lookup back-off only updates), no SQS', () => {
    const actions = actionsOf(graphql);
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*']) expect(actions).not.toContain(forbidden);
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([]);
    const deletes = graphql.filter((s) => [s.Action].flat().includes('dynamodb:DeleteItem'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['UPLOAD#*'] } });
    const table = graphql.find((s) => [s.Action].flat().includes('dynamodb:Query'))!;
    expect([table.Action].flat().sort()).toEqual([...API_TABLE_ACTIONS].sort());
  });

  it('may invoke the redrive function, and nothing else of Lambda', () => {
    const invokes = graphql.filter((s) => actionsOf([s]).some((a) => a.startsWith('lambda:')));
    expect(invokes).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fn('GraphqlRedrive')[0], 'Arn'] } }),
    ]);
    const variables = fn('Graphql')[1].Properties!.Environment.Variables;
    expect(variables.REDRIVE_FUNCTION_NAME).toEqual({ Ref: fn('GraphqlRedrive')[0] });
  });

  it('leaves the redrive function the DLQ moves and the marking of failure records, nothing else of the table', () => {
    expect(actionsOf(redrive).filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:UpdateItem']);
    const update = redrive.find((s) => s.Action === 'dynamodb:UpdateItem')!;
    expect(update.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FAILURE#*'] } });
    expect(actionsOf(redrive)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']));
    // No route reaches it: only the GraphQL function invokes it.
    expect(JSON.stringify(resourcesOfType([root], 'AWS::ApiGatewayV2::Integration'))).not.toContain('GraphqlRedrive');
    expect(JSON.stringify(resourcesOfType([root], 'AWS::Lambda::Permission'))).not.toContain(fn('GraphqlRedrive')[0]);
  });
});

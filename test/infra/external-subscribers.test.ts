import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agencyDeadLetterQueueName, agencyQueueName } from '#queue/names';
import { ProvinceConfigError, readProvinceConfig } from '../../infra/config';
import { repoPath } from '../../infra/paths';
import { SUBSCRIBER_DLQ_ACTIONS, SUBSCRIBER_QUEUE_ACTIONS, SUBSCRIBER_ROLE_PATH, subscriberRoleName } from '../../infra/queue-access';
import { type CfnResourceJson, countOfType, resourcesOfType, synthProvince } from './synth';

const PREFIX = 'lienthong-06-prod-';
const EXTERNAL = ['06.063', '06.063.02014'];
const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

function configError(build: () => unknown): ProvinceConfigError {
  try {
    build();
  } catch (error) {
    if (error instanceof ProvinceConfigError) return error;
    throw error;
  }
  throw new Error('expected a ProvinceConfigError');
}

const scratch = mkdtempSync(join(tmpdir(), 'lienthong-provinces-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function provincesDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  for (const [code, content] of Object.entries(files)) {
    writeFileSync(join(dir, `${code}.json`), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('external subscriber configuration', () => {
  it('is empty unless asked for', () => {
    expect(readProvinceConfig(contextOf({ province: '06', units: '2025-03' })).externalSubscribers).toEqual({
      agencies: [],
      trust: {},
      source: 'none',
    });
  });

  it('reads -c externalAgencies (comma-separated or an array), in the unit list order, without duplicates', () => {
    const fromString = readProvinceConfig(
      contextOf({ province: '06', units: '2025-03', externalAgencies: ' 06.063.02014, 06.063,06.063 ' }),
    );
    expect(fromString.externalSubscribers).toEqual({ agencies: EXTERNAL, trust: {}, source: 'context' });
    const fromArray = readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: ['06.063.02014', '06.063'] }));
    expect(fromArray.externalSubscribers.agencies).toEqual(EXTERNAL);
  });

  it('fails an agency of another province, or none at all, with UNKNOWN_AGENCY naming it', () => {
    for (const code of ['38.380', '06.999', '6']) {
      const error = configError(() =>
        readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: `06.063,${code}` })),
      );
      expect(error.code).toBe('UNKNOWN_AGENCY');
      expect(error.message).toContain(`"${code}"`);
      expect(error.message).toMatch(/is not an agency of province 06 \(Tỉnh Bắc Kạn\) in the 2025-03 unit list/);
    }
  });

  const GATEWAY = 'arn:aws:iam::123456789012:role/so-tnmt-gateway';
  const EXTERNAL_ID = 'lienthong-06-063-5f1c9a7e2b';

  it('takes, per agency, one principal (an account id or an IAM ARN) with its own external id', () => {
    const config = readProvinceConfig(
      contextOf({
        province: '06',
        units: '2025-03',
        externalAgencies: [
          { code: '06.063', principal: GATEWAY, externalId: EXTERNAL_ID },
          { code: '06.063.02014', principal: '210987654321', externalId: 'lienthong-06-063-02014-aa91c' },
          '06.064',
        ],
      }),
    );
    expect(config.externalSubscribers.agencies).toEqual(['06.063', '06.063.02014', '06.064']);
    expect(config.externalSubscribers.trust).toEqual({
      '06.063': { principal: GATEWAY, externalId: EXTERNAL_ID },
      '06.063.02014': { principal: '210987654321', externalId: 'lienthong-06-063-02014-aa91c' },
    });
    const read = (entry: Record<string, unknown>) => () =>
      readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: [{ code: '06.063', ...entry }] }));
    for (const bad of ['*', 'arn:aws:iam::*:root', 'arn:aws:sts::123456789012:assumed-role/x/y', '12345']) {
      expect(configError(read({ principal: bad, externalId: EXTERNAL_ID })).code).toBe('INVALID_EXTERNAL_PRINCIPAL');
    }
    // A principal without an external id, a guessable one, or an external id without a principal.
    expect(configError(read({ principal: GATEWAY })).code).toBe('INVALID_EXTERNAL_ID');
    expect(configError(read({ principal: GATEWAY, externalId: '06.063' })).code).toBe('INVALID_EXTERNAL_ID');
    expect(configError(read({ externalId: EXTERNAL_ID })).code).toBe('INVALID_EXTERNAL_PRINCIPAL');
  });

  it('refuses one principal shared by every agency, and one external id for two agencies', () => {
    for (const principal of [GATEWAY, '123456789012']) {
      const error = configError(() =>
        readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: '06.063', externalPrincipal: principal })),
      );
      expect(error.code).toBe('SHARED_EXTERNAL_PRINCIPAL');
    }
    const shared = provincesDir({ '06': { externalSubscribers: { agencies: ['06.063'], principal: GATEWAY } } });
    expect(configError(() => readProvinceConfig(contextOf({ province: '06', units: '2025-03' }), { provincesDir: shared })).code).toBe(
      'SHARED_EXTERNAL_PRINCIPAL',
    );
    const sameId = [
      { code: '06.063', principal: GATEWAY, externalId: EXTERNAL_ID },
      { code: '06.064', principal: GATEWAY, externalId: EXTERNAL_ID },
    ];
    expect(configError(() => readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: sameId }))).code).toBe(
      'INVALID_EXTERNAL_ID',
    );
  });

  it('reads infra/provinces/<NN>.json; context, when given, replaces the file', () => {
    const dir = provincesDir({
      '06': { externalSubscribers: { agencies: [{ code: '06.063', principal: GATEWAY, externalId: EXTERNAL_ID }] } },
    });
    const fromFile = readProvinceConfig(contextOf({ province: '06', units: '2025-03' }), { provincesDir: dir });
    expect(fromFile.externalSubscribers).toEqual({
      agencies: ['06.063'],
      trust: { '06.063': { principal: GATEWAY, externalId: EXTERNAL_ID } },
      source: 'file',
    });
    const overridden = readProvinceConfig(contextOf({ province: '06', units: '2025-03', externalAgencies: '06.063.02014' }), {
      provincesDir: dir,
    });
    expect(overridden.externalSubscribers).toEqual({ agencies: ['06.063.02014'], trust: {}, source: 'context' });
  });

  it('names the file when it is wrong', () => {
    const unknown = provincesDir({ '06': { externalSubscribers: { agencies: ['06.063.99999'] } } });
    const error = configError(() => readProvinceConfig(contextOf({ province: '06', units: '2025-03' }), { provincesDir: unknown }));
    expect(error.code).toBe('UNKNOWN_AGENCY');
    expect(error.message).toContain(join(unknown, '06.json'));
    for (const content of ['{ not json', '[]', { externalSubscribers: ['06.063'] }, { externalSubscribers: { agencies: [6] } }]) {
      const dir = provincesDir({ '06': content });
      expect(configError(() => readProvinceConfig(contextOf({ province: '06', units: '2025-03' }), { provincesDir: dir })).code).toMatch(
        /^INVALID_(PROVINCE_FILE|EXTERNAL_AGENCIES)$/,
      );
    }
  });

  it('keeps every role name within IAM’s 64 characters (longest stage, deepest agency code)', () => {
    expect(subscriberRoleName('lienthong-38-abcdefghij-', '38.389.15004').length).toBeLessThanOrEqual(64);
  });

  it('makes `cdk synth` exit 1 with UNKNOWN_AGENCY, not a stack trace', () => {
    const outdir = mkdtempSync(join(scratch, 'cdk-'));
    const run = spawnSync(process.execPath, [repoPath('node_modules', 'tsx', 'dist', 'cli.mjs'), repoPath('infra', 'app.ts')], {
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ province: '06', units: '2025-03', externalAgencies: '06.063,06.064.99999' }),
      },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('UNKNOWN_AGENCY: external agency "06.064.99999"');
    expect(run.stderr).not.toContain('    at ');
  });
});

describe('external subscribers in the stack (province 06, two external agencies)', () => {
  const { root, nested, nestedStacks } = synthProvince('06', { externalAgencies: EXTERNAL.join(',') });
  const queues = resourcesOfType(nested, 'AWS::SQS::Queue');
  const queueIdByName = new Map(queues.map(([id, q]) => [q.Properties!.QueueName as string, id]));
  const roles = resourcesOfType(nested, 'AWS::IAM::Role');
  const roleOf = (code: string): CfnResourceJson => {
    const found = roles.filter(([, r]) => r.Properties!.RoleName === subscriberRoleName(PREFIX, code));
    expect(found, code).toHaveLength(1);
    return found[0]![1];
  };

  it('creates a reader role for each external agency and for no other', () => {
    expect(roles.map(([, r]) => r.Properties!.RoleName).sort()).toEqual(EXTERNAL.map((code) => subscriberRoleName(PREFIX, code)).sort());
    for (const code of EXTERNAL) expect(roleOf(code).Properties!.Path).toBe(SUBSCRIBER_ROLE_PATH);
    // The platform's own roles are untouched and live in the root.
    expect(countOfType([root], 'AWS::IAM::Role')).toBe(countOfType([synthProvince('06').root], 'AWS::IAM::Role'));
  });

  it('lets each role read exactly its own queue, and only see its own DLQ’s attributes', () => {
    for (const code of EXTERNAL) {
      const policies = roleOf(code).Properties!.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
      expect(policies).toHaveLength(1);
      const queueArn = { 'Fn::GetAtt': [queueIdByName.get(agencyQueueName(PREFIX, code)), 'Arn'] };
      const dlqArn = { 'Fn::GetAtt': [queueIdByName.get(agencyDeadLetterQueueName(PREFIX, code)), 'Arn'] };
      expect(policies[0]!.PolicyDocument.Statement).toEqual([
        { Sid: 'ReadOwnQueue', Effect: 'Allow', Action: [...SUBSCRIBER_QUEUE_ACTIONS].sort(), Resource: queueArn },
        { Sid: 'WatchOwnDeadLetterQueue', Effect: 'Allow', Action: [...SUBSCRIBER_DLQ_ACTIONS].sort(), Resource: dlqArn },
        {
          Sid: 'DecryptOwnQueue',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: { Ref: expect.stringMatching(/QueueKey.*Arn/) },
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': queueArn } },
        },
      ]);
    }
    // No inline or attached policy anywhere else names an agency queue for them.
    expect(countOfType(nested, 'AWS::IAM::Policy')).toBe(0);
    expect(countOfType(nested, 'AWS::IAM::ManagedPolicy')).toBe(0);
  });

  it('lets this stack’s account assume them by default', () => {
    for (const code of EXTERNAL) {
      expect(roleOf(code).Properties!.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        },
      ]);
    }
  });

  it('trusts an agency’s own principal only with its external id, and each agency its own', () => {
    const gateway = 'arn:aws:iam::123456789012:role/so-tnmt-gateway';
    const other = synthProvince('06', {
      externalAgencies: [
        { code: '06.063', principal: gateway, externalId: 'lienthong-06-063-5f1c9a7e2b' },
        { code: '06.063.02014', principal: '210987654321', externalId: 'lienthong-06-063-02014-aa91c' },
      ],
    });
    const trustOf = (code: string) =>
      resourcesOfType(other.nested, 'AWS::IAM::Role').find(([, r]) => r.Properties!.RoleName === subscriberRoleName(PREFIX, code))![1]
        .Properties!.AssumeRolePolicyDocument.Statement;
    expect(trustOf('06.063')).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: gateway },
        Condition: { StringEquals: { 'sts:ExternalId': 'lienthong-06-063-5f1c9a7e2b' } },
      },
    ]);
    const [statement] = trustOf('06.063.02014');
    expect(JSON.stringify(statement.Principal)).toContain(':iam::210987654321:root');
    expect(statement.Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'lienthong-06-063-02014-aa91c' } });
  });

  it('maps the platform consumer to every other queue and to none of theirs', () => {
    const mappings = resourcesOfType(nested, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(117 - EXTERNAL.length);
    const mapped = new Set(mappings.map(([, m]) => (m.Properties!.EventSourceArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]));
    for (const code of EXTERNAL) expect(mapped.has(queueIdByName.get(agencyQueueName(PREFIX, code))!)).toBe(false);
    expect(mapped.size).toBe(117 - EXTERNAL.length);
    // The queues themselves stay where they were: same name, same nested stack, same settings.
    expect(queues).toHaveLength(2 * 117);
  });

  it('outputs each role’s ARN from its nested stack, and the naming pattern from the root', () => {
    const outputs = nestedStacks.flatMap((stack, i) =>
      Object.values((nested[i]!.toJSON().Outputs ?? {}) as Record<string, { Value: unknown; Description: string }>).map((o) => ({
        stack: stack.node.id,
        ...o,
      })),
    );
    expect(outputs.map((o) => o.Description).sort()).toEqual(
      EXTERNAL.map((code) => `Role the system of agency ${code} assumes to read its transfer queue`).sort(),
    );
    for (const output of outputs)
      expect(JSON.stringify(output.Value)).toMatch(/^\{"Fn::GetAtt":\["[0-9]+SubscriberRole[0-9A-F]{8}","Arn"\]\}$/);
    const pattern = root.toJSON().Outputs.SubscriberRoleArnPattern;
    expect(JSON.stringify(pattern.Value)).toContain(
      ':role/lienthong/subscribers/lienthong-06-prod-<agency code, dots as dashes>-subscriber',
    );
    expect(synthProvince('06').root.toJSON().Outputs.SubscriberRoleArnPattern).toBeUndefined();
  });
});

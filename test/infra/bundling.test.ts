import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { CDK_JSON_CONTEXT } from './synth';

/**
 * The one test that really bundles (esbuild, as `cdk synth` does) and then loads each bundle in a
 * fresh Node 22 process: proof that the ESM output with its `require` banner runs with Apollo,
 * Powertools and the AWS SDK inside.
 */
// The default deployment: two-tier Thái Nguyên (19), whose seed bundles its agency file.
const { app, stack } = buildApp({ context: { ...CDK_JSON_CONTEXT, province: '19' }, builtinCloudFormationValidation: false });
const assembly = app.synth();
const template = assembly.getStackByName(stack.stackName).template as {
  Resources: Record<
    string,
    { Type: string; Properties: { Code?: { S3Key?: string }; Environment?: { Variables: Record<string, unknown> } } }
  >;
};
const bundles = Object.entries(template.Resources)
  .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables.PROVINCE_CODE)
  .map(([id, r]) => ({ id, file: join(assembly.directory, `asset.${r.Properties.Code!.S3Key!.replace(/\.zip$/, '')}`, 'index.mjs') }));

const ENV = {
  TABLE_NAME: 'lienthong-test',
  QUEUE_NAME_PREFIX: 'lienthong-19-prod-',
  PROVINCE_CODE: '19',
  STAGE: 'prod',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** Runs a module script in a child Node (this Node 22) with only the given environment. */
function runNode(script: string) {
  return spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('Lambda bundles', () => {
  it('are one minified ESM file with a source map per function, the AWS SDK inside', () => {
    // graphql, redrive (admin), print, relay, projector, transfer-consumer, seed, pre-token, portal-sync, portal-intake, reconcile, files-sweeper
    expect(bundles).toHaveLength(12);
    for (const { id, file } of bundles) {
      expect(existsSync(file), id).toBe(true);
      expect(existsSync(`${file}.map`), id).toBe(true);
      const code = readFileSync(file, 'utf8');
      expect(code, id).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(statSync(file).size, id).toBeLessThan(5 * 1024 * 1024);
    }
  });

  it('load in Node 22 and export a handler', () => {
    for (const { id, file } of bundles) {
      const run = runNode(`const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(typeof m.handler);`);
      expect(run.stderr, id).toBe('');
      expect(run.stdout.trim(), id).toBe('function');
    }
  });

  it('serve a GraphQL request through the bundled Apollo Server', () => {
    const graphql = bundles.find((b) => /^GraphqlFunction[0-9A-F]{8}$/.test(b.id))!;
    const event = {
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/graphql' }, requestId: 'test' },
      body: JSON.stringify({ query: '{ __typename }' }),
      isBase64Encoded: false,
    };
    const run = runNode(`
      const { handler } = await import(${JSON.stringify(pathToFileURL(graphql.file).href)});
      const result = await handler(${JSON.stringify(event)}, { awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 });
      console.log(JSON.stringify(result));`);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ data: { __typename: 'Query' } });
  });
});

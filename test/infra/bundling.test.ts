import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { UNREACHABLE } from '../../infra/lambda-build';
import { CDK_JSON_CONTEXT } from './synth';

/**
 * The one test that really bundles (infra/lambda-build.ts, as `cdk synth` does) and then loads each
 * bundle in a fresh Node 22 process: proof that the ESM output with its `require` banner and lazy
 * chunks runs with Apollo, Powertools and the AWS SDK inside, and that no stub of the alias table
 * (infra/lambda-stubs/) is reached at load or by a request: a reached stub throws.
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
  .map(([id, r]) => {
    const dir = join(assembly.directory, `asset.${r.Properties.Code!.S3Key!.replace(/\.zip$/, '')}`);
    return { id, dir, file: join(dir, 'index.mjs') };
  });

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
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('Lambda bundles', () => {
  it('are minified ESM with lazy chunks beside index.mjs, the AWS SDK inside, source maps kept out of the asset', () => {
    // graphql, redrive (admin), print, relay, projector, transfer-consumer, seed, pre-token, portal-sync, portal-intake, reconcile, files-sweeper
    expect(bundles).toHaveLength(12);
    const maps = join(assembly.directory, 'source-maps');
    for (const { id, dir, file } of bundles) {
      expect(existsSync(file), id).toBe(true);
      const files = readdirSync(dir, { recursive: true }) as string[];
      expect(
        files.filter((name) => name.endsWith('.map')),
        id,
      ).toEqual([]);
      for (const name of files.filter((candidate) => candidate.endsWith('.mjs'))) {
        const code = readFileSync(join(dir, name), 'utf8');
        expect(code, `${id} ${name}`).not.toMatch(/from\s*["']@aws-sdk\//);
        expect(code, `${id} ${name}`).not.toMatch(/sourceMappingURL/);
      }
      expect(statSync(file).size, id).toBeLessThan(5 * 1024 * 1024);
    }
    // The maps are build artefacts beside the cloud assembly (scripts/symbolicate.ts).
    expect(readdirSync(maps).sort()).toContain('graphql');
    expect(readdirSync(join(maps, 'graphql'))).toContain('index.mjs.map');
  });

  it('load in Node 22 and export a handler, and every lazy chunk loads too', () => {
    for (const { id, dir, file } of bundles) {
      // The chunks a request loads later (dossier files, Lambda invoke, Secrets Manager, exceljs) are
      // evaluated here as well: a chunk that fails to load would otherwise fail only that request.
      const chunks = (readdirSync(dir) as string[]).filter((name) => name.endsWith('.mjs') && name !== 'index.mjs');
      const run = runNode(
        `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
        for (const chunk of ${JSON.stringify(chunks.map((name) => pathToFileURL(join(dir, name)).href))}) await import(chunk);
        console.log(typeof m.handler);`,
      );
      expect(run.stderr, id).toBe('');
      expect(run.stdout.trim(), id).toBe('function');
    }
  });

  it("keep the GraphQL function under 1 MB: no SDK client for S3 or Lambda, none of Apollo's disabled plugins", () => {
    const graphql = bundles.find((b) => /^GraphqlFunction[0-9A-F]{8}$/.test(b.id))!;
    const files = readdirSync(graphql.dir, { recursive: true }) as string[];
    // esbuild names a lazy chunk after its entry's folder (usageReporting-<hash>.mjs, default-<hash>.mjs …).
    expect(files.filter((name) => /^(usageReporting|schemaReporting|inlineTrace|default|cacheControl)-/.test(name))).toEqual([]);
    expect(files.filter((name) => name.startsWith('plugin'))).toEqual([]);
    // Issue 14: the whole asset (what Lambda downloads at a cold start) under 1 MB.
    const shipped = files.reduce((total, name) => total + statSync(join(graphql.dir, name)).size, 0);
    expect(shipped).toBeLessThan(1_000_000);
    // Only the portal sender checks the portal contract: its validators are no chunk of the API's.
    expect(files.filter((name) => name.startsWith('validate-'))).toEqual([]);
    // S3 and Lambda are signed fetches (functions/aws/): no chunk holds their SDK clients (whose
    // operation names survive minification as strings).
    for (const name of files.filter((file) => file.endsWith('.mjs'))) {
      const code = readFileSync(join(graphql.dir, name), 'utf8');
      expect(code, name).not.toMatch(/"PutObjectRetention"|"InvokeWithResponseStream"/);
    }
    const index = readFileSync(graphql.file, 'utf8');
    for (const path of Object.keys(UNREACHABLE)) expect(index, path).toContain(`import("${path}")`);
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

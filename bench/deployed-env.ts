import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerName } from '../infra/lambda-build';
import { repoPath } from '../infra/paths';

/**
 * The environment each function is deployed with, read from a synthesis of the default deployment
 * (province 19, cdk.json's context, no bundling, no cdk-nag): so the bench's cold-init children get
 * what the deployed function gets (FILES_BUCKET, PERSISTED_OPERATIONS, REDRIVE_FUNCTION_NAME, the
 * *_ARN variables, NODE_OPTIONS if any), not a hand-kept copy. CloudFormation references (a table
 * name, a secret's ARN) become placeholders of the same shape; nothing is ever called with them.
 */
export async function deployedEnvironments(): Promise<Map<HandlerName, Record<string, string>>> {
  const { buildApp } = await import('../infra/build-app');
  const context = JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')).context as Record<string, unknown>;
  const { app } = buildApp(
    { context: { ...context, province: '19', 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false },
    { nag: false },
  );
  const assembly = app.synth();
  const environments = new Map<HandlerName, Record<string, string>>();
  for (const file of readdirSync(assembly.directory).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as {
      Resources?: Record<string, { Type: string; Properties?: { Environment?: { Variables?: Record<string, unknown> } } }>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      const variables = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Environment?.Variables : undefined;
      const service = typeof variables?.POWERTOOLS_SERVICE_NAME === 'string' ? variables.POWERTOOLS_SERVICE_NAME : '';
      if (!variables || !service.startsWith('lienthong-')) continue;
      environments.set(
        service.slice('lienthong-'.length) as HandlerName,
        Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, placeholder(name, value)])),
      );
    }
  }
  return environments;
}

function placeholder(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (name.endsWith('_ARN')) return `arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:bench-${name.toLowerCase()}`;
  if (name.endsWith('_URL')) return `https://sqs.ap-southeast-1.amazonaws.com/000000000000/bench-${name.toLowerCase()}`;
  return `bench-${name.toLowerCase().replaceAll('_', '-')}`;
}

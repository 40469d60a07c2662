import { readFileSync } from 'node:fs';
import { type AppProps, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { repoPath } from '../../infra/paths';
import type { ProvinceStack } from '../../infra/province-stack';

/** Context every infra test uses: no bundling (esbuild is exercised by bundling.test.ts only). */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** cdk.json's context (the feature flags): the CLI passes it to the app, so tests must too. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')).context;

/**
 * The three-tier list these suites were written for (Bắc Kạn 06, Thanh Hóa 38), passed explicitly:
 * the product's default is the two-tier list (2025-07), covered by provinces.test.ts.
 */
export const THREE_TIER = { units: '2025-03' } as const;

/**
 * App props for a test synth, on the three-tier list unless `context.units` says otherwise. CDK's
 * built-in CloudFormation validation (a WebAssembly linter, ~2 s per synth) is left to
 * cfn-validate.test.ts.
 */
export function testAppProps(context: Record<string, unknown>, validate = false): AppProps {
  return { context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, ...THREE_TIER, ...context }, builtinCloudFormationValidation: validate };
}

export interface SynthesizedProvince {
  stack: ProvinceStack;
  root: Template;
  nestedStacks: NestedStack[];
  nested: Template[];
  /** Root first, then the nested templates. */
  all: Template[];
}

const cache = new Map<string, SynthesizedProvince>();

/** Synthesises a province (memoised per context: a 38 synth is a few seconds). */
export function synthProvince(province: string, context: Record<string, unknown> = {}): SynthesizedProvince {
  const key = JSON.stringify({ province, context });
  const cached = cache.get(key);
  if (cached) return cached;
  // cdk-nag runs in nag.test.ts (the pack over these synths, and the enforcement in a synth of its own).
  const { stack } = buildApp(testAppProps({ province, ...context }), { nag: false });
  const nestedStacks = stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c));
  const root = Template.fromStack(stack);
  const nested = nestedStacks.map((n) => Template.fromStack(n));
  const result = { stack, root, nestedStacks, nested, all: [root, ...nested] };
  cache.set(key, result);
  return result;
}

export const resourceCount = (template: Template): number => Object.keys(template.toJSON().Resources ?? {}).length;

export function countOfType(templates: Template[], type: string): number {
  return templates.reduce((sum, t) => sum + Object.keys(t.findResources(type)).length, 0);
}

/** Resources of a type across templates, as [logicalId, resource] pairs. */
export function resourcesOfType(templates: Template[], type: string): [string, CfnResourceJson][] {
  return templates.flatMap((t) => Object.entries(t.findResources(type)) as [string, CfnResourceJson][]);
}

/** The one resource of a type (optionally matching a predicate); fails the test otherwise. */
export function onlyResource(
  templates: Template[],
  type: string,
  predicate: (logicalId: string, resource: CfnResourceJson) => boolean = () => true,
): [string, CfnResourceJson] {
  const matches = resourcesOfType(templates, type).filter(([id, r]) => predicate(id, r));
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return matches[0]!;
}

export interface CfnResourceJson {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template JSON read by path in assertions, each checked by expect; typing CloudFormation is aws-cdk-lib's job.
  Properties?: Record<string, any>;
  DependsOn?: string[];
}

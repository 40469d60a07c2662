import { describe, expect, it } from 'vitest';
import {
  ALIASES,
  LambdaBuildError,
  lambdaBuildOptions,
  PLATFORM_OPTIONS,
  resolvedAliases,
  UNREACHABLE,
  unreachableExternals,
} from '../../infra/lambda-build';

/**
 * The one build of every Lambda (infra/lambda-build.ts): the alias table fails loudly when a
 * package upgrade moves a target, and the baseline's build differs from a function's only by the
 * product's aliases. (bundling.test.ts builds and runs every function for real.)
 */
describe('the Lambda build', () => {
  it('resolves every alias target, and stops the build when one is missing', () => {
    expect(Object.keys(resolvedAliases()).sort()).toEqual(Object.keys(ALIASES).sort());
    expect(() => resolvedAliases({ 'lru-cache': { target: 'lru-cache/dist/esm/node/moved-away.js' } })).toThrow(LambdaBuildError);
    expect(() => resolvedAliases({ stubbed: { target: './infra/lambda-stubs/gone.ts' } })).toThrow(
      'stubbed → ./infra/lambda-stubs/gone.ts',
    );
  });

  it('gives the baseline the platform options and none of the aliases', () => {
    const product = lambdaBuildOptions({ handler: 'relay' }, '/tmp/out');
    const baseline = lambdaBuildOptions({ handler: { entry: 'bench/baseline/bare-apollo-handler.ts', name: 'baseline' } }, '/tmp/out', {
      aliases: false,
    });
    for (const [option, value] of Object.entries(PLATFORM_OPTIONS)) {
      expect(product[option as keyof typeof product], option).toEqual(value);
      expect(baseline[option as keyof typeof baseline], option).toEqual(value);
    }
    expect(Object.keys(product.alias ?? {})).toHaveLength(Object.keys(ALIASES).length);
    expect(baseline.alias).toEqual({});
    expect(product.external).toEqual(Object.keys(UNREACHABLE));
    expect(lambdaBuildOptions({ handler: 'relay' }, '/tmp/out', { aliases: false, unreachable: false }).external).toEqual([]);
  });

  it('stops the build when an unreachable import is no longer written by its importer', () => {
    expect(unreachableExternals()).toEqual(Object.keys(UNREACHABLE));
    expect(() => unreachableExternals({ './plugin/renamed/index.js': { importer: '@apollo/server/dist/esm/ApolloServer.js' } })).toThrow(
      '@apollo/server/dist/esm/ApolloServer.js → ./plugin/renamed/index.js',
    );
  });
});

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The config lives in test/ to keep the project's top level to its fixed set of entries.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // `#domain/…`, `#store/…`: the aliases tsconfig.json's `paths` declares, read from there (one source for tsc, tsx,
  // esbuild and vitest).
  resolve: {
    tsconfigPaths: true,
    // One graphql-js, as in the Lambda bundle and under tsx. Vite would give the project's code
    // graphql's ESM build while Node gives the packages it loads (Apollo Server) the CommonJS one,
    // and graphql-js refuses a schema built with the other copy: the function builds its schema
    // itself (functions/graphql/schema.ts) and hands it to Apollo.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['functions/**/*.test.ts', 'test/**/*.test.ts', 'local/**/*.test.ts', 'infra/**/*.test.ts'],
    // Starts DynamoDB Local and the SQS emulator once for the whole run and provides their endpoints.
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at once on the 2-core CI machine (vitest's default there is one): most of a
    // file's time is spent waiting on DynamoDB Local, the SQS emulator or a browser, not on the CPU.
    maxWorkers: 2,
  },
});

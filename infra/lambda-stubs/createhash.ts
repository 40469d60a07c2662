import { type Hash, createHash as nodeCreateHash } from 'node:crypto';

/**
 * Stands in for `@apollo/utils.createhash` in the Lambda bundles (infra/lambda-build.ts, ALIASES):
 * that package picks node:crypto when it runs on Node and bundles `sha.js` for browsers (~35 KB).
 * A Lambda always runs on Node.
 */
export function createHash(kind: string): Hash {
  return nodeCreateHash(kind);
}

/**
 * Stands in for `bowser` in the Lambda bundles (infra/lambda-build.ts, ALIASES). `@aws-sdk/core`'s
 * Node index re-exports a browser-only user-agent helper (`createUserAgentStringParsingProvider`)
 * that does `await import("bowser")` to parse `window.navigator.userAgent`; on Node the SDK builds
 * its user agent from `process` instead, so the import is never reached, yet esbuild ships bowser
 * (~35 KB) as a lazy chunk in every function. A call throws, naming this file.
 */
const REASON = 'bowser reached a stub: infra/lambda-stubs/bowser.ts replaces it in Lambda bundles (browser user-agent parsing)';

export function parse(): never {
  throw new Error(REASON);
}

export default { parse };

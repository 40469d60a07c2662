/**
 * Stands in for `@apollo/usage-reporting-protobuf` in the Lambda bundles (infra/lambda-build.ts,
 * ALIASES). The real module (~106 KB, twice: ESM and CommonJS) serves Apollo's usage reporting,
 * schema reporting and inline traces, none of which runs here: there is no APOLLO_KEY, the schema
 * is no federated subgraph, and the server installs the `…Disabled` plugins. Apollo's modules
 * still import these names, so each is a value that can be read (at module load, e.g.
 * `Trace.HTTP.Method`) but throws, naming this file, the moment anything calls or constructs it:
 * the smoke test that answers a request through the built bundle would catch that.
 */
const REASON =
  'Apollo usage reporting / inline tracing reached a stub: infra/lambda-stubs/usage-reporting-protobuf.ts replaces @apollo/usage-reporting-protobuf and @apollo/utils.usagereporting in Lambda bundles';

export function stub(path: string): unknown {
  const fail = () => {
    throw new Error(`${REASON} (${path})`);
  };
  return new Proxy(fail, {
    get: (_target, property) => (typeof property === 'symbol' ? undefined : stub(`${path}.${property}`)),
    apply: fail,
    construct: fail,
  });
}

export const Trace = stub('Trace');
export const Report = stub('Report');
export const ReportHeader = stub('ReportHeader');
export const google = stub('google');
export default { Trace, Report, ReportHeader, google };

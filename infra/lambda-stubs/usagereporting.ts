import { stub } from './usage-reporting-protobuf';

/**
 * Stands in for `@apollo/utils.usagereporting` in the Lambda bundles (infra/lambda-build.ts,
 * ALIASES): only Apollo's usage-reporting plugin calls these, and it never runs here (no
 * APOLLO_KEY; the server installs ApolloServerPluginUsageReportingDisabled). Drops the package and
 * lodash.sortby. A call throws, naming the stub.
 */
export const usageReportingSignature = stub('usageReportingSignature');
export const calculateReferencedFieldsByType = stub('calculateReferencedFieldsByType');

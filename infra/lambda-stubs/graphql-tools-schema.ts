import { stub } from './usage-reporting-protobuf';

/**
 * Stands in for `@graphql-tools/schema` in the Lambda bundles (infra/lambda-build.ts, ALIASES):
 * Apollo Server imports `makeExecutableSchema` for servers given `typeDefs`/`resolvers`, but ours
 * is given a `schema` built ahead of time (functions/graphql/schema.ts), so it is never called.
 * Drops graphql-tools (schema, merge, utils: ~260 KB). A call throws, naming the stub.
 */
export const makeExecutableSchema = stub('makeExecutableSchema');

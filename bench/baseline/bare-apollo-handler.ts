import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';

/**
 * The yardstick for bench/bundle.ts: the smallest Apollo Server 5 Lambda handler (one `hello`
 * query, no AWS SDK, no logger, no plugins), bundled the same way as the real GraphQL handler.
 * Whatever the real handler costs above this is ours: SDK, Powertools, schema, resolvers.
 */
const server = new ApolloServer({
  typeDefs: 'type Query { hello: String! }',
  resolvers: { Query: { hello: () => 'xin chào' } },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());

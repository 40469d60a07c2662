import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The yardstick for bench/bundle.ts, as issue 14 defines it: the smallest Apollo Server 5 Lambda
 * handler (one `hello` query, no logger, no plugins) with a DynamoDB client constructed at module
 * top, built with the same platform options as the real functions (infra/lambda-build.ts
 * PLATFORM_OPTIONS) but none of the product's ALIASES. Whatever a function costs above this is ours.
 */
export const dynamodb = new DynamoDBClient({});

const server = new ApolloServer({
  typeDefs: 'type Query { hello: String! }',
  resolvers: { Query: { hello: () => 'xin chào' } },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());

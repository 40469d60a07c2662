import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLContext } from './context';
import { createErrorFormatter } from './errors';
import { typeDefs } from './generated/type-defs';
import { resolvers } from './resolvers';

export interface ServerOptions {
  /** `local` turns on introspection and error details for developers; anything else is production. */
  stage: string;
  logger: Logger;
}

export function createApolloServer(options: ServerOptions): ApolloServer<GraphQLContext> {
  const developing = options.stage === 'local';
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    introspection: developing,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(options.logger, developing),
    // The local platform serves its own offline explorer; Apollo's landing page loads from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
}

import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { redriveDeadLetters } from '#redrive/redrive';
import { redriveSqsClient } from '#redrive/sqs-client';
import { requireEnv, servicesFromEnvironment } from '../services';
import { callerFromClaims, createLoaders, type GraphQLContext } from './context';
import { createApolloServer, createEdgeMiddleware, type ServerOptions } from './server';

const logger = new Logger({ serviceName: 'graphql' });
// Officers' redrive: the SQS client is built on first use, the queue prefix read then.
const services = servicesFromEnvironment({
  deadLetters: (options) => redriveDeadLetters(redriveSqsClient(), { ...options, queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX') }),
});

const serverOptions: ServerOptions = { stage: process.env.STAGE ?? 'prod', persistedOperations: process.env.PERSISTED_OPERATIONS, logger };
const server = createApolloServer(serverOptions);

/** API Gateway HTTP API (payload 2.0) → Apollo Server. The JWT authorizer has verified the token. */
export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  // Size, JSON, token and allow-list checks before Apollo parses anything; typed errors on every 4xx/5xx.
  middleware: [createEdgeMiddleware(serverOptions)],
  context: async ({ event, context }): Promise<GraphQLContext> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer;
    const caller = callerFromClaims(authorizer?.jwt?.claims);
    const requestLogger = logger.createChild({
      persistentKeys: { requestId, ...(caller ? { officerId: caller.officerId, agencyCode: caller.agencyCode } : {}) },
    });
    // The official schedules this request's due dates and verdicts use (cached per container).
    await services.calendar.ready();
    const loaders = createLoaders(services);
    // What an action reads for itself primes this request's loader: no second read of the same agency.
    const requestServices = services.observingAgencies((agency) => loaders.agency.prime(agency.code, agency));
    const sourceIp = event.requestContext?.http?.sourceIp;
    return { caller, services: requestServices, loaders, logger: requestLogger, requestId, ...(sourceIp ? { sourceIp } : {}) };
  },
});

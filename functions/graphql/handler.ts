import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { keyedLogger } from '#aws/keyed-logger';
import { dossierFilesFromEnvironment } from '#files/dossier-files';
import { redriveThroughAdminFunction } from '#redrive/remote';
import { clientKeyOf, servicesFromEnvironment, withDynamoDbBudget } from '../services';
import { callerFromClaims, createLoaders, type GraphQLContext, withClientKey } from './context';
import { MAX_ANONYMOUS_DYNAMODB_REQUESTS } from './hardening/limits';
import { createLambdaHandler, type GraphQLLambdaHandler } from './lambda-adapter';
import { createApolloServer, createEdgeMiddleware, type ServerOptions, type Surface } from './server';

const logger = new Logger({ serviceName: 'graphql' });
// Officers' redrive: the admin-only redrive function does it (this role has no SQS permission).
// Dossier files (issue 11): the S3 client is built at cold start only where FILES_BUCKET is set.
const files = dossierFilesFromEnvironment();
const services = servicesFromEnvironment({ ...(files ? { files } : {}), deadLetters: redriveThroughAdminFunction() });
// The official schedules (one CALENDAR read) are fetched while the container starts, not before its
// first answer; the root fields that compute with them await the same read (ready() shares one in
// flight; ./calendar-gate.ts), the others do not wait for it.
void services.calendar.ready();

/** The route API Gateway serves without its JWT authorizer (infra/graphql-api.ts, PUBLIC_GRAPHQL_PATH). */
const PUBLIC_PATH = '/public/graphql';

const baseOptions = { stage: process.env.STAGE ?? 'prod', persistedOperations: process.env.PERSISTED_OPERATIONS, logger };

type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };

function lambdaHandler(surface: Surface): GraphQLLambdaHandler {
  const serverOptions: ServerOptions = { ...baseOptions, surface };
  return createLambdaHandler(createApolloServer(serverOptions), {
    // Size, JSON, token and allow-list checks before Apollo parses anything; typed errors on every 4xx/5xx.
    middleware: [createEdgeMiddleware(serverOptions)],
    context: async ({ event, context }): Promise<GraphQLContext> => {
      const requestId = event.requestContext?.requestId ?? context.awsRequestId;
      // The public surface never reads claims, whatever the request carries.
      const caller = surface === 'public' ? null : callerFromClaims((event.requestContext as JwtContext).authorizer?.jwt?.claims);
      const log = keyedLogger(logger, { requestId, ...(caller ? { officerId: caller.officerId, agencyCode: caller.agencyCode } : {}) });
      const loaders = createLoaders(services);
      // What an action reads for itself primes this request's loader: no second read of the same agency.
      const requestServices = services.observingAgencies((agency) => loaders.agency.prime(agency.code, agency));
      const sourceIp = event.requestContext?.http?.sourceIp;
      const requestContext: GraphQLContext = {
        caller,
        services: requestServices,
        loaders,
        logger: log,
        requestId,
        audit: requestServices.dossiers.personalDataAudit(caller, requestId),
      };
      return withClientKey(requestContext, sourceIp, clientKeyOf);
    },
  });
}

// The officers' server is made while the container starts; the public one (its schema, server and
// edge) on the first public request: most containers only ever serve one of the two.
const officerHandler = lambdaHandler('officer');
let publicHandler: GraphQLLambdaHandler | undefined;
/** Made outside the request's budget: Apollo's start work must not run in (or count against) it. */
const servePublic = (event: APIGatewayProxyEventV2, context: Context) => {
  publicHandler ??= lambdaHandler('public');
  const serve = publicHandler;
  return withDynamoDbBudget(MAX_ANONYMOUS_DYNAMODB_REQUESTS, () => serve(event, context));
};

/**
 * The public route, and any request without verified claims (none reaches the officers' route on
 * AWS: the authorizer turns it away), is served the public schema under a DynamoDB request budget.
 */
export function isPublicRequest(event: APIGatewayProxyEventV2): boolean {
  const route = event.requestContext?.routeKey ?? event.routeKey ?? '';
  const claims = (event.requestContext as JwtContext | undefined)?.authorizer?.jwt?.claims;
  return route.endsWith(` ${PUBLIC_PATH}`) || event.rawPath === PUBLIC_PATH || !callerFromClaims(claims);
}

/** API Gateway HTTP API (payload 2.0) → Apollo Server. On the officers' route the JWT authorizer has verified the token. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> =>
  isPublicRequest(event) ? servePublic(event, context) : officerHandler(event, context);

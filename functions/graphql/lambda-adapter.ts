import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * Apollo Server on Lambda for API Gateway HTTP API (payload 2.0) events: what
 * `@as-integrations/aws-lambda`'s `startServerAndCreateLambdaHandler` with its v2 request handler
 * does, kept to the one event kind this function receives. That package `require`s Apollo Server,
 * and so carries a second, CommonJS copy of it (with graphql-tools, lru-cache and the reporting
 * protobuf) into the bundle beside the ESM one; this module uses the ESM build only.
 *
 * The behaviour is the integration's (test/graphql/lambda-adapter.test.ts checks it): headers in
 * any case (the last of a name wins), base64 bodies decoded, a JSON body parsed for Apollo, a
 * `text/plain` one passed as text, any other body left out (Apollo then answers with its CSRF or
 * missing-body 400), the raw query string as Apollo's search. Results carry Apollo's headers and
 * a `content-length`; an incremental (chunked) answer and anything thrown become a 400 whose body
 * is the error's message: the edge middleware turns those into typed errors.
 */

export type Result = APIGatewayProxyStructuredResultV2;

/** Sees the result before it is returned (and may change it). */
export type ResultCallback = (result: Result) => Promise<void>;

/**
 * Runs before Apollo: a result answers at once (nothing else runs), a function is called with the
 * result once there is one, nothing lets the request through. (The integration's contract.)
 */
export type Middleware = (event: APIGatewayProxyEventV2) => Promise<Result | ResultCallback | undefined>;

export interface LambdaAdapterOptions<TContext extends BaseContext> {
  middleware?: readonly Middleware[];
  context: (argument: { event: APIGatewayProxyEventV2; context: Context }) => Promise<TContext>;
}

export type GraphQLLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>;

/** The handler of one Apollo Server, which it starts in the background at once, as the integration does. */
export function createLambdaHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: LambdaAdapterOptions<TContext>,
): GraphQLLambdaHandler {
  server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  return async (event, context) => {
    const callbacks: ResultCallback[] = [];
    let result: Result;
    try {
      for (const middleware of options.middleware ?? []) {
        const outcome = await middleware(event);
        if (typeof outcome === 'function') callbacks.push(outcome);
        else if (typeof outcome === 'object' && outcome !== null) return outcome;
      }
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: requestOf(event),
        context: () => options.context({ event, context }),
      });
      result = successResult(response);
    } catch (error) {
      result = errorResult(error);
    }
    for (const callback of callbacks) await callback(result);
    return result;
  };
}

/** The HTTP request Apollo reads, from the event. A JSON body that does not parse throws (→ 400). */
export function requestOf(event: APIGatewayProxyEventV2): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(event.headers ?? {})) headers.set(name, value ?? '');
  return { method: event.requestContext.http.method, headers, search: event.rawQueryString ?? '', body: bodyOf(event, headers) };
}

function bodyOf(event: APIGatewayProxyEventV2, headers: HeaderMap): unknown {
  if (!event.body) return '';
  const contentType = headers.get('content-type');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (contentType?.startsWith('application/json')) return JSON.parse(text);
  if (contentType?.startsWith('text/plain')) return text;
  return '';
}

function successResult({ body, headers, status }: HTTPGraphQLResponse): Result {
  if (body.kind !== 'complete') throw new Error('Only complete body type supported');
  return {
    statusCode: status ?? 200,
    headers: { ...Object.fromEntries(headers), 'content-length': String(Buffer.byteLength(body.string)) },
    body: body.string,
  };
}

function errorResult(error: unknown): Result {
  return { statusCode: 400, body: error instanceof Error ? error.message : String(error) };
}

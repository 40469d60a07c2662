import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

export interface Claims {
  sub: string;
  name?: string;
  agency: string;
  roles: string;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  statusCode: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

let requestCounter = 0;

/**
 * Calls the GraphQL Lambda handler the way API Gateway's HTTP API does once its JWT authorizer
 * has verified a token: payload format 2.0 with the claims under requestContext.authorizer.jwt.
 */
export function graphqlClient(handler: LambdaHandler) {
  return async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    claims?: Claims,
  ): Promise<GraphQLResponse<T>> => {
    requestCounter += 1;
    const requestId = `test-${requestCounter}`;
    const event = {
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId,
        routeKey: 'POST /graphql',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      },
    } as unknown as APIGatewayProxyEventV2;
    const context = { awsRequestId: requestId, functionName: 'graphql', getRemainingTimeInMillis: () => 30_000 } as Context;
    const result = await handler(event, context);
    if (typeof result === 'string') throw new Error(`Unexpected string result: ${result}`);
    const body = JSON.parse(result.body ?? '{}') as Omit<GraphQLResponse<T>, 'statusCode'>;
    return { statusCode: result.statusCode ?? 200, ...body };
  };
}

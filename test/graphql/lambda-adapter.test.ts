import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLambdaHandler, type Middleware, type Result } from '#graphql/lambda-adapter';
import { httpEvent } from '../hardening/support';

/**
 * The GraphQL function's own Lambda adapter (functions/graphql/lambda-adapter.ts) replaced
 * `@as-integrations/aws-lambda`. Each event below goes through both, each over its own Apollo
 * Server of the same small schema, and must get the same answer; then our middleware contract.
 */
const typeDefs = 'type Query { hello(name: String): String!, header(name: String!): String, boom: String }';
type Ctx = { headers: Record<string, string | undefined> };
const resolvers = {
  Query: {
    hello: (_: unknown, { name }: { name?: string }) => `xin chào ${name ?? 'bạn'}`,
    header: (_: unknown, { name }: { name: string }, context: Ctx) => context.headers[name] ?? null,
    boom: () => {
      throw new Error('boom');
    },
  },
};
const server = () => new ApolloServer<Ctx>({ typeDefs, resolvers });
const context = async ({ event }: { event: APIGatewayProxyEventV2 }) => ({ headers: event.headers ?? {} });
const lambdaContext = { awsRequestId: 'adapter-test' } as Context;

const ours = createLambdaHandler(server(), { context });
const integration = startServerAndCreateLambdaHandler(server(), handlers.createAPIGatewayProxyEventV2RequestHandler(), { context });

/** The same HTTP API v2 events the hardening tests send (API Gateway's shape). */
const event = httpEvent;

const json = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  event({ body: JSON.stringify(body), headers });

const CASES: Record<string, APIGatewayProxyEventV2> = {
  'a JSON POST': json({ query: '{ hello }' }),
  'variables and the operation name': json({
    query: 'query A { a: hello } query B($n: String) { hello(name: $n) }',
    operationName: 'B',
    variables: { n: 'Lan' },
  }),
  'a base64 body': event({
    body: Buffer.from(JSON.stringify({ query: '{ hello(name: "Hà Nội") }' })).toString('base64'),
    isBase64Encoded: true,
  }),
  'a charset in the content type': json({ query: '{ hello }' }, { 'content-type': 'application/json; charset=utf-8' }),
  'header names in any case, the last of a name winning': json(
    { query: '{ header(name: "X-Trace") }' },
    { 'Content-Type': 'text/plain', 'content-type': 'application/json', 'X-Trace': 'abc' },
  ),
  'a text/plain body (Apollo’s CSRF check answers)': event({ body: '{ hello }', headers: { 'content-type': 'text/plain' } }),
  'a text/plain body with the preflight header': event({
    body: '{ hello }',
    headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
  }),
  'another content type (no body for Apollo)': event({
    body: 'query={hello}',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  'no body': event({}),
  'a JSON body that does not parse': event({ body: '{"query": ' }),
  'a batch (Apollo refuses it)': json([{ query: '{ hello }' }, { query: '{ hello }' }]),
  'a GET with the preflight header': event({
    method: 'GET',
    rawQueryString: new URLSearchParams({ query: '{ hello }' }).toString(),
    headers: { 'apollo-require-preflight': 'true' },
  }),
  'a GET without it (CSRF)': event({ method: 'GET', rawQueryString: new URLSearchParams({ query: '{ hello }' }).toString(), headers: {} }),
  'a mutation over GET': event({
    method: 'GET',
    rawQueryString: new URLSearchParams({ query: 'mutation { x }' }).toString(),
    headers: { 'apollo-require-preflight': 'true' },
  }),
  'a resolver error': json({ query: '{ boom }' }),
  'a syntax error': json({ query: '{ hello ' }),
  'no headers at all': { ...json({ query: '{ hello }' }), headers: undefined } as unknown as APIGatewayProxyEventV2,
};

const answer = async (handler: typeof ours | typeof integration, source: APIGatewayProxyEventV2) =>
  (await handler(structuredClone(source), lambdaContext, () => undefined)) as APIGatewayProxyStructuredResultV2;

describe('the Lambda adapter answers as @as-integrations/aws-lambda does', () => {
  for (const [name, source] of Object.entries(CASES)) {
    it(name, async () => {
      const theirs = await answer(integration, source);
      const mine = await answer(ours, source);
      expect(mine).toEqual(theirs);
    });
  }

  it('with a content-length of the UTF-8 body and Apollo’s content type', async () => {
    const result = await answer(ours, CASES['a base64 body']!);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ data: { hello: 'xin chào Hà Nội' } });
    expect(result.headers?.['content-length']).toBe(String(Buffer.byteLength(result.body ?? '')));
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });
});

describe('the middleware contract', () => {
  const hello = json({ query: '{ hello }' });

  it('answers at once with the result a middleware returns, running nothing after it', async () => {
    const seen: string[] = [];
    const early: Result = { statusCode: 413, body: 'too large' };
    const handler = createLambdaHandler(server(), {
      context,
      middleware: [
        async () => {
          seen.push('first');
          return undefined;
        },
        async () => early,
        async () => {
          seen.push('never');
          return undefined;
        },
      ],
    });
    expect(await handler(hello, lambdaContext)).toBe(early);
    expect(seen).toEqual(['first']);
  });

  it('calls result callbacks in order with the result, which they may change', async () => {
    const order: string[] = [];
    const tag =
      (name: string): Middleware =>
      async () =>
      async (result) => {
        order.push(name);
        result.headers = { ...result.headers, [`x-${name}`]: String(result.statusCode) };
      };
    const handler = createLambdaHandler(server(), { context, middleware: [tag('a'), tag('b')] });
    const result = await handler(hello, lambdaContext);
    expect(order).toEqual(['a', 'b']);
    expect(result.headers).toMatchObject({ 'x-a': '200', 'x-b': '200' });
    expect(JSON.parse(result.body ?? '')).toEqual({ data: { hello: 'xin chào bạn' } });
  });

  it('turns a throwing middleware into a 400 with its message, which the callbacks before it still see', async () => {
    const seen: Result[] = [];
    const handler = createLambdaHandler(server(), {
      context,
      middleware: [
        async () => async (result) => {
          seen.push(result);
        },
        async () => {
          throw new Error('cannot screen this');
        },
      ],
    });
    const result = await handler(hello, lambdaContext);
    expect(result).toEqual({ statusCode: 400, body: 'cannot screen this' });
    expect(seen).toEqual([result]);
  });

  it('answers a context that fails as Apollo does (500, typed), not as a crash', async () => {
    const handler = createLambdaHandler(server(), {
      context: async () => {
        throw new Error('no table');
      },
    });
    const result = await handler(hello, lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? '').errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaInvoke } from '#aws/lambda-invoke';
import { DomainError } from '#domain/errors';
import { parseRedriveInvocation, RedriveInvocationError, resultOfAnswer } from './invocation';
import type { RedriveResult } from './redrive';
import { redriveThroughAdminFunction } from './remote';

const RESULT: RedriveResult = { agencyCode: '06.063', moved: 2, handoffIds: ['h1', 'h2'], remaining: 0, interruptedBy: null };

/** A stand-in for Lambda's Invoke API over HTTP (an adapter unit test): records each request, answers as told. */
type Answer = { status: number; headers?: Record<string, string>; body: string };
let answer: Answer = { status: 200, body: '' };
/** Answers given once each, before `answer` (a throttle, then the real answer). */
const first: Answer[] = [];
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  request.on('end', () => {
    received.push({ path: request.url ?? '', headers: request.headers, body });
    const given = first.shift() ?? answer;
    response.writeHead(given.status, given.headers).end(given.body);
  });
});
let invoke: ReturnType<typeof lambdaInvoke>['invoke'];
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const env = { AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  invoke = lambdaInvoke(env, {
    region: 'ap-southeast-1',
    credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret' }),
  }).invoke;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const payloadOf = (value: unknown) => JSON.stringify(value);

describe('the admin redrive function’s invocation contract', () => {
  it('accepts an agency code, a bounded max and a deadline, and refuses anything else with BAD_INPUT', () => {
    expect(parseRedriveInvocation({ agencyCode: '06.063.01840', max: 500, deadline: 1 })).toEqual({
      agencyCode: '06.063.01840',
      max: 500,
      deadline: 1,
    });
    // The national portal's sync queue, listed under DVCQG with the agencies' failures.
    expect(parseRedriveInvocation({ agencyCode: 'DVCQG', max: 10 })).toEqual({ agencyCode: 'DVCQG', max: 10 });
    for (const bad of [
      { agencyCode: 'DVCQGX', max: 1 },
      null,
      'x',
      { agencyCode: '06.063', max: 0 },
      { agencyCode: '06.063', max: 501 },
      { agencyCode: 'x'.repeat(5000), max: 1 },
      { agencyCode: '06.063', max: 1, deadline: 'soon' },
    ]) {
      expect(() => parseRedriveInvocation(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('throws the admin function’s domain error again with its code, and anything else as REDRIVE_FAILED', () => {
    expect(resultOfAnswer({ result: RESULT })).toEqual(RESULT);
    const notFound = () => resultOfAnswer({ error: { code: 'AGENCY_NOT_FOUND', message: 'No queue', details: { agencyCode: '06.999' } } });
    expect(notFound).toThrow(DomainError);
    expect(notFound).toThrow(expect.objectContaining({ code: 'AGENCY_NOT_FOUND', details: { agencyCode: '06.999' } }));
    expect(() => resultOfAnswer({ error: { code: 'SOMETHING', message: 'x' } })).toThrow(RedriveInvocationError);
  });

  it('invokes the named function synchronously with the JSON payload and returns its result', async () => {
    answer = { status: 200, body: payloadOf({ result: RESULT }) };
    const redrive = redriveThroughAdminFunction({ REDRIVE_FUNCTION_NAME: 'lienthong-redrive', STAGE: 'prod' }, invoke);
    expect(await redrive({ agencyCode: '06.063', max: 10, deadline: 5 })).toEqual(RESULT);
    const sent = received.at(-1)!;
    expect(sent.path).toBe('/2015-03-31/functions/lienthong-redrive/invocations');
    expect(sent.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(sent.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/ap-southeast-1\/lambda\/aws4_request, /);
    expect(JSON.parse(sent.body)).toEqual({ agencyCode: '06.063', max: 10, deadline: 5 });
  });

  it('tries again when Lambda throttles or fails (as the SDK did), signed afresh', async () => {
    first.push({ status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: '{}' }, { status: 503, body: '' });
    answer = { status: 200, body: payloadOf({ result: RESULT }) };
    const before = received.length;
    const redrive = redriveThroughAdminFunction({ REDRIVE_FUNCTION_NAME: 'lienthong-redrive', STAGE: 'prod' }, invoke);
    expect(await redrive({ agencyCode: '06.063', max: 10 })).toEqual(RESULT);
    expect(received.length - before).toBe(3);
  });

  it('reports a crashed admin function as REDRIVE_FAILED, and a deployment without the function name as a configuration error', async () => {
    answer = { status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: payloadOf({ errorType: 'TimeoutError' }) };
    await expect(
      redriveThroughAdminFunction({ REDRIVE_FUNCTION_NAME: 'f', STAGE: 'prod' }, invoke)({ agencyCode: '06', max: 1 }),
    ).rejects.toThrow(/f failed \(Unhandled\): .*TimeoutError/);
    // Lambda refusing the call (no such function, throttled, no permission) is REDRIVE_FAILED too, the cause kept.
    answer = { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/' }, body: '{}' };
    const refused = await redriveThroughAdminFunction(
      { REDRIVE_FUNCTION_NAME: 'gone', STAGE: 'prod' },
      invoke,
    )({ agencyCode: '06', max: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RedriveInvocationError);
    expect((refused as Error).cause).toMatchObject({ status: 404, awsCode: 'ResourceNotFoundException' });
    await expect(redriveThroughAdminFunction({ STAGE: 'prod' })({ agencyCode: '06', max: 1 })).rejects.toThrow(/REDRIVE_FUNCTION_NAME/);
  });
});

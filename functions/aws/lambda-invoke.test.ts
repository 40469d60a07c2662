import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { HttpRequest } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXED_CREDENTIALS, recordingHandler, stripBookkeeping } from '../../test/support/sdk-capture';
import { lambdaInvoke } from './lambda-invoke';

const AT = new Date('2026-12-03T08:15:30Z');

afterEach(() => {
  vi.useRealTimers();
});

/** The request @aws-sdk/client-lambda signs for Invoke (RequestResponse), on a fixed clock. */
async function sdkInvokeRequest(functionName: string, payload: string, env: Record<string, string> = {}): Promise<HttpRequest> {
  vi.useFakeTimers({ toFake: ['Date'], now: AT });
  const handled: HttpRequest[] = [];
  const client = new LambdaClient({
    region: 'ap-southeast-1',
    credentials: FIXED_CREDENTIALS,
    requestHandler: recordingHandler(handled, { statusCode: 200, body: '{}' }),
    ...(env.AWS_ENDPOINT_URL_LAMBDA ? { endpoint: env.AWS_ENDPOINT_URL_LAMBDA } : {}),
  });
  stripBookkeeping(client);
  await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: payload }));
  vi.useRealTimers();
  return handled[0]!;
}

const ours = (env: Record<string, string> = {}) =>
  lambdaInvoke(env, { region: 'ap-southeast-1', credentials: async () => FIXED_CREDENTIALS, now: () => AT });

const wire = (request: HttpRequest) => ({
  method: request.method,
  url: `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`,
  query: request.query,
  headers: request.headers,
  body: String(request.body),
});

describe('Lambda Invoke as a signed fetch', () => {
  it('signs the very request the SDK’s LambdaClient signs: URL, headers, body and signature', async () => {
    const payload = JSON.stringify({ agencyCode: '06.063', max: 10, deadline: 5 });
    for (const name of ['lienthong-19-prod-redrive', 'arn:aws:lambda:ap-southeast-1:123456789012:function:lienthong-19-prod-redrive']) {
      const sdk = await sdkInvokeRequest(name, payload);
      const signed = await ours().sign(name, payload);
      expect(wire(signed), name).toEqual(wire(sdk));
      expect(signed.headers.authorization).toContain('Signature=');
    }
  });

  it('signs the same for a local endpoint (AWS_ENDPOINT_URL_LAMBDA)', async () => {
    const env = { AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:4599' };
    const sdk = await sdkInvokeRequest('f', '{}', env);
    expect(wire(await ours(env).sign('f', '{}'))).toEqual(wire(sdk));
  });
});

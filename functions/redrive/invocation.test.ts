import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors';
import { parseRedriveInvocation, RedriveInvocationError, resultOfAnswer } from './invocation';
import type { RedriveResult } from './redrive';
import { redriveThroughAdminFunction } from './remote';

const RESULT: RedriveResult = { agencyCode: '06.063', moved: 2, handoffIds: ['h1', 'h2'], remaining: 0, interruptedBy: null };

/** A stand-in for Lambda's Invoke API (an adapter unit test): records the request, answers as given. */
function fakeLambda(answer: { StatusCode: number; FunctionError?: string; Payload: Uint8Array }) {
  const sent: InvokeCommand[] = [];
  const send = async (command: InvokeCommand) => {
    sent.push(command);
    return answer;
  };
  const client = { send } as unknown as Pick<LambdaClient, 'send'>;
  return { client, sent };
}
const payloadOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

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
    const { client, sent } = fakeLambda({ StatusCode: 200, Payload: payloadOf({ result: RESULT }) });
    const redrive = redriveThroughAdminFunction({ REDRIVE_FUNCTION_NAME: 'lienthong-redrive', STAGE: 'prod' }, client);
    expect(await redrive({ agencyCode: '06.063', max: 10, deadline: 5 })).toEqual(RESULT);
    expect(sent[0]!.input).toMatchObject({ FunctionName: 'lienthong-redrive', InvocationType: 'RequestResponse' });
    expect(JSON.parse(String(sent[0]!.input.Payload))).toEqual({ agencyCode: '06.063', max: 10, deadline: 5 });
  });

  it('reports a crashed admin function as REDRIVE_FAILED, and a deployment without the function name as a configuration error', async () => {
    const { client } = fakeLambda({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payloadOf({ errorType: 'TimeoutError' }),
    });
    await expect(
      redriveThroughAdminFunction({ REDRIVE_FUNCTION_NAME: 'f', STAGE: 'prod' }, client)({ agencyCode: '06', max: 1 }),
    ).rejects.toThrow(RedriveInvocationError);
    await expect(redriveThroughAdminFunction({ STAGE: 'prod' })({ agencyCode: '06', max: 1 })).rejects.toThrow(/REDRIVE_FUNCTION_NAME/);
  });
});

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ServiceDeps } from '#services/deps';
import { ConfigurationError } from '../services';
import { type RedriveAnswer, type RedriveInvocation, RedriveInvocationError, resultOfAnswer } from './invocation';

type DeadLetters = NonNullable<ServiceDeps['deadLetters']>;
type AdminHandler = (payload: unknown) => Promise<RedriveAnswer>;

let client: LambdaClient | undefined;

/**
 * The GraphQL function's redrive: it holds no SQS permission, so it asks the admin-only function
 * (functions/redrive/handler.ts, named in REDRIVE_FUNCTION_NAME) and waits for its answer. The
 * admin function marks the failure records itself, so `failures` and `onWarning` stay here.
 *
 * Locally (STAGE=local, no function name) the same handler module answers in-process, through the
 * same JSON payload, so the local platform and the tests exercise the admin function's code.
 */
export function redriveThroughAdminFunction(env: NodeJS.ProcessEnv = process.env, lambda?: Pick<LambdaClient, 'send'>): DeadLetters {
  const functionName = env.REDRIVE_FUNCTION_NAME;
  return async ({ agencyCode, max, deadline }) => {
    const payload: RedriveInvocation = { agencyCode, max, ...(deadline !== undefined ? { deadline } : {}) };
    if (functionName) return resultOfAnswer(await invokeRemote(lambda ?? defaultClient(), functionName, payload));
    if (env.STAGE !== 'local') throw new ConfigurationError('REDRIVE_FUNCTION_NAME is not set: no redrive');
    const { handler } = (await import('./handler')) as { handler: AdminHandler };
    return resultOfAnswer(JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(payload))))) as RedriveAnswer);
  };
}

/** Built on first use: most GraphQL containers never redrive. */
function defaultClient(): LambdaClient {
  client ??= new LambdaClient({});
  return client;
}

async function invokeRemote(lambda: Pick<LambdaClient, 'send'>, functionName: string, payload: RedriveInvocation): Promise<RedriveAnswer> {
  const response = await lambda
    .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: JSON.stringify(payload) }))
    .catch((error: unknown) => {
      throw new RedriveInvocationError(`Could not invoke ${functionName}`, { cause: error });
    });
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  if (response.FunctionError) throw new RedriveInvocationError(`${functionName} failed (${response.FunctionError}): ${text.slice(0, 500)}`);
  return JSON.parse(text) as RedriveAnswer;
}

import type { LambdaInvoke } from '#aws/lambda-invoke';
import type { ServiceDeps } from '#services/deps';
import { ConfigurationError } from '../services';
import { type RedriveAnswer, type RedriveInvocation, RedriveInvocationError, resultOfAnswer } from './invocation';

type DeadLetters = NonNullable<ServiceDeps['deadLetters']>;
export type AdminHandler = (payload: unknown) => Promise<RedriveAnswer>;

let defaultInvoke: Promise<LambdaInvoke> | undefined;
let inProcess: (() => Promise<AdminHandler>) | undefined;

/**
 * Local runs and tests only (local/in-process-redrive.ts): the admin function's handler, answering
 * in this process. Registered from outside so this module never names it: the GraphQL bundle then
 * carries neither the redrive handler nor its SQS client.
 */
export function answerRedriveInProcess(load: () => Promise<AdminHandler>): void {
  inProcess = load;
}

/**
 * The GraphQL function's redrive: it holds no SQS permission, so it asks the admin-only function
 * (functions/redrive/handler.ts, named in REDRIVE_FUNCTION_NAME) and waits for its answer. The
 * admin function marks the failure records itself, so `failures` and `onWarning` stay here.
 *
 * Locally (STAGE=local, no function name) the same handler module answers in-process, through the
 * same JSON payload, so the local platform and the tests exercise the admin function's code.
 */
export function redriveThroughAdminFunction(env: NodeJS.ProcessEnv = process.env, lambda?: LambdaInvoke): DeadLetters {
  const functionName = env.REDRIVE_FUNCTION_NAME;
  return async ({ agencyCode, max, deadline }) => {
    const payload: RedriveInvocation = { agencyCode, max, ...(deadline !== undefined ? { deadline } : {}) };
    if (functionName) return resultOfAnswer(await invokeRemote(lambda ?? (await invoker()), functionName, payload));
    if (env.STAGE !== 'local') throw new ConfigurationError('REDRIVE_FUNCTION_NAME is not set: no redrive');
    if (!inProcess)
      throw new ConfigurationError(
        'No redrive here: no REDRIVE_FUNCTION_NAME and no in-process redrive registered (local/in-process-redrive.ts)',
      );
    const handler = await inProcess();
    return resultOfAnswer(JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(payload))))) as RedriveAnswer);
  };
}

/**
 * Built on first use: most GraphQL containers never redrive. A signed POST to Lambda's Invoke API
 * (functions/aws/lambda-invoke.ts), not @aws-sdk/client-lambda: −114 KB in the GraphQL asset.
 */
function invoker(): Promise<LambdaInvoke> {
  defaultInvoke ??= import('#aws/lambda-invoke').then(({ lambdaInvoke }) => lambdaInvoke().invoke);
  return defaultInvoke;
}

async function invokeRemote(invoke: LambdaInvoke, functionName: string, payload: RedriveInvocation): Promise<RedriveAnswer> {
  const answer = await invoke(functionName, JSON.stringify(payload)).catch((error: unknown) => {
    throw new RedriveInvocationError(`Could not invoke ${functionName}`, { cause: error });
  });
  if (answer.functionError)
    throw new RedriveInvocationError(`${functionName} failed (${answer.functionError}): ${answer.payload.slice(0, 500)}`);
  return JSON.parse(answer.payload) as RedriveAnswer;
}

import { randomUUID } from 'node:crypto';
import type { Context, Handler } from 'aws-lambda';
import { LOCAL_REGION } from './aws-env';

/** Lambda's own limit for the functions we run locally; `getRemainingTimeInMillis` counts down from it. */
const TIMEOUT_MS = 30_000;

/**
 * Calls a handler the way the Lambda Node.js runtime does: async handlers return a promise, older
 * ones call back. Either way the caller gets a promise of the result.
 */
export function invokeHandler<TEvent, TResult>(handler: Handler<TEvent, TResult>, event: TEvent, functionName: string): Promise<TResult> {
  return new Promise<TResult>((resolve, reject) => {
    const callback = (error?: Error | string | null, result?: TResult) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result as TResult);
    try {
      const returned = handler(event, lambdaContext(functionName), callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  });
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const notSupported = () => {
    throw new Error('context.done/succeed/fail are not supported: return a promise instead');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported,
    fail: notSupported,
    succeed: notSupported,
  };
}

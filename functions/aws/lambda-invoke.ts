import { type AwsRequest, awsSigner, regionFromEnvironment, type SignerOptions, serviceEndpoint } from './signed-fetch';

/** What Lambda's Invoke API answered: the function's payload, and its error kind when it failed. */
export interface InvokeAnswer {
  /** X-Amz-Function-Error: `Unhandled` (or `Handled`) when the function threw; the payload then describes it. */
  functionError?: string;
  payload: string;
}

export type LambdaInvoke = (functionName: string, payload: string) => Promise<InvokeAnswer>;

/**
 * Lambda's Invoke API (RequestResponse) as a signed POST, without @aws-sdk/client-lambda
 * (signed-fetch.ts says why). The request is the SDK's InvokeCommand's, byte for byte
 * (lambda-invoke.test.ts signs both and compares).
 */
export function lambdaInvoke(env: NodeJS.ProcessEnv = process.env, signer: Partial<SignerOptions> = {}) {
  const region = signer.region ?? regionFromEnvironment(env);
  const aws = awsSigner({ service: 'lambda', region, ...signer });
  const endpoint = serviceEndpoint('LAMBDA', `lambda.${region}.amazonaws.com`, env);
  const request = (functionName: string, payload: string): AwsRequest => ({
    method: 'POST',
    path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    headers: { 'x-amz-invocation-type': 'RequestResponse', 'content-type': 'application/octet-stream' },
    body: payload,
  });
  const invoke: LambdaInvoke = async (functionName, payload) => {
    const response = await aws.send(endpoint, request(functionName, payload), lambdaErrorCode);
    const functionError = response.headers.get('x-amz-function-error') ?? undefined;
    return { ...(functionError ? { functionError } : {}), payload: await response.text() };
  };
  return { endpoint, request, sign: (functionName: string, payload: string) => aws.sign(endpoint, request(functionName, payload)), invoke };
}

/** Lambda names its error in X-Amzn-ErrorType (`Code:details`), or in the JSON body's `Type`/`__type`. */
function lambdaErrorCode(_status: number, body: string, headers: Headers): string | undefined {
  const header = headers.get('x-amzn-errortype');
  if (header) return header.split(':')[0];
  try {
    const parsed = JSON.parse(body) as { __type?: string; Type?: string; code?: string };
    return parsed.__type?.split('#').at(-1) ?? parsed.code ?? parsed.Type;
  } catch {
    return undefined;
  }
}

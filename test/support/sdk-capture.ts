import type { FinalizeRequestMiddleware, HttpRequest, MiddlewareStack } from '@smithy/types';

/**
 * Test support for the equivalence tests of functions/aws/: what an SDK client would put on the
 * wire, captured from its HTTP handler instead of sent. The SDK's own bookkeeping headers (retry
 * counters, invocation id, user agent) are removed before it signs, since our requests do not carry
 * them; everything else (URL, protocol headers, body, signature) must then match ours exactly.
 */
export const FIXED_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};

const BOOKKEEPING = ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent'];

/** Strips the bookkeeping headers before the client signs (the handler records what it then gets). */
export function stripBookkeeping<Input extends object, Output extends object>(client: { middlewareStack: MiddlewareStack<Input, Output> }) {
  const strip: FinalizeRequestMiddleware<Input, Output> = (next) => async (args) => {
    const headers = (args.request as HttpRequest).headers;
    for (const name of BOOKKEEPING) delete headers[name];
    return next(args);
  };
  client.middlewareStack.addRelativeTo(strip, { toMiddleware: 'httpSigningMiddleware', relation: 'before', name: 'stripBookkeeping' });
}

/** An SDK requestHandler that records each request and answers as given. */
export function recordingHandler(handled: HttpRequest[], answer: { statusCode: number; headers?: Record<string, string>; body?: string }) {
  return {
    handle: async (request: HttpRequest) => {
      handled.push(request);
      const { Readable } = await import('node:stream');
      return {
        response: { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: Readable.from([Buffer.from(answer.body ?? '')]) },
      };
    },
  };
}

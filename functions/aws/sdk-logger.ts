import type { MiddlewareStack } from '@smithy/types';

/**
 * Removes the SDK's logger middleware from a client we never give a logger. The middleware still
 * builds a redacted copy of every input and output (a walk of the operation's schema) before calling
 * the default no-op logger: 0.4–0.7 ms of CPU per request measured on DynamoDB Local (issue 14).
 * Returns the client, so it can wrap a construction.
 */
// biome-ignore lint/suspicious/noExplicitAny: any client's stack, whatever its input and output types
export function withoutSdkLogger<C extends { middlewareStack: MiddlewareStack<any, any> }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

import type { Counters } from './counters';
import type { Random } from './random';

/** Anything with an SDK v3 middleware stack (an SQSClient, a DynamoDB document client). */
interface WithMiddleware {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string; override: boolean }) => void };
}

/** Errors shaped as the SDK raises them: callers branch on `name`, as the handlers' code does. */
export function throttlingError(service: string): Error {
  return Object.assign(new Error(`Rate exceeded (injected into ${service})`), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

export function timeoutError(service: string): Error {
  return Object.assign(new Error(`Socket timed out without a response (injected into ${service})`), { name: 'TimeoutError' });
}

export interface SdkFaultOptions {
  /** Names the middleware and the counters: `sdk <service> throttled`, `sdk <service> timed out`. */
  service: string;
  /** Read on every call, so a scenario can turn faults on and off without touching the client. */
  rate: () => number;
  random: Random;
  counters: Counters;
  /** Only calls this says yes to are candidates (default: all). */
  applies?: (commandName: string, input: Record<string, unknown>) => boolean;
}

/**
 * Adds a middleware that fails a fraction of calls, half of them each way:
 * - ThrottlingException before the request is sent (nothing happened);
 * - TimeoutError after the request went through (it happened, but the caller cannot know).
 * It sits in the initialize step, above the SDK's own retry loop, so each injected error reaches
 * the handler as a final answer would after the SDK gave up retrying.
 */
export function addSdkFaults(client: WithMiddleware, options: SdkFaultOptions): void {
  const { service, random, counters } = options;
  const middleware =
    (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      const rate = options.rate();
      const candidate = rate > 0 && (options.applies?.(context.commandName ?? '', args.input) ?? true);
      if (!candidate || random() >= rate) return next(args);
      if (random() < 0.5) {
        counters.add(`sdk ${service} throttled`);
        throw throttlingError(service);
      }
      await next(args);
      counters.add(`sdk ${service} timed out`);
      throw timeoutError(service);
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: `faultInjection-${service}`, override: true });
}

import { throttlingError } from './sdk-faults';

interface WithMiddleware {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string; override: boolean }) => void };
}

/**
 * Makes the consumer's DynamoDB client throttle every read of the listed dossiers, so their
 * handoff messages fail on every receive and end in the dead-letter queue, the way a long outage
 * would put them there. Other dossiers, and the failure records, are untouched.
 */
export function blockDossierReads(client: WithMiddleware, blocked: ReadonlySet<string>): void {
  const middleware =
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      if (blocked.size > 0 && /^(Batch)?Get(Item)?Command$/.test(context.commandName ?? '')) {
        const input = JSON.stringify(args.input);
        for (const id of blocked) if (input.includes(`DOSSIER#${id}`)) throw throttlingError('dynamodb (consumer)');
      }
      return next(args);
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'blockDossierReads', override: true });
}

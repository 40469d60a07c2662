import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsEmulator } from '../../local/emulators';
import { startPortalEmulator } from '../../local/portal-emulator/server';

declare module 'vitest' {
  interface ProvidedContext {
    /** DynamoDB Local, in memory, shared by the whole run: tests create uniquely named tables. */
    dynamoEndpoint: string;
    /** The SQS emulator, shared likewise: tests create queues under a unique name prefix. */
    sqsEndpoint: string;
    /** The national portal's emulator (local/portal-emulator), shared likewise: tests use unique dossier codes. */
    portalUrl: string;
  }
}

/** Starts both emulators once per run (in parallel: the JVM takes seconds, fauxqs milliseconds). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamo, sqs, portal] = await Promise.all([startDynamoDbLocal(), startSqsEmulator(), startPortalEmulator()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  project.provide('portalUrl', portal.url);
  return async () => {
    await Promise.all([dynamo.stop(), sqs.stop(), portal.stop()]);
  };
}

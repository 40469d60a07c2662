import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutSdkLogger } from '#aws/sdk-logger';
import { ConfigurationError } from './errors';
import { hashKeysReady } from './keys-config';
import { enforceRequestBudgets } from './request-budget';

/**
 * SDK clients are built from the environment alone (region, credentials, and the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` locally), so the very same handler code runs on AWS and against
 * DynamoDB Local. One client per process: Lambda reuses it across invocations.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  withoutSdkLogger(documents);

  // A no-op unless the work runs under a request budget (anonymous GraphQL requests do).
  enforceRequestBudgets(documents);
  // The hash keys are read on first use (keys-config.ts): no command goes out before they are in,
  // so whatever ran a command may hash synchronously. Resolved at once once read, or where none is held.
  documents.middlewareStack.add(
    (next) => async (args) => {
      await hashKeysReady();
      return next(args);
    },
    {
      step: 'initialize',
      name: 'hashKeysReady',
      override: true,
    },
  );
  return documents;
}

export function sharedDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= createDocumentClient();
  return documentClient;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`Environment variable ${name} is not set`);
  return value;
}

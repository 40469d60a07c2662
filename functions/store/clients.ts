import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from './errors';
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
  // The SDK's logger middleware builds a redacted copy of every input and output (a walk of the
  // operation's schema) before calling the logger, even the default no-op one: 0.4–0.7 ms of CPU per
  // request measured on DynamoDB Local (issue 14). We never give the client a logger.
  documents.middlewareStack.remove('loggerMiddleware');

  // A no-op unless the work runs under a request budget (anonymous GraphQL requests do).
  enforceRequestBudgets(documents);
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

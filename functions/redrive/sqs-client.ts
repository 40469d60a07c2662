import { SQSClient } from '@aws-sdk/client-sqs';

let client: SQSClient | undefined;

/**
 * Built on first use: the GraphQL Lambda only talks to SQS when an operator redrives, so its other
 * requests do not pay for the client. Configured from the environment like every SDK client here.
 */
export function redriveSqsClient(): SQSClient {
  client ??= new SQSClient({});
  return client;
}

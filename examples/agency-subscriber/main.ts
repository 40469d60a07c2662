/**
 * Runs the subscriber: `npx tsx examples/agency-subscriber/main.ts` with the environment below.
 * See README.md beside this file.
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createSubscriber, sqsClient } from './subscriber';

const HELP = {
  GRAPHQL_URL: 'the province’s GraphQL endpoint, e.g. http://localhost:4000/graphql (npm start prints it)',
  QUEUE: 'QUEUE_URL, or QUEUE_NAME (e.g. lienthong-06-06-063.fifo locally, lienthong-06-prod-06-063.fifo on AWS)',
  AGENCY_TOKEN: 'a bearer token for an identity with role AGENCY_SYSTEM and your agency’s code (README.md: "A token")',
};
const env = process.env;
const missing = [
  !env.GRAPHQL_URL && `GRAPHQL_URL is not set: ${HELP.GRAPHQL_URL}`,
  !env.QUEUE_URL && !env.QUEUE_NAME && `neither QUEUE_URL nor QUEUE_NAME is set: ${HELP.QUEUE}`,
  !env.AGENCY_TOKEN && `AGENCY_TOKEN is not set: ${HELP.AGENCY_TOKEN}`,
].filter(Boolean);
if (missing.length > 0) {
  for (const line of missing) console.error(`error: ${line}`);
  console.error(
    'optional: SQS_ENDPOINT (the local emulator, e.g. http://127.0.0.1:<port>; unset on AWS), AWS_REGION (default ap-southeast-1)',
  );
  process.exit(2);
}

const sqs = sqsClient(env.SQS_ENDPOINT);
const queueUrl = env.QUEUE_URL ?? (await sqs.send(new GetQueueUrlCommand({ QueueName: env.QUEUE_NAME }))).QueueUrl!;
const subscriber = createSubscriber({ queueUrl, graphqlUrl: env.GRAPHQL_URL!, token: env.AGENCY_TOKEN!, sqs });
subscriber.on('stopped', () => process.exit(0));
process.once('SIGINT', () => subscriber.stop());
process.once('SIGTERM', () => subscriber.stop());
subscriber.start();
console.log(`Reading ${queueUrl}; Ctrl-C stops.`);

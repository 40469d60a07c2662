/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (infra/lambda-build.ts,
 * ALIASES). The SDK's HTTP protocol imports it lazily, only for an operation whose input or output
 * is an event stream (S3 SelectObjectContent, Lambda InvokeWithResponseStream, Bedrock, …). The
 * clients our functions hold (DynamoDB, SQS, Secrets Manager) have none, and S3 and Lambda are
 * signed fetches (functions/aws/), yet esbuild ships the codec (~15 KB) as a lazy chunk in every
 * function. Reached, it throws, naming this file.
 */
const REASON =
  'An AWS event-stream operation reached a stub: infra/lambda-stubs/event-streams.ts replaces @smithy/core/event-streams in Lambda bundles';

class Unavailable {
  constructor() {
    throw new Error(REASON);
  }
}

export const EventStreamSerde = Unavailable;
export const eventStreamSerdeProvider = (): never => {
  throw new Error(REASON);
};

import type { SqsPollerOptions } from './pollers/sqs-poller';

/**
 * The transfer consumer's SQS event source mapping as infra/agency-queues.ts declares it, for the
 * local SQS poller: up to 10 messages a batch and up to 5 batches of one agency's queue at once
 * (maxConcurrency). Locally as on AWS, the FIFO queue hands a dossier's next message out only once
 * the one before it is deleted or back, so concurrent batches never hold two of one dossier.
 */
export const TRANSFER_CONSUMER_MAPPING = {
  batchSize: 10,
  maxConcurrency: 5,
} satisfies Partial<SqsPollerOptions>;

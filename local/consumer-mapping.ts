import { TRANSFER_CONSUMER_EVENT_SOURCE } from '../infra/transfer-consumer-mapping';
import type { SqsPollerOptions } from './pollers/sqs-poller';

/**
 * The transfer consumer's SQS event source mapping as deployed (infra/transfer-consumer-mapping.ts,
 * the values infra/agency-queues.ts uses), for the local SQS poller: up to 10 messages a batch and
 * up to 5 batches of one agency's queue at once (maxConcurrency). Locally as on AWS, the FIFO queue
 * hands a dossier's next message out only once the one before it is deleted or back, so concurrent
 * batches never hold two of one dossier.
 */
export const TRANSFER_CONSUMER_MAPPING = {
  batchSize: TRANSFER_CONSUMER_EVENT_SOURCE.batchSize,
  maxConcurrency: TRANSFER_CONSUMER_EVENT_SOURCE.maxConcurrency,
} satisfies Partial<SqsPollerOptions>;

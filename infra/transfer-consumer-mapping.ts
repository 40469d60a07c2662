/**
 * The transfer consumer's SQS event source mapping on each agency queue, in one place: the
 * deployment (infra/agency-queues.ts) and the local SQS poller that stands in for it
 * (local/consumer-mapping.ts, used by `npm start`, the fault tests and the handoff bench) both
 * read these values, so what is measured locally is what is deployed. Plain values, no CDK import,
 * so local code can load it.
 */
export const TRANSFER_CONSUMER_EVENT_SOURCE = {
  /** Messages a batch (SQS FIFO's most). */
  batchSize: 10,
  /** Batches of one agency's queue at once: one agency's burst cannot take the account's concurrency from the others. */
  maxConcurrency: 5,
} as const;

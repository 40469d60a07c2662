import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isDomainError } from '#domain/errors';
import { FailureRecorder } from '#failures/recorder';
import { type HandoffMessageV1, parseHandoffMessage } from '#queue/handoff-message';
import { requireEnv, servicesFromEnvironment } from '../services';

/**
 * Records each handoff's arrival in the receiving agency's inbox. Messages of other dossiers go
 * on when one fails (skipGroupOnError); a failed message and the later ones of its dossier return
 * to the queue, and after the queue's maxReceiveCount the failed one moves to its dead-letter
 * queue. Each failure is also written to the table with its reason (functions/failures), so
 * officers see it before and after it is dead-lettered.
 */
const logger = new Logger({ serviceName: 'transfer-consumer' });
const services = servicesFromEnvironment();
const failures = new FailureRecorder(services.failures.log, {
  queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX'),
  ...(process.env.MAX_RECEIVE_COUNT ? { maxReceiveCount: Number(process.env.MAX_RECEIVE_COUNT) } : {}),
  onWriteFailed: (what, error) => logger.error(`Handoff ${what}`, { error: error as Error }),
});

async function consumeRecord(record: SQSRecord): Promise<void> {
  const log = logger.createChild({ persistentKeys: { messageId: record.messageId } });
  let message: HandoffMessageV1 | undefined;
  try {
    message = parseHandoffMessage(record.body);
    log.appendKeys({ dossierId: message.dossierId, handoffId: message.handoffId });
    const outcome = await services.dossiers.deliver(message);
    log.info(outcome === 'DELIVERED' ? 'Handoff delivered' : 'Handoff already delivered; message ignored', {
      toAgency: message.toAgency,
      receiveCount: record.attributes.ApproximateReceiveCount,
    });
  } catch (error) {
    log.warn('Handoff not delivered', {
      reason: isDomainError(error) ? error.code : 'UNEXPECTED',
      receiveCount: record.attributes.ApproximateReceiveCount,
      error: error as Error,
    });
    await failures.failed(record, error, message);
    throw error;
  }
  await failures.succeeded(record, message);
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  // A processor per invocation: outside Lambda's own runtime the processor keeps the batch in its
  // instance fields, and the local pollers run this handler for several queues at once. Shared,
  // one batch's failures were answered in another's and the failed messages deleted: lost.
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(event, consumeRecord, processor, { context, skipGroupOnError: true });
};

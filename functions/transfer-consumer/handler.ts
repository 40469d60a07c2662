import { processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { keyedLogger } from '#aws/keyed-logger';
import { isDomainError } from '#domain/errors';
import { DEFAULT_MAX_RECEIVE_COUNT, FailureRecorder, receiveCountOf } from '#failures/recorder';
import { GroupedBatchProcessor } from '#queue/grouped-processor';
import { type HandoffMessageV1, parseHandoffMessage } from '#queue/handoff-message';
import { requireEnv, servicesFromEnvironment } from '../services';
import { DeadLetterSender, PERMANENT_FAILURES } from './dead-letter';

/**
 * Records each handoff's arrival in the receiving agency's inbox. The dossiers of a batch are
 * handled concurrently, each dossier's messages in order; when one fails, the others go on, and the
 * failed message and the later ones of its dossier return to the queue. A message that can never succeed (PERMANENT_FAILURES: off the contract, unknown
 * dossier or handoff) goes to the agency's dead-letter queue at once, and any other on its last
 * receive (the queue's maxReceiveCount): the consumer sends the copy itself, with the reason as a
 * message attribute, and acknowledges the original. Each failure is also written to the table
 * with its reason (functions/failures); `deadLettered` is true only once the copy is in the DLQ.
 */
const logger = new Logger({ serviceName: 'transfer-consumer' });
const services = servicesFromEnvironment();
const queueNamePrefix = requireEnv('QUEUE_NAME_PREFIX');
const maxReceiveCount = process.env.MAX_RECEIVE_COUNT ? Number(process.env.MAX_RECEIVE_COUNT) : DEFAULT_MAX_RECEIVE_COUNT;
const failures = new FailureRecorder(services.failures.log, {
  queueNamePrefix,
  onWriteFailed: (what, error) => logger.error(`Handoff ${what}`, { error: error as Error }),
});
const deadLetters = new DeadLetterSender(queueNamePrefix);

async function consumeRecord(record: SQSRecord): Promise<void> {
  const log = keyedLogger(logger, { messageId: record.messageId });
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
    const reason = isDomainError(error) ? error.code : 'UNEXPECTED';
    log.warn('Handoff not delivered', { reason, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
    if (PERMANENT_FAILURES.has(reason) || receiveCountOf(record) >= maxReceiveCount) {
      try {
        await deadLetters.send(record, reason, message?.toAgency);
        await failures.failed(record, error, message, { deadLettered: true });
        log.warn('Handoff message dead-lettered', { reason });
        return; // acknowledged: the batch processor deletes the original
      } catch (sendError) {
        // The queue's redrive policy takes it on a later receive instead.
        log.error('Handoff message could not be dead-lettered', { error: sendError as Error });
      }
    }
    await failures.failed(record, error, message, { deadLettered: false });
    throw error;
  }
  await failures.succeeded(record, message);
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  // A processor per invocation: outside Lambda's own runtime the processor keeps the batch in its
  // instance fields, and the local pollers run this handler for several queues at once. Shared,
  // one batch's failures were answered in another's and the failed messages deleted: lost.
  // Dossiers (message groups) side by side, each dossier's messages in order; a failure holds back
  // only the rest of its own dossier (queue/grouped-processor.ts).
  const processor = GroupedBatchProcessor.fifo();
  return processPartialResponse(event, consumeRecord, processor, { context });
};

import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { PORTAL_FAILURE_AGENCY } from '#failures/failure-record';
import { DEFAULT_MAX_RECEIVE_COUNT } from '#failures/recorder';
import { REDRIVE_COUNT_ATTRIBUTE } from '#failures/redrive-attributes';
import { failureSubjectOf } from '#failures/subject';
import { type PortalClient, portalErrorCode } from '#portal/client';
import { servicesFromEnvironment } from '../services';
import { backOff, backoffFromEnvironment } from './backoff';
import { parsePortalSyncMessage } from './message';
import { DEFAULT_RETRY, httpPortalClient } from './portal-client';
import { portalConnectionFromEnvironment } from './portal-config';

/**
 * The portal sync sender: each message names a dossier event; the dossier's current state and new
 * steps go to the national portal, and the acknowledged version is recorded. Other dossiers go on
 * when one fails (skipGroupOnError); a failed message comes back after its back-off (backoff.ts;
 * a refusal at the queue's own pace), and after maxReceiveCount it moves to the DLQ, listed under
 * DVCQG with the portal's reason. Logs carry ids, versions and codes: never the payload (it holds
 * the applicant's name and identifier).
 */
const logger = new Logger({ serviceName: 'portal-sync' });
const services = servicesFromEnvironment();
const maxReceiveCount = Number(process.env.PORTAL_MAX_RECEIVE_COUNT ?? DEFAULT_MAX_RECEIVE_COUNT);
const retry = process.env.PORTAL_RETRY_BASE_MS ? { ...DEFAULT_RETRY, baseMs: Number(process.env.PORTAL_RETRY_BASE_MS) } : DEFAULT_RETRY;
const sqs = new SQSClient({});
const backoff = backoffFromEnvironment();
/** The portal contract's validators (~89 KB), loaded on the first send rather than at init. */
const loadContract = () => import('#portal/contract/validate').then((module) => module.contractErrors);
/** Failures a retry will not cure go back at the queue's own pace, on their way to the DLQ. */
const NOT_PASSING = new Set(['PORTAL_REFUSED', 'PORTAL_OFF_CONTRACT', 'INVALID_MESSAGE']);
/** Exported so fault-injection tests can wrap the portal client (a crash between send and checkpoint). */
export const portalClient: { current: PortalClient } = { current: httpPortalClient(portalConnectionFromEnvironment(), retry) };

async function syncRecord(record: SQSRecord): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 1);
  let dossierId: string | undefined;
  let recovered = false;
  try {
    const message = parsePortalSyncMessage(record.body);
    dossierId = message.dossierId;
    const outcome = await services.portalSync.sync(message.dossierId, portalClient.current, loadContract);
    recovered = outcome.kind === 'ACKNOWLEDGED' && outcome.recovered;
    logger.info('Portal sync', {
      dossierId,
      version: message.version,
      eventType: message.eventType,
      outcome: outcome.kind,
      ...(outcome.kind === 'ACKNOWLEDGED' ? { sentVersion: outcome.version, answer: outcome.answer } : {}),
      lagMs: Date.now() - Date.parse(message.committedAt),
    });
  } catch (error) {
    const reason = portalErrorCode(error);
    logger.warn('Portal sync failed', { dossierId, reason, errorName: (error as Error).name, receiveCount });
    await services.failures.log
      .record({
        agencyCode: PORTAL_FAILURE_AGENCY,
        key: failureSubjectOf(record.body).key,
        dossierId,
        kind: 'PORTAL_SYNC',
        reason,
        errorName: error instanceof Error ? error.name : typeof error,
        message: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        messageId: record.messageId,
        receiveCount,
        deadLettered: receiveCount >= maxReceiveCount,
        at: services.now(),
      })
      .catch((writeError: unknown) => logger.error('Portal sync failure not recorded', { error: writeError as Error }));
    const queueUrl = process.env.PORTAL_SYNC_QUEUE_URL;
    if (queueUrl && !NOT_PASSING.has(reason)) {
      await backOff(sqs, queueUrl, record, backoff).catch((backoffError: unknown) =>
        logger.warn('Portal sync back-off not set', { error: backoffError as Error }),
      );
    }
    throw error;
  }
  // Only after failures (this message's or an earlier one's of the dossier) can a record exist:
  // the healthy path costs no extra write.
  if (recovered || receiveCount > 1 || record.messageAttributes?.[REDRIVE_COUNT_ATTRIBUTE] !== undefined) {
    await services.failures.log
      .clear(PORTAL_FAILURE_AGENCY, failureSubjectOf(record.body).key)
      .catch((writeError: unknown) => logger.error('Portal sync failure record not cleared', { error: writeError as Error }));
  }
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  // A processor per invocation (see transfer-consumer/handler.ts for why).
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(event, syncRecord, processor, { context, skipGroupOnError: true });
};

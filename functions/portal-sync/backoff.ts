import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

export interface BackoffSettings {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * Back-off across receives: a failed message is hidden for base × 2^(receives − 1) seconds (full
 * jitter, at most max) instead of the queue's fixed visibility time-out, so a portal outage is
 * ridden out over hours (30 s, 1, 2, 4, 8 min, then 15 min each: about 4 hours in 20 receives)
 * without hammering the portal when it comes back.
 */
export function backoffSeconds(receiveCount: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxSeconds, settings.baseSeconds * 2 ** Math.max(0, receiveCount - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

export const backoffFromEnvironment = (): BackoffSettings => ({
  baseSeconds: Number(process.env.PORTAL_BACKOFF_BASE_SECONDS ?? 30),
  maxSeconds: Number(process.env.PORTAL_BACKOFF_MAX_SECONDS ?? 900),
});

/** Hides the failed message for its back-off. A failure to do so only means the queue's own time-out applies. */
export async function backOff(sqs: SQSClient, queueUrl: string, record: SQSRecord, settings: BackoffSettings): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 1);
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: backoffSeconds(receiveCount, settings),
    }),
  );
}

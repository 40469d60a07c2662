import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SqsHandler } from './pollers/sqs-poller';
import { type SqsPoller, startSqsPoller } from './pollers/sqs-poller';
import { LOCAL_PORTAL_CREDENTIALS, type PortalEmulator, startPortalEmulator } from './portal-emulator/server';
import { type AgencyQueues, provisionPortalSyncQueues } from './provision';

export interface LocalPortalSyncOptions {
  sqs: SQSClient;
  sqsEndpoint: string;
  queueNamePrefix: string;
  /** A portal (emulator) already running; else one is started here and stopped with the rest. */
  portalUrl?: string | undefined;
  /** Receive loops on the queue at once, as Lambda runs several for a FIFO queue with many groups. */
  concurrency?: number;
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  sqsWaitTimeSeconds?: number | undefined;
  /** The sender's back-off between receives (AWS: 30 s doubling to 15 min); locally 2 s to 30 s, so a demo recovers while you watch. */
  backoff?: { baseSeconds: number; maxSeconds: number };
}

export interface LocalPortalSync {
  portalUrl: string;
  emulator: PortalEmulator | undefined;
  queues: AgencyQueues;
  /** Starts the sender's poller: call once the handlers are imported (after the environment is set). */
  startSender(handler: SqsHandler, onError?: (message: string, error: unknown) => void): SqsPoller;
  stop(): Promise<void>;
}

/**
 * The national portal's side of the local platform: the sync queue and DLQ, the environment the
 * relay and the sender read (the queue URL; the portal's endpoint and credentials, which on AWS
 * come from Secrets Manager), the portal emulator, and the sender's poller.
 */
export async function startLocalPortalSync(options: LocalPortalSyncOptions): Promise<LocalPortalSync> {
  const queues = await provisionPortalSyncQueues(options.sqs, options.queueNamePrefix, {
    ...(options.visibilityTimeoutSeconds ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds } : {}),
    ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
  });
  const emulator = options.portalUrl ? undefined : await startPortalEmulator();
  const portalUrl = options.portalUrl ?? emulator!.url;
  Object.assign(process.env, {
    PORTAL_SYNC_QUEUE_URL: queues.queueUrl,
    PORTAL_ENDPOINT: portalUrl,
    PORTAL_USERNAME: LOCAL_PORTAL_CREDENTIALS.username,
    PORTAL_PASSWORD: LOCAL_PORTAL_CREDENTIALS.password,
    ...(options.maxReceiveCount ? { PORTAL_MAX_RECEIVE_COUNT: String(options.maxReceiveCount) } : {}),
    PORTAL_BACKOFF_BASE_SECONDS: String(options.backoff?.baseSeconds ?? 2),
    PORTAL_BACKOFF_MAX_SECONDS: String(options.backoff?.maxSeconds ?? 30),
  });
  let poller: SqsPoller | undefined;
  return {
    portalUrl,
    emulator,
    queues,
    startSender(handler, onError) {
      poller = startSqsPoller({
        ...(onError ? { onError } : {}),
        endpoint: options.sqsEndpoint,
        queues: Array.from({ length: options.concurrency ?? 4 }, () => queues),
        handler,
        functionName: 'portal-sync',
        waitTimeSeconds: options.sqsWaitTimeSeconds,
      });
      return poller;
    },
    async stop() {
      await poller?.stop();
      await emulator?.stop();
    },
  };
}

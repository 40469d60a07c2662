import type { SqsHandler, SqsPoller } from '../../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { type PortalEmulator, startPortalEmulator } from '../../local/portal-emulator/server';
import { type LocalPortalSync, startLocalPortalSync } from '../../local/portal-sync';
import { RELAY_MAPPING } from '../../local/relay-mapping';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

export interface SyncHarness {
  fixture: ProvinceFixture;
  emulator: PortalEmulator;
  portal: LocalPortalSync;
  relay: StreamPoller;
  sender: SqsPoller;
  /** Waits until every event is relayed and every sync message handled (or dead-lettered). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface SyncHarnessOptions {
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  concurrency?: number;
  /** Keeps the sender's warnings and the poller's retry notices off the console (fault runs fail thousands of sends). */
  quiet?: boolean;
  /** Wraps the sender handler (e.g. to crash it between send and checkpoint). */
  wrapSender?: (handler: SqsHandler) => SqsHandler;
}

/**
 * A province table on the shared emulators, its own portal emulator (its faults concern this file
 * alone), the portal sync queue, the real relay on the table's stream and the real sender on the
 * queue: the outbound half of issue 10 end to end.
 */
export async function startSyncHarness(options: SyncHarnessOptions = {}): Promise<SyncHarness> {
  const fixture = await setUpProvince();
  const emulator = await startPortalEmulator();
  const portal = await startLocalPortalSync({
    sqs: fixture.sqs,
    sqsEndpoint: fixture.sqsEndpoint,
    queueNamePrefix: fixture.queueNamePrefix,
    portalUrl: emulator.url,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 1,
    maxReceiveCount: options.maxReceiveCount ?? 5,
    concurrency: options.concurrency ?? 4,
    sqsWaitTimeSeconds: 1,
    backoff: { baseSeconds: 1, maxSeconds: 2 },
  });
  process.env.PORTAL_RETRY_BASE_MS = '20';
  if (options.quiet) process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const [{ handler: relayHandler }, { handler: senderHandler }] = await Promise.all([
    import('#relay/handler'),
    import('#portal-sync/handler'),
  ]);
  const relay = await startStreamPoller({
    ...RELAY_MAPPING,
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: relayHandler,
    startingPosition: 'TRIM_HORIZON',
  });
  const sender = portal.startSender(
    (options.wrapSender ?? ((handler) => handler))(senderHandler as SqsHandler),
    options.quiet ? () => undefined : undefined,
  );
  return {
    fixture,
    emulator,
    portal,
    relay,
    sender,
    async settle(timeoutMs = 60_000) {
      await relay.drain(timeoutMs);
      await sender.drain(timeoutMs);
    },
    async stop() {
      await relay.stop();
      await portal.stop();
      await emulator.stop();
    },
  };
}

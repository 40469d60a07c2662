import { SQSClient } from '@aws-sdk/client-sqs';
import type { PortalClient } from '#portal/client';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import type { SqsHandler } from '../local/pollers/sqs-poller';
import { startStreamPoller } from '../local/pollers/stream-poller';
import { startLocalPortalSync } from '../local/portal-sync';
import { RELAY_MAPPING } from '../local/relay-mapping';
import { receptionOfficer, submitInput, transition } from './dossier-flow';
import { section } from './format';
import { Arrivals, type HandoffRow, inParallel, measure, printRows, startBaselines } from './pipeline-loop';
import type { Platform } from './platform';

/**
 * Bench 5: the national portal sync lag, from a dossier's commit (the accept mutation returns) to
 * the portal (emulator) acknowledging that version, through the stream poller, the relay, the portal
 * sync FIFO queue, the SQS poller and the sender (three reads, the HTTP calls, one conditional
 * write); beside the raw stream round trip (PutItem → stream poller, empty handler) measured in the
 * same run. Closed loop as in bench 4.
 */
export interface PortalSyncBenchOptions {
  syncs: number;
  concurrencies: number[];
}

const QUEUE_PREFIX = 'bench-portal-';
const THINK_MS = 500;
const PREPARE_CONCURRENCY = 8;

export async function runPortalSyncBench(
  platform: Platform,
  sqsEndpoint: string,
  options: PortalSyncBenchOptions,
): Promise<{ rows: HandoffRow[] }> {
  section('5. Portal sync lag: commit → the portal (DVCQG emulator) acknowledged that version, next to the raw stream round trip');
  process.env.AWS_ENDPOINT_URL_SQS = sqsEndpoint;
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const local = await startLocalPortalSync({ sqs, sqsEndpoint, queueNamePrefix: QUEUE_PREFIX, concurrency: 4 });
  const [relay, sender] = await Promise.all([import('#relay/handler'), import('#portal-sync/handler')]);
  const arrivals = new Arrivals();
  const real = sender.portalClient.current;
  sender.portalClient.current = {
    sendSteps: (request) => real.sendSteps(request),
    sendDossier: async (request) => {
      const answer = await real.sendDossier(request);
      arrivals.arrive(`${request.data.MaHoSo}#${String(request.data.PhienBan)}`);
      return answer;
    },
  } satisfies PortalClient;
  // LATEST: the other benches' dossiers are not this bench's to sync.
  const stream = await startStreamPoller({
    endpoint: platform.dynamoEndpoint,
    tableName: platform.tableName,
    handler: relay.handler,
    filter: RELAY_MAPPING.filter,
    startingPosition: 'LATEST',
  });
  const senderPoller = local.startSender(sender.handler as SqsHandler);
  const baselines = await startBaselines(platform, sqsEndpoint);
  const communes = platform.communes.slice(0, 16).map((commune) => commune.code);
  const rows: HandoffRow[] = [];
  try {
    for (const concurrency of options.concurrencies) {
      const think = concurrency === 1 ? THINK_MS : 0;
      rows.push(
        await measure('stream', 'raw PutItem → stream poller, empty handler', concurrency, options.syncs, () => baselines.putItem(), think),
      );
      const accept = await prepare(platform, communes, options.syncs, arrivals);
      rows.push(await measure('handoff', 'portal sync: accept returns → portal acknowledged', concurrency, options.syncs, accept, think));
    }
  } finally {
    await Promise.all([stream.stop(), senderPoller.stop(), baselines.stop()]);
    await local.stop();
    sqs.destroy();
  }
  console.log(
    `  ${options.syncs} per row; dossiers (certification, 2.000815) submitted beforehand, untimed, over ${communes.length} communes. ` +
      `The sender sends the dossier's current state and its new steps (here: submission and acceptance) and records the ` +
      `acknowledged version; 4 receive loops on the sync queue, as Lambda runs several for a FIFO queue of many groups.`,
  );
  printRows(rows);
  return { rows };
}

/** Submits `count` dossiers (untimed) and returns the unit that accepts the next one and waits for the portal's acknowledgement. */
async function prepare(platform: Platform, communes: string[], count: number, arrivals: Arrivals): Promise<() => Promise<number>> {
  const ready: { commune: string; id: string; version: number }[] = [];
  await inParallel(count, PREPARE_CONCURRENCY, async (index) => {
    const commune = communes[index % communes.length]!;
    const submitted = await transition(
      platform.gql,
      'submit',
      { input: submitInput('simple', commune) },
      receptionOfficer(commune, 'tn-bench'),
      'minimal',
    );
    if (!submitted.dossier) throw new Error(`submit failed: ${submitted.outcome.message}`);
    ready.push({ commune, ...submitted.dossier });
  });
  return async () => {
    const { commune, id, version } = ready.pop()!;
    const accepted = await transition(platform.gql, 'accept', { id, v: version }, receptionOfficer(commune, 'tn-bench'), 'minimal');
    const committed = performance.now();
    if (!accepted.dossier?.code) throw new Error(`accept failed: ${accepted.outcome.message}`);
    return arrivals.after(`${accepted.dossier.code}#${accepted.dossier.version}`, committed);
  };
}

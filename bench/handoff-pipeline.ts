import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { messagesOf } from '#queue/outbox';
import { createDocumentClient } from '#store/clients';
import { servicesForTable } from '../functions/services';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { TRANSFER_CONSUMER_MAPPING } from '../local/consumer-mapping';
import { type SqsPoller, startSqsPoller } from '../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../local/pollers/stream-poller';
import { provisionAgencyQueues } from '../local/provision';
import { RELAY_MAPPING } from '../local/relay-mapping';
import { receptionOfficer, transition } from './dossier-flow';
import { cloneDossiers, type Item } from './handoff-open';
import { emptyStages, type Stages } from './handoff-report';
import { Arrivals, inParallel } from './pipeline-loop';
import type { Platform } from './platform';

/**
 * The handoff bench's pipeline (bench/handoff.ts): the real relay and consumer behind the local
 * pollers, the dossiers they hand off, and the stage times of each handoff.
 */

const QUEUE_PREFIX = 'bench-';

/** `count` communes, taking one from each district in turn. */
export function spreadOverDistricts(communes: readonly Site[], count: number): Site[] {
  const byDistrict = new Map<string, Site[]>();
  for (const commune of communes) byDistrict.set(commune.districtCode, [...(byDistrict.get(commune.districtCode) ?? []), commune]);
  const chosen: Site[] = [];
  for (let round = 0; chosen.length < count && round < communes.length; round += 1) {
    for (const list of byDistrict.values()) if (list[round] && chosen.length < count) chosen.push(list[round]!);
  }
  return chosen;
}

export interface Prepared {
  site: Site;
  id: string;
  version: number;
}

export interface HandoffPipeline {
  /** `count` dossiers ready for a transfer, spread over the sites (copies of one received dossier per site, untimed). */
  prepare(count: number, sites: readonly Site[]): Promise<Prepared[]>;
  /** Transfers the dossier to its district; resolves at the commit, with the latency until its delivery. */
  send(dossier: Prepared): Promise<{ latency: Promise<number> }>;
  /** The stage times of the handoffs delivered since the last call. */
  takeStages(): Stages;
  /** A closed-loop unit that transfers the next of these dossiers and resolves with its latency. */
  closedUnit(ready: Prepared[]): () => Promise<number>;
  stop(): Promise<void>;
}

export interface Site {
  code: string;
  districtCode: string;
}

/** The real relay and consumer behind the pollers, on the platform's table and the emulator's queues. */
export async function startHandoffPipeline(
  platform: Platform,
  sqsEndpoint: string,
  sites: readonly Site[],
  via: 'service' | 'graphql',
): Promise<HandoffPipeline> {
  // The handlers build their SQS clients from the environment when imported: point them at the emulator.
  process.env.AWS_ENDPOINT_URL_SQS = sqsEndpoint;
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const districts = [...new Set(sites.map((site) => site.districtCode))];
  const queues = await provisionAgencyQueues(sqs, { queueNamePrefix: QUEUE_PREFIX, agencyCodes: districts });
  sqs.destroy();
  const [relay, consumer] = await Promise.all([import('#relay/handler'), import('#transfer-consumer/handler')]);
  const arrivals = new Arrivals();
  // Where each handoff's time goes: when its relay batch returned, when its consumer batch began.
  const relayedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  let stages: Stages = emptyStages();
  const timedRelay = async (event: DynamoDBStreamEvent, context: never): Promise<DynamoDBBatchResponse> => {
    const response = await relay.handler(event, context);
    const at = performance.now();
    for (const record of event.Records) {
      const outbox = relay.outboxEventOf(record);
      for (const message of outbox ? messagesOf(outbox) : []) if (!relayedAt.has(message.handoffId)) relayedAt.set(message.handoffId, at);
    }
    return response;
  };
  const timedConsumer = async (event: SQSEvent, context: never): Promise<SQSBatchResponse> => {
    const began = performance.now();
    for (const record of event.Records) {
      const { handoffId } = JSON.parse(record.body) as { handoffId: string };
      if (!receivedAt.has(handoffId)) receivedAt.set(handoffId, began);
    }
    const response = await consumer.handler(event, context);
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const at = performance.now();
    for (const record of event.Records) {
      if (!failed.has(record.messageId)) arrivals.arrive((JSON.parse(record.body) as { handoffId: string }).handoffId, at);
    }
    return response;
  };
  // LATEST: the table already holds the other benches' transfers; they are not this bench's to relay.
  const stream: StreamPoller = await startStreamPoller({
    endpoint: platform.dynamoEndpoint,
    tableName: platform.tableName,
    ...RELAY_MAPPING,
    handler: timedRelay as never,
    startingPosition: 'LATEST',
  });
  const sqsPoller: SqsPoller = startSqsPoller({
    ...TRANSFER_CONSUMER_MAPPING,
    endpoint: sqsEndpoint,
    queues: [...queues.values()],
    handler: timedConsumer as never,
  });
  // One dossier received through the handler per site: the template its copies are made from.
  const templates = new Map<string, Item>();
  await inParallel(sites.length, PREPARE_CONCURRENCY, async (index) => {
    const site = sites[index]!;
    const { id } = await receivedDossier(platform, site.code);
    const { Item } = await platform.raw.send(
      new GetItemCommand({
        TableName: platform.tableName,
        Key: { PK: { S: `DOSSIER#${id}` }, SK: { S: 'DOSSIER' } },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new Error(`The received dossier ${id} is not in the table`);
    templates.set(site.code, Item);
  });
  // The sender's own services (and client): the transfer use case as the resolver calls it, without
  // GraphQL, whose CPU would otherwise come out of the relay's and consumer's share of this one process.
  const services = via === 'service' ? servicesForTable(platform.tableName, { db: createDocumentClient() }) : undefined;
  const transfer = async ({ site, id, version }: Prepared): Promise<string | undefined> => {
    if (services) {
      const caller = { officerId: 'tn-bench', name: 'Tiếp nhận', agencyCode: site.code, roles: ['RECEPTION_OFFICER'] };
      return (await services.dossiers.transfer(caller, { id, toAgency: site.districtCode, expectedVersion: version })).handoff?.id;
    }
    const response = await platform.gql<{ transferDossier: { pendingHandoff: { id: string } | null } }>(
      `mutation ($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { pendingHandoff { id } } }`,
      { id, to: site.districtCode, v: version },
      receptionOfficer(site.code, 'tn-bench'),
    );
    const handoffId = response.data?.transferDossier.pendingHandoff?.id;
    if (!handoffId) throw new Error(`transfer failed: ${JSON.stringify(response.errors)}`);
    return handoffId;
  };
  const send = async (dossier: Prepared) => {
    const handoffId = await transfer(dossier);
    const committed = performance.now();
    if (!handoffId) throw new Error(`transfer of ${dossier.id} sent no handoff`);
    const latency = arrivals.after(handoffId, committed).then((ms) => {
      const relayed = relayedAt.get(handoffId);
      const received = receivedAt.get(handoffId);
      if (relayed !== undefined && received !== undefined) {
        stages.relay.push(relayed - committed);
        stages.queue.push(received - relayed);
        stages.consumer.push(committed + ms - received);
      }
      relayedAt.delete(handoffId);
      receivedAt.delete(handoffId);
      return ms;
    });
    return { latency };
  };
  return {
    async prepare(count, wanted) {
      const ready: Prepared[] = [];
      await inParallel(wanted.length, PREPARE_CONCURRENCY, async (index) => {
        const site = wanted[index]!;
        const share = Math.floor(count / wanted.length) + (index < count % wanted.length ? 1 : 0);
        for (const clone of await cloneDossiers(platform, templates.get(site.code)!, share)) ready.push({ site, ...clone });
      });
      // Interleaved by site, as the closed loop and the open schedule take them in turn.
      return ready.sort((a, b) => a.id.localeCompare(b.id));
    },
    send,
    takeStages() {
      const taken = stages;
      stages = emptyStages();
      return taken;
    },
    closedUnit(ready) {
      return async () => (await send(ready.pop()!)).latency;
    },
    async stop() {
      await Promise.all([stream.stop(), sqsPoller.stop()]);
    },
  };
}

/** Dossiers received at once while preparing the templates. */
const PREPARE_CONCURRENCY = 8;

/** Submitted and accepted, untimed: the dossier a handoff starts from. */
async function receivedDossier(platform: Platform, commune: string): Promise<{ id: string; version: number }> {
  const claims = receptionOfficer(commune, 'tn-bench');
  const submitted = await transition(platform.gql, 'submit', { input: submitInputFor(commune) }, claims, 'minimal');
  const accepted =
    submitted.dossier &&
    (await transition(platform.gql, 'accept', { id: submitted.dossier.id, v: submitted.dossier.version }, claims, 'minimal'));
  if (!accepted?.dossier)
    throw new Error(`could not receive a dossier at ${commune}: ${accepted?.outcome.message ?? submitted.outcome.message}`);
  return accepted.dossier;
}

const submitInputFor = (commune: string) => ({
  procedureCode: '1.001776',
  applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: commune } },
  documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
});

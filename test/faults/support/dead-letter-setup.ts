import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import type { Dossier } from '#domain/dossier';
import { createDocumentClient } from '#store/clients';
import { type Services, servicesForTable } from '../../../functions/services';
import { createStore, type Store } from '../../../functions/store';
import { type Claims, graphqlClient } from '../../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../../support/province-fixture';
import { blockDossierReads } from './blocking';
import { Counters } from './counters';
import { receivedDossier } from './handoff-driver';
import { type Pipeline, startPipeline } from './pipeline';

/** Bạch Thông district and two of its communes; another district for "not your agency". */
export const COMMUNE = '06.063.02014';
export const DISTRICT = '06.063';
export const OTHER_DISTRICT = '06.058';

export const officer = (agency: string, roles: string, sub = `${roles.toLowerCase()}-${agency}`): Claims => ({ sub, agency, roles });

/** One province with the real GraphQL handler, relay and consumer, and a switch that dead-letters chosen dossiers. */
export interface DeadLetterSetup {
  fixture: ProvinceFixture;
  pipeline: Pipeline;
  gql: ReturnType<typeof graphqlClient>;
  services: Services;
  db: DynamoDBDocumentClient;
  /** The failure records, read straight from the table (fixture checks). */
  failures: Store['failures'];
  /** Dossiers whose messages the consumer cannot read (throttled on every receive). */
  blocked: Set<string>;
  /** Handoff id → how many times the consumer was handed a message of it. */
  receipts: Map<string, number>;
}

export async function setUpDeadLetters(): Promise<DeadLetterSetup> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const fixture = await setUpProvince({ queues: true });
  // The admin redrive function answers in-process here, as in local runs.
  await import('../../../local/in-process-redrive');
  const [relay, consumer, clients, graphql] = await Promise.all([
    import('#relay/handler'),
    import('#transfer-consumer/handler'),
    import('#store/clients'),
    import('#graphql/handler'),
  ]);
  const blocked = new Set<string>();
  blockDossierReads(clients.sharedDocumentClient(), blocked);
  const receipts = new Map<string, number>();
  const db = createDocumentClient();
  const failures = createStore(db, fixture.tableName).failures;
  const pipeline = await startPipeline({
    fixture,
    relay: relay.handler,
    consumer: async (event: SQSEvent, context) => {
      for (const record of event.Records) {
        const handoffId = handoffIdOf(record.body);
        receipts.set(handoffId, (receipts.get(handoffId) ?? 0) + 1);
      }
      return consumer.handler(event, context);
    },
    agencyCodes: [COMMUNE, DISTRICT],
    counters: new Counters(),
    failures,
    // These tests count each message's receives. With the test's 1 s visibility timeout, a second
    // batch of the same queue would receive again a message the first is still handling on a loaded
    // machine (on AWS the timeout is far above the handler's time); one batch at a time keeps the count exact.
    consumerConcurrency: 1,
  });
  return {
    fixture,
    pipeline,
    gql: graphqlClient(graphql.handler as Parameters<typeof graphqlClient>[0]),
    services: servicesForTable(fixture.tableName, { db: db }),
    db,
    failures,
    blocked,
    receipts,
  };
}

/** A dossier transferred from the commune to the district whose handoff message ends in the district's DLQ. */
export async function deadLetteredHandoff(world: DeadLetterSetup): Promise<Dossier> {
  const dossier = await receivedDossier(world.services, { commune: COMMUNE, district: DISTRICT });
  world.blocked.add(dossier.id);
  const head = (await world.services.dossiers.get(dossier.id))!;
  const reception = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };
  const sent = await world.services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: head.version });
  await world.pipeline.settle();
  world.blocked.delete(dossier.id);
  return sent;
}

function handoffIdOf(body: string): string {
  try {
    return String((JSON.parse(body) as { handoffId?: unknown }).handoffId ?? 'unreadable');
  } catch {
    return 'unreadable';
  }
}

import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Figures, figuresOf, foldEvents, periodOf } from '#domain/quality';
import { servicesForTable } from '#services/index';
import { startStreamPoller } from '../../local/pollers/stream-poller';
import { PROJECTOR_MAPPING } from '../../local/projector-mapping';
import { useEmulators } from '../support/emulators';
import { scenarioEvents, scenarioStories } from './scenario';

/**
 * The projector on DynamoDB Local's stream: the scenario's events committed as the store commits
 * them, counted once by the real handler, and a replay of the whole stream changing nothing.
 */
const emulators = useEmulators();
const db = DynamoDBDocumentClient.from(emulators.dynamo, { marshallOptions: { removeUndefinedValues: true } });
const january = { kind: 'MONTH' as const, year: 2026, number: 1 };

beforeAll(async () => {
  await emulators.createTable();
});

async function readFromStream(): Promise<void> {
  const { handler } = await import('#projector/handler');
  const poller = await startStreamPoller({
    ...PROJECTOR_MAPPING,
    endpoint: emulators.dynamoEndpoint,
    tableName: emulators.tableName,
    handler,
    functionName: 'projector',
    startingPosition: 'TRIM_HORIZON',
    pollIntervalMs: 50,
  });
  try {
    await poller.drain(60_000);
  } finally {
    await poller.stop();
  }
}

const MAIN: (keyof Figures)[] = ['received', 'carriedOver', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'inProcessOnTime', 'inProcessOverdue', 'supplements', 'apologies', 'ratings', 'paidOnline', 'eResults'];
const pick = (f: Figures) => Object.fromEntries(MAIN.map((name) => [name, f[name]]));

describe('the statistics projector on the table stream', () => {
  it('counts each committed event once, and a replay of the stream gives the same aggregates', async () => {
    // Dossiers in parallel, each one's events in order (as its transactions commit them).
    await Promise.all(
      scenarioStories().map(async (story) => {
        for (const event of story.events) {
          await db.send(new PutCommand({ TableName: emulators.tableName, Item: { PK: `DOSSIER#${event.dossierId}`, SK: `EVENT#${String(event.version).padStart(8, '0')}`, entity: 'EVENT', ...event } }));
        }
      }),
    );
    await readFromStream();
    const services = servicesForTable(emulators.tableName, { db });
    const first = await services.quality.overview(january);
    expect(pick(first.scope.figures)).toEqual({ received: 24, carriedOver: 2, resolvedEarly: 5, resolvedOnTime: 5, resolvedLate: 6, inProcessOnTime: 6, inProcessOverdue: 4, supplements: 6, apologies: 3, ratings: 7, paidOnline: 1, eResults: 2 });
    expect(first.scope.score.points).toBe(20.27);
    // Per agency, the store's figures equal the pure fold of the same events.
    const { cells } = foldEvents(scenarioEvents());
    for (const row of first.rows) {
      expect(row.figures).toEqual(figuresOf([...cells.values()].filter((cell) => cell.agency === row.code), periodOf('MONTH', 2026, 1)));
    }

    // The whole stream again, from its start and without checkpoints: every event is a duplicate.
    await readFromStream();
    expect(await services.quality.overview(january)).toEqual(first);

    const late = await services.quality.drillDown(january, 'resolvedLate', { agency: 'SO_TP', procedure: 'A1' });
    expect(late.map((dossier) => [dossier.dossierId, dossier.apologies])).toEqual([['a03', 1], ['a05', 0], ['a10', 0], ['a12', 0]]);
    expect(late[0]?.lastApology?.reason).toBe('Cần xác minh');
  });

  it('refuses an event whose predecessor was never counted, and counts nothing for it', async () => {
    const services = servicesForTable(emulators.tableName, { db });
    const before = await services.quality.overview(january);
    const [orphan] = scenarioStories()[0]?.events.slice(1) ?? [];
    if (!orphan) throw new Error('no event');
    await expect(services.quality.project({ ...orphan, dossierId: 'never-submitted' })).rejects.toMatchObject({ code: 'PROJECTION_GAP' });
    await expect(services.quality.overview({ kind: 'MONTH', year: 2026, number: 13 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await services.quality.overview(january)).toEqual(before);
  });
});

import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Figures, figuresOf, foldEvents, periodOf } from '#domain/quality';
import { servicesForTable } from '#services/index';
import { startStreamPoller } from '../../local/pollers/stream-poller';
import { PROJECTOR_MAPPING } from '../../local/projector-mapping';
import { useEmulators } from '../support/emulators';
import { graphqlClient } from '../support/graphql-client';
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

const MAIN: (keyof Figures)[] = [
  'received',
  'carriedOver',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'inProcessOnTime',
  'inProcessOverdue',
  'supplements',
  'apologies',
  'ratings',
  'paidOnline',
  'eResults',
];
const pick = (f: Figures) => Object.fromEntries(MAIN.map((name) => [name, f[name]]));

describe('the statistics projector on the table stream', () => {
  it('counts each committed event once, and a replay of the stream gives the same aggregates', async () => {
    // Dossiers in parallel, each one's events in order (as its transactions commit them).
    await Promise.all(
      scenarioStories().map(async (story) => {
        for (const event of story.events) {
          await db.send(
            new PutCommand({
              TableName: emulators.tableName,
              Item: { PK: `DOSSIER#${event.dossierId}`, SK: `EVENT#${String(event.version).padStart(8, '0')}`, entity: 'EVENT', ...event },
            }),
          );
        }
      }),
    );
    await readFromStream();
    const services = servicesForTable(emulators.tableName, { db });
    const first = await services.quality.overview(january);
    expect(pick(first.scope.figures)).toEqual({
      received: 24,
      carriedOver: 2,
      resolvedEarly: 5,
      resolvedOnTime: 5,
      resolvedLate: 6,
      inProcessOnTime: 6,
      inProcessOverdue: 4,
      supplements: 6,
      apologies: 3,
      ratings: 7,
      paidOnline: 1,
      eResults: 2,
    });
    expect(first.scope.score.points).toBe(20.27);
    // Per agency, the store's figures equal the pure fold of the same events.
    const { cells } = foldEvents(scenarioEvents());
    for (const row of first.rows) {
      expect(row.figures).toEqual(
        figuresOf(
          [...cells.values()].filter((cell) => cell.agency === row.code),
          periodOf('MONTH', 2026, 1),
        ),
      );
    }

    // Month rollups where a month is whole, day cells where a boundary cuts it: the same figures.
    for (const period of [
      { kind: 'MONTH' as const, year: 2026, number: 1, cutoffDay: 15 },
      { kind: 'MONTH' as const, year: 2026, number: 2, cutoffDay: 10 },
      { kind: 'QUARTER' as const, year: 2026, number: 1 },
      { kind: 'MONTH' as const, year: 2025, number: 12 },
    ]) {
      const range = periodOf(period.kind, period.year, period.number, period.cutoffDay ?? 0);
      const overview = await services.quality.overview(period);
      expect(overview.scope.figures, range.label).toEqual(figuresOf(cells.values(), range));
    }

    // The quarterly evaluation's measured on-time criterion reads the same read model: 06.SOTP's
    // January rate is the index's (early + on time) ÷ (resolved + open overdue), as a percentage.
    const sotp = first.rows.find((row) => row.code === '06.SOTP')?.figures;
    if (!sotp) throw new Error('06.SOTP missing from the overview');
    const expected = ((sotp.resolvedEarly + sotp.resolvedOnTime) / (sotp.resolved + sotp.inProcessOverdue)) * 100;
    expect(await services.quality.onTimePercent('06.SOTP', '2026-01-01', '2026-01-31')).toBeCloseTo(expected, 2);
    expect(await services.quality.onTimePercent('06.SOTP', '2020-01-01', '2020-01-31')).toBeNull();

    // The whole stream again, from its start and without checkpoints: every event is a duplicate.
    await readFromStream();
    expect(await services.quality.overview(january)).toEqual(first);

    const late = await services.quality.drillDown(january, 'resolvedLate', { agency: '06.SOTP', procedure: 'A1' });
    expect(late.map((dossier) => [dossier.dossierId, dossier.apologies])).toEqual([
      ['a03', 1],
      ['a05', 0],
      ['a10', 0],
      ['a12', 0],
    ]);
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

  it('answers over GraphQL for those the table allows, with N/A and portal-only indicators as such', async () => {
    const { handler } = await import('#graphql/handler');
    const gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
    const query = `query ($period: PeriodInput!, $agency: String) {
      qualityOverview(period: $period, agency: $agency) {
        period { from to label }
        scope { code figures { received inProcessOverdue } index { points onTime { display } satisfaction { display }
          groups { code points indicators { code status points rate { display } } } } }
        rows { code figures { resolvedLate } }
      }
    }`;
    const admin = { sub: 'admin', agency: '06', roles: 'PROVINCE_ADMIN' };
    const province = await gql<{
      qualityOverview: {
        scope: { figures: { received: number }; index: { points: number; onTime: { display: string }; satisfaction: { display: string } } };
        rows: { code: string }[];
      };
    }>(query, { period: january }, admin);
    expect(province.errors).toBeUndefined();
    expect(province.data?.qualityOverview.scope).toMatchObject({
      figures: { received: 24, inProcessOverdue: 4 },
      index: { points: 20.27, onTime: { display: '50.00 %' }, satisfaction: { display: '71.43 %' } },
    });
    expect(province.data?.qualityOverview.rows.map((row) => row.code)).toEqual(['06.SOTP', '06.XA1']);

    const commune = await gql<{
      qualityOverview: {
        scope: { index: { groups: { indicators: { code: string; status: string; rate: { display: string } | null }[] }[] } };
      };
    }>(query, { period: january, agency: '06.XA1' }, { sub: 'o1', agency: '06.XA1', roles: 'HANDLING_OFFICER' });
    const indicators = commune.data?.qualityOverview.scope.index.groups.flatMap((group) => group.indicators) ?? [];
    expect(indicators.find((item) => item.code === '3.6')).toEqual({
      code: '3.6',
      status: 'NOT_APPLICABLE',
      points: null,
      rate: { display: 'N/A' },
    });
    expect(indicators.find((item) => item.code === '5.4')).toMatchObject({ status: 'PORTAL_ONLY', points: null, rate: null });

    const other = await gql(query, { period: january, agency: '06.SOTP' }, { sub: 'o1', agency: '06.XA1', roles: 'HANDLING_OFFICER' });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wholeProvince = await gql(query, { period: january }, { sub: 'o1', agency: '06.XA1', roles: 'AGENCY_HEAD' });
    expect(wholeProvince.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badPeriod = await gql(query, { period: { kind: 'QUARTER', year: 2026, number: 5 } }, admin);
    expect(badPeriod.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');

    const report = await gql<{
      reportII06a: { period: { from: string; to: string }; rows: { field: string; receivedTotal: number; inProcessOverdue: number }[] };
    }>(
      `query ($period: PeriodInput!) { reportII06a(period: $period) { period { from to } rows { field receivedTotal inProcessOverdue } } }`,
      { period: { kind: 'MONTH', year: 2026, number: 1 } },
      admin,
    );
    // II.06a cuts off on the 15th by default: 15/12/2025 – 14/01/2026.
    expect(report.data?.reportII06a.period).toEqual({ from: '2025-12-15', to: '2026-01-14' });
    expect(report.data?.reportII06a.rows.at(-1)).toMatchObject({ field: 'Tổng cộng' });
  });

  it('catches up a dossier older than the read model from its own history, in one transaction', async () => {
    const services = servicesForTable(emulators.tableName, { db });
    const before = (await services.quality.overview(january)).scope.figures;
    // Committed while no projector ran (its stream records long expired): only its last event reaches the projector.
    const { Story } = await import('./story');
    const old = new Story('old1', { agency: '06.XA1', procedure: 'B2', level: 'COMMUNE' })
      .received('2026-01-10 09:00', '2026-01-12 17:00')
      .supplementRequested('2026-01-11 09:00')
      .supplementReceived('2026-01-12 09:00', '2026-01-14 17:00')
      .issued('2026-01-20 09:00');
    for (const event of old.events) {
      await db.send(
        new PutCommand({
          TableName: emulators.tableName,
          Item: { PK: `DOSSIER#${event.dossierId}`, SK: `EVENT#${String(event.version).padStart(8, '0')}`, entity: 'EVENT', ...event },
        }),
      );
    }
    const last = old.events.at(-1);
    if (!last) throw new Error('no event');
    expect(await services.quality.project(last)).toBe('APPLIED');
    expect(await services.quality.project(last)).toBe('DUPLICATE');
    const after = (await services.quality.overview(january)).scope.figures;
    expect([after.received - before.received, after.resolvedLate - before.resolvedLate, after.supplements - before.supplements]).toEqual([
      1, 1, 1,
    ]);
  });
});

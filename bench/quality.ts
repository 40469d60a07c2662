import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { foldEvents, type StatsEvent } from '#domain/quality';
import { servicesForTable } from '#services/index';
import { createStore } from '#store/index';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/aws-env';
import { ensureTable } from '../local/provision';
import { Story } from '../test/quality/story';
import { fixed, printTable, section } from './format';
import { summarize } from './stats';

/**
 * Report latency over the statistics read model (issue 12) at 2,000 and, with QUALITY_BENCH_FULL=1,
 * 200,000 dossiers of one year: the read model is seeded directly from the pure fold of generated
 * histories (the projector's own figures are the fold's, proven by test/quality), then the reports
 * a province asks for are timed. The projector's own rate is measured on a few hundred dossiers.
 */
const AGENCIES = 60;
const PROCEDURES = 8;

function day(offset: number): string {
  const d = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  return d;
}

/** A year of dossiers: most resolved (some late), some waiting for a supplement, some open. */
export function generatedEvents(count: number, seed = 1): StatsEvent[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const events: StatsEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const received = Math.floor(random() * 360);
    const story = new Story(`g${i}`, {
      agency: `AG${i % AGENCIES}`,
      procedure: `P${i % PROCEDURES}`,
      level: i % 3 ? 'COMMUNE' : 'PROVINCE',
      channel: random() < 0.4 ? 'ONLINE' : 'DIRECT',
    }).received(`${day(received)} 09:00`, `${day(received + 5)} 17:00`);
    const fate = random();
    if (fate < 0.1) story.supplementRequested(`${day(received + 2)} 10:00`);
    else if (fate < 0.95) story.issued(`${day(received + Math.floor(random() * 8))} 15:00`);
    if (fate > 0.5 && fate < 0.8)
      story.returned(`${day(received + 9)} 09:00`).rated(`${day(received + 9)} 09:05`, random() < 0.9 ? 'SATISFIED' : 'DISSATISFIED');
    events.push(...story.events);
  }
  return events;
}

async function time<T>(runs: number, work: () => Promise<T>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function runQualityBench(dynamoEndpoint: string, options: { full: boolean }) {
  section('Statistics read model (issue 12): report latency');
  const raw = new DynamoDBClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: dynamoEndpoint });
  const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const sizes = options.full ? [2_000, 200_000] : [2_000];
  const rows: string[][] = [];
  const results: Record<string, unknown> = {};
  for (const size of sizes) {
    const tableName = `bench-quality-${size}-${Date.now()}`;
    await ensureTable(raw, tableName);
    const services = servicesForTable(tableName, { db });
    const foldStarted = performance.now();
    const { cells } = foldEvents(generatedEvents(size));
    const foldMs = performance.now() - foldStarted;
    const seedStarted = performance.now();
    await createStore(db, tableName).quality.seedCells([...cells.values()]);
    const seedMs = performance.now() - seedStarted;
    const runs = size > 10_000 ? 3 : 7;
    const cases: [string, () => Promise<unknown>][] = [
      ['province, year (index + rows per agency)', () => services.quality.overview({ kind: 'YEAR', year: 2026 })],
      ['province, 12-month trend', () => services.quality.trend('MONTH', 2026)],
      ['one agency, quarter', () => services.quality.overview({ kind: 'QUARTER', year: 2026, number: 4 }, 'AG7')],
      ['II.06a province, year (cut-off 15th)', () => services.quality.reportII06a({ kind: 'YEAR', year: 2026 })],
    ];
    const timings: Record<string, unknown> = {};
    for (const [name, work] of cases) {
      const summary = summarize(await time(runs, work));
      timings[name] = summary;
      rows.push([String(size), String(cells.size), name, fixed(summary.p50), fixed(summary.max)]);
    }
    results[String(size)] = { cells: cells.size, foldMs: Math.round(foldMs), seedMs: Math.round(seedMs), timings };
    console.log(`  ${size} dossiers: ${cells.size} day cells, fold ${fixed(foldMs / 1000)} s, seeded in ${fixed(seedMs / 1000)} s`);
  }
  printTable(['dossiers', 'cells', 'report', 'median ms', 'max ms'], rows, ['dossiers', 'cells', 'median ms', 'max ms']);

  // The projector's own rate: each event is a read of the tracker and one transaction.
  const tableName = `bench-quality-projector-${Date.now()}`;
  await ensureTable(raw, tableName);
  const services = servicesForTable(tableName, { db });
  const events = generatedEvents(300, 7);
  const started = performance.now();
  for (const event of events) await services.quality.project(event);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  projector: ${events.length} events of 300 dossiers applied one by one in ${fixed(seconds)} s (${fixed(events.length / seconds)} events/s)`,
  );
  results.projector = { events: events.length, seconds: Number(seconds.toFixed(2)) };
  raw.destroy();
  return results;
}

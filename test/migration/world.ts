import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuccessorTable } from '#domain/migration';
import { provinceAgencies, seedProvince, UNIT_LISTS } from '#seed/seed';
import { type MigrationDeps, type MigrationReport, migrateProvince, type TableRef } from '#services/migration';
import { createDocumentClient } from '#store/clients';
import type { AgencyQueues } from '../../local/provision';
import { ensureTable } from '../../local/provision';
import { type TestEmulators, useEmulators } from '../support/emulators';
import { tableSnapshot } from '../support/table-snapshot';
import { type ProvinceServices, provinceServices } from './services';
import { stepClock } from './stories';

export const SUCCESSORS = JSON.parse(
  readFileSync(new URL('../../data/units/commune-successors-2025-07.json', import.meta.url), 'utf8'),
) as SuccessorTable;

export interface World extends TestEmulators {
  db: DynamoDBDocumentClient;
  /** The merged province (two-tier Thái Nguyên, 19): the handlers' table. */
  target: TableRef;
  /** Pre-merge Bắc Kạn (06) and Thái Nguyên (19), three-tier. */
  sources: TableRef[];
  /** The services over a table (a source's clock moves an hour per action from 02/06/2025; the target's is real). */
  services: (table: TableRef) => ProvinceServices;
  queues: Map<string, AgencyQueues>;
  digests: () => Promise<string[]>;
  migrate: (options?: {
    dryRun?: boolean;
    sources?: TableRef[];
    target?: TableRef;
    deps?: Partial<MigrationDeps>;
  }) => Promise<MigrationReport>;
}

/**
 * A merged province and its two pre-merge provinces, each in its own table on the shared
 * emulators: the target seeded from the two-tier list (with its agencies' queues, when asked),
 * the sources from the three-tier list, as their deployments seeded them.
 */
export async function setUpWorld(options: { queues?: boolean; sourceProvinces?: string[] } = {}): Promise<World> {
  const emulators = useEmulators({ provinceCode: '19' });
  const db = createDocumentClient(emulators.dynamo);
  await emulators.createTable();
  const target = { provinceCode: '19', tableName: emulators.tableName };
  const sources = (options.sourceProvinces ?? ['06', '19']).map((provinceCode) => ({
    provinceCode,
    tableName: `${emulators.tableName}-p${provinceCode}`,
  }));
  await Promise.all([
    seedProvince({ tableName: target.tableName, provinceCode: '19', unitsEdition: '2025-07', db }),
    ...sources.map(async (source) => {
      await ensureTable(emulators.dynamo, source.tableName);
      await seedProvince({ tableName: source.tableName, provinceCode: source.provinceCode, unitsEdition: '2025-03', db });
    }),
  ]);
  const queues = options.queues
    ? await emulators.createQueues(provinceAgencies('19', '2025-07').map((agency) => agency.code))
    : new Map<string, AgencyQueues>();
  const clocks = new Map<string, () => Date>();
  return {
    ...emulators,
    db,
    target,
    sources,
    queues,
    services: (source) => {
      // The merged province acts now, after the migration; the pre-merge ones in June 2025.
      if (source.tableName === target.tableName) return provinceServices(db, source.tableName);
      if (!clocks.has(source.tableName)) clocks.set(source.tableName, stepClock());
      return provinceServices(db, source.tableName, clocks.get(source.tableName)!);
    },
    digests: () => Promise.all([target, ...sources].map((table) => tableSnapshot(emulators.dynamo, table.tableName))),
    migrate: (run = {}) =>
      migrateProvince(
        {
          db,
          successors: SUCCESSORS,
          units: { before: UNIT_LISTS['2025-03'], after: UNIT_LISTS['2025-07'] },
          now: () => new Date('2025-07-01T01:00:00Z'),
          ...run.deps,
        },
        { target: run.target ?? target, sources: run.sources ?? sources, dryRun: run.dryRun ?? false },
      ),
  };
}

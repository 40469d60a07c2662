import { provinceAgencies, seedProvince, type UnitsEdition } from '#seed/seed';
import type { AgencyQueues } from '../../local/provision';
import { type TestEmulators, useEmulators } from './emulators';

export interface ProvinceFixture extends TestEmulators {
  provinceCode: string;
  /** Agency code → its queue and DLQ, when queues were asked for. */
  queues: Map<string, AgencyQueues>;
}

/**
 * A province of its own for one test file: a fresh table (and, if asked, every agency's queues)
 * on the shared emulators, seeded as `npm start` seeds it, with the handler environment set so
 * the real Lambda handlers can be imported afterwards.
 */
export async function setUpProvince(
  options: { provinceCode?: string; unitsEdition?: UnitsEdition; queues?: boolean } = {},
): Promise<ProvinceFixture> {
  // The suites were written for three-tier Bắc Kạn (06); the product's default (two-tier 19) is asked for explicitly.
  const provinceCode = options.provinceCode ?? '06';
  const unitsEdition = options.unitsEdition ?? '2025-03';
  const emulators = useEmulators({ provinceCode });
  await emulators.createTable();
  await seedProvince({ tableName: emulators.tableName, provinceCode, unitsEdition });
  const queues = options.queues
    ? await emulators.createQueues(provinceAgencies(provinceCode, unitsEdition).map((agency) => agency.code))
    : new Map<string, AgencyQueues>();
  return { ...emulators, provinceCode, queues };
}

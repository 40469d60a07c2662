import { provinceAgencies, seedProvince } from '#seed/seed';
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
export async function setUpProvince(options: { provinceCode?: string; queues?: boolean } = {}): Promise<ProvinceFixture> {
  const provinceCode = options.provinceCode ?? '06';
  const emulators = useEmulators({ provinceCode });
  await emulators.createTable();
  await seedProvince({ tableName: emulators.tableName, provinceCode });
  const queues = options.queues
    ? await emulators.createQueues(provinceAgencies(provinceCode).map((agency) => agency.code))
    : new Map<string, AgencyQueues>();
  return { ...emulators, provinceCode, queues };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Agency, deriveAgencies, findProvince, type UnitList } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';
import { servicesForTable } from '../services';
import { STARTER_CATALOG } from './starter-catalog';

export type UnitsEdition = '2025-03' | '2025-07';

export const UNIT_LISTS: Record<UnitsEdition, UnitList> = {
  '2025-03': units2025_03 as UnitList,
  '2025-07': units2025_07 as UnitList,
};

export function isUnitsEdition(value: string): value is UnitsEdition {
  return value in UNIT_LISTS;
}

export function provinceAgencies(provinceCode: string, edition: UnitsEdition = '2025-03'): Agency[] {
  return deriveAgencies(findProvince(UNIT_LISTS[edition], provinceCode));
}

/** Procedures whose route only uses levels the province has (no district procedures after 07/2025). */
export function catalogFor(agencies: readonly Agency[]): Procedure[] {
  const levels = new Set(agencies.map((agency) => agency.level));
  return STARTER_CATALOG.filter((procedure) => procedure.route.every((step) => levels.has(step.level)));
}

export interface SeedOptions {
  tableName: string;
  provinceCode: string;
  unitsEdition?: UnitsEdition;
  db?: DynamoDBDocumentClient;
  onProgress?: (done: number, total: number, what: string) => void;
}

/**
 * Writes the province's agencies and catalog, without undoing the province's own changes:
 * an agency's unit-list fields are refreshed but its identifier and office hours (set by the
 * province administrator) are kept; a procedure version or CURRENT item that exists is left as
 * it is (a published newer version stays current); a year's official day-off schedule is written
 * only if the table has none for it. Safe to re-run after every deployment.
 */
export async function seedProvince(options: SeedOptions): Promise<{ agencies: number; procedures: number }> {
  const agencies = provinceAgencies(options.provinceCode, options.unitsEdition);
  const procedures = catalogFor(agencies);
  const services = servicesForTable(options.tableName, options.db ? { db: options.db } : {});
  await services.province.seed({ agencies, procedures }, options.onProgress);
  // The bundled official day-off schedules, for the years the table has none (a loaded year is kept).
  await services.calendar.seedBundled();
  return { agencies: agencies.length, procedures: procedures.length };
}

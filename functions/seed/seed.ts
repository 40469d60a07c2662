import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import { DEFAULT_UNITS_EDITION, isUnitsEdition, type UnitsEdition } from '#domain/agencies-editions';
import type { Procedure } from '#domain/catalog';
import { servicesForTable } from '../services';
import { provinceAgencies, UNIT_LISTS } from './province-agencies';
import { starterCatalogFor } from './starter-catalog-2025';

export { isUnitsEdition, provinceAgencies, UNIT_LISTS, type UnitsEdition };

/** The starter catalog that fits the province's tiers and agencies (starter-catalog-2025.ts). */
export function catalogFor(agencies: readonly Agency[]): Procedure[] {
  return starterCatalogFor(agencies);
}

export interface SeedOptions {
  tableName: string;
  provinceCode: string;
  /** Default: the list in force (2025-07). */
  unitsEdition?: UnitsEdition;
  db?: DynamoDBDocumentClient;
  onProgress?: (done: number, total: number, what: string) => void;
}

/**
 * Writes the province's agencies (unit list and data/agencies/<NN>.json) and catalog, without
 * undoing the province's own changes: an agency's unit-list and file fields are refreshed, but
 * its name, identifier, validity and office hours, once written, are the province's; a procedure
 * version or CURRENT item that exists is left as it is (a published newer version stays
 * current); a year's official day-off schedule is written only if the table has none for it.
 * Safe to re-run after every deployment.
 */
export async function seedProvince(options: SeedOptions): Promise<{ agencies: number; procedures: number }> {
  const agencies = provinceAgencies(options.provinceCode, options.unitsEdition ?? DEFAULT_UNITS_EDITION);
  const procedures = catalogFor(agencies);
  const services = servicesForTable(options.tableName, options.db ? { db: options.db } : {});
  await services.province.seed({ agencies, procedures }, options.onProgress);
  // The bundled official day-off schedules, for the years the table has none (a loaded year is kept).
  await services.calendar.seedBundled();
  return { agencies: agencies.length, procedures: procedures.length };
}

import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';
import { type Agency, deriveAgencies, findProvince, type UnitList } from '../domain/agencies';
import type { Procedure } from '../domain/catalog';
import { agencyItem } from '../store/agency-repository';
import { procedureItems } from '../store/catalog-repository';
import { sharedDocumentClient } from '../store/clients';
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

const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;

/** Writes the province's agencies and catalog. Idempotent: re-running rewrites the same items. */
export async function seedProvince(options: SeedOptions): Promise<{ agencies: number; procedures: number }> {
  const db = options.db ?? sharedDocumentClient();
  const agencies = provinceAgencies(options.provinceCode, options.unitsEdition);
  const procedures = catalogFor(agencies);
  const items = [...agencies.map(agencyItem), ...procedures.flatMap(procedureItems)];
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) batches.push(items.slice(start, start + BATCH_SIZE));
  let done = 0;
  for (let start = 0; start < batches.length; start += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(start, start + PARALLEL_BATCHES).map((batch) => writeBatch(db, options.tableName, batch)));
    done = Math.min(items.length, (start + PARALLEL_BATCHES) * BATCH_SIZE);
    options.onProgress?.(done, items.length, 'agencies and procedures');
  }
  return { agencies: agencies.length, procedures: procedures.length };
}

async function writeBatch(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 8) throw new Error(`Seeding gave up with ${pending.length} unprocessed items`);
    const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

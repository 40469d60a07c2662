import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '../domain/agencies';
import { DEFAULT_UNITS_EDITION, isUnitsEdition, type UnitsEdition } from '../domain/agencies-editions';
import type { Procedure } from '../domain/catalog';
import { AgencyRepository } from '../store/agency-repository';
import { procedureItems } from '../store/catalog-repository';
import { sharedDocumentClient } from '../store/clients';
import { provinceAgencies, UNIT_LISTS } from './province-agencies';
import { STARTER_CATALOG } from './starter-catalog';

export { isUnitsEdition, provinceAgencies, UNIT_LISTS, type UnitsEdition };

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

const CONCURRENCY = 8;

/**
 * Writes the province's agencies and catalog, without undoing the province's own changes: an
 * agency's unit-list and file fields are refreshed, but its name, identifier, validity and office
 * hours, once written, are the province's (AgencyRepository.seed); a procedure version or CURRENT
 * item that exists is left as it is (a published newer version stays current). Safe to re-run
 * after every deployment.
 */
export async function seedProvince(options: SeedOptions): Promise<{ agencies: number; procedures: number }> {
  const db = options.db ?? sharedDocumentClient();
  const agencyStore = new AgencyRepository(db, options.tableName);
  const agencies = provinceAgencies(options.provinceCode, options.unitsEdition ?? DEFAULT_UNITS_EDITION);
  const procedures = catalogFor(agencies);
  const writes: (() => Promise<void>)[] = [
    ...agencies.map((agency) => () => agencyStore.seed(agency)),
    ...procedures.flatMap(procedureItems).map((item) => () => putIfAbsent(db, options.tableName, item)),
  ];
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const write = writes[next++]!;
      await write();
      done += 1;
      if (done % 25 === 0 || done === writes.length) options.onProgress?.(done, writes.length, 'agencies and procedures');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { agencies: agencies.length, procedures: procedures.length };
}

async function putIfAbsent(db: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<void> {
  try {
    await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';
import { type Agency, deriveAgencies, findProvince, type UnitList } from '../domain/agencies';
import type { Procedure } from '../domain/catalog';
import { bundledSchedules } from '../domain/calendar';
import { agencyItem } from '../store/agency-repository';
import { CalendarStore } from '../store/calendar-store';
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

const CONCURRENCY = 8;

/**
 * Writes the province's agencies and catalog, without undoing the province's own changes:
 * an agency's unit-list fields are refreshed but its identifier and office hours (set by the
 * province administrator) are kept; a procedure version or CURRENT item that exists is left as
 * it is (a published newer version stays current); a year's official day-off schedule is written
 * only if the table has none for it. Safe to re-run after every deployment.
 */
export async function seedProvince(options: SeedOptions): Promise<{ agencies: number; procedures: number }> {
  const db = options.db ?? sharedDocumentClient();
  const agencies = provinceAgencies(options.provinceCode, options.unitsEdition);
  const procedures = catalogFor(agencies);
  const writes: (() => Promise<void>)[] = [
    ...agencies.map((agency) => () => upsertAgency(db, options.tableName, agency)),
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
  // The bundled official schedules, for the years the table has none (a loaded year is kept).
  await new CalendarStore(db, options.tableName).seedDayOffSchedules(bundledSchedules(new Date()));
  return { agencies: agencies.length, procedures: procedures.length };
}

/** Unit-list fields are overwritten; the identifier is only filled in when the agency has none. */
async function upsertAgency(db: DynamoDBDocumentClient, tableName: string, agency: Agency): Promise<void> {
  const { PK, SK, identifier, ...owned } = agencyItem(agency) as Record<string, unknown> & { PK: string; SK: string };
  const names = Object.fromEntries(Object.keys(owned).map((name, index) => [`#a${index}`, name]));
  const values = Object.fromEntries(Object.values(owned).map((value, index) => [`:v${index}`, value]));
  const sets = Object.keys(owned).map((_, index) => `#a${index} = :v${index}`);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK, SK },
      UpdateExpression: `SET ${sets.join(', ')}, #identifier = if_not_exists(#identifier, :identifier)`,
      ExpressionAttributeNames: { ...names, '#identifier': 'identifier' },
      ExpressionAttributeValues: { ...values, ':identifier': identifier },
    }),
  );
}

async function putIfAbsent(db: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<void> {
  try {
    await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

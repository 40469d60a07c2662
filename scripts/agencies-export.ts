/**
 * Writes the agencies a province's table holds beyond the unit list (its file's agencies and those
 * an administrator added, renamed or closed through GraphQL) into data/agencies/<NN>.json, so the
 * next deploy creates their queues (infra/provinces/README.md, "Agencies added at run time").
 * With --check it writes nothing and exits 1 when the file is behind the table: run it in the
 * deploy pipeline before `cdk deploy`. SDK clients come from the environment (AWS credentials
 * and region; locally AWS_ENDPOINT_URL_DYNAMODB).
 *
 *   npm run agencies:export -- --province 19 --table <TableName output> [--units 2025-07] [--check]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exportedFile, type ProvinceAgencyFile } from '#domain/agencies-config';
import { DEFAULT_UNITS_EDITION, isUnitsEdition, UNITS_EDITIONS, type UnitsEdition } from '#domain/agencies-editions';
import { PROVINCE_AGENCY_FILES, provinceAgencyFilePath } from '#seed/province-agencies';
import { servicesForTable } from '../functions/services';
import { repoPath } from '../infra/paths';

const USAGE = `Usage: npm run agencies:export -- --province NN --table NAME [--units ${UNITS_EDITIONS.join('|')}] [--check]
  --province NN   the province (its file: data/agencies/NN.json)
  --table NAME    the province's table (the stack's TableName output; locally lienthong-NN-<units>)
  --units E       the unit list the deployment runs (default ${DEFAULT_UNITS_EDITION})
  --check         write nothing; exit 1 if the file is behind the table
  --file PATH     another file than data/agencies/NN.json (tests, reviews)`;

class UsageError extends Error {}

function options(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        province: { type: 'string' },
        table: { type: 'string' },
        units: { type: 'string' },
        file: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const units = values.units ?? DEFAULT_UNITS_EDITION;
  if (!values.province || !/^\d{2}$/.test(values.province)) throw new UsageError('--province NN is required (two digits)');
  if (!values.table) throw new UsageError('--table NAME is required');
  if (!isUnitsEdition(units)) throw new UsageError(`--units must be one of ${UNITS_EDITIONS.join(', ')}`);
  return { province: values.province, table: values.table, units, check: values.check ?? false, file: values.file };
}

export interface ExportOptions {
  province: string;
  table: string;
  units: UnitsEdition;
  /** Default: data/agencies/<province>.json. */
  file?: string | undefined;
  check?: boolean;
  db?: DynamoDBDocumentClient;
}

/** Exports (or checks) the file; returns whether it was already up to date. */
export async function exportAgencies(options: ExportOptions): Promise<{ upToDate: boolean; agencies: number }> {
  const { province, table, units } = options;
  const path = options.file ?? repoPath(provinceAgencyFilePath(province));
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const existing = current ? (JSON.parse(current) as ProvinceAgencyFile) : undefined;
  const agencies = await servicesForTable(table, options.db ? { db: options.db } : {}).agencies.all();
  if (agencies.length === 0) throw new UsageError(`table ${table} holds no agencies: is it the province's table, seeded?`);
  if (agencies[0]?.provinceCode !== province)
    throw new UsageError(`table ${table} belongs to province ${agencies[0]?.provinceCode}, not ${province}`);
  const file = exportedFile(existing, agencies, province, units);
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (!options.check && text !== current) writeFileSync(path, text);
  return { upToDate: text === current, agencies: file.agencies.length };
}

async function main(): Promise<void> {
  const { province, table, units, check, file } = options(process.argv.slice(2));
  const { upToDate, agencies } = await exportAgencies({ province, table, units, file, check });
  const name = file ?? provinceAgencyFilePath(province);
  if (check) {
    if (upToDate) return console.log(`${name} is up to date with ${table}`);
    console.error(`${name} is behind ${table}: run npm run agencies:export -- --province ${province} --table ${table}, review and commit`);
    process.exit(1);
  }
  console.log(`${name}: ${agencies} agencies beyond the unit list${upToDate ? ' (unchanged)' : ''}`);
  if (!(province in PROVINCE_AGENCY_FILES)) {
    console.log(
      'A new file: add it to PROVINCE_AGENCY_FILES in functions/seed/province-agencies.ts (test/infra/provinces.test.ts checks).',
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  });
}

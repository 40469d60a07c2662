/**
 * Moves pre-merge provinces' tables (three-tier, before 01/07/2025) into the merged province's
 * table (two-tier), reassigning unfinished dossiers of abolished districts and merged communes
 * (Decree 140/2025 art. 32(2)). See functions/services/migration.ts for what it does, and the
 * README ("Migrating pre-merge provinces") for when to run it.
 *
 *   npm run migrate -- --target 19=<table> --source 06=<table> --source 19=<table> [--dry-run] [--verbose]
 *
 * SDK clients come from the environment (AWS credentials and region; locally
 * AWS_ENDPOINT_URL_DYNAMODB). The target's citizen-ID hash key must be the merged province's
 * (PERSONAL_DATA_KEY_ARN, as the stack gives its functions). Exit 0: done (or planned, with
 * --dry-run); 2: refused before writing anything (the code says why); 1: failed while writing
 * (run it again: it continues where it stopped).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isMigrationError, MigrationError, type SuccessorTable } from '#domain/migration';
import { UNIT_LISTS } from '#seed/seed';
import { type MigrationReport, migrateProvince, type TableRef } from '#services/migration';

const USAGE = `Usage: npm run migrate -- --target <province>=<table> --source <province>=<table> [...] [options]
  --target 19=<table>     the merged province's (two-tier) table, deployed and seeded
  --source 06=<table>     a pre-merge province's (three-tier) table; repeat for each
  --dry-run               plan and check only: print what would happen, write nothing
  --verbose               one line per reassigned dossier
  --successors <file>     the old → new commune table (default: data/units/commune-successors-2025-07.json)
  --help                  this text`;

const DEFAULT_SUCCESSORS = new URL('../data/units/commune-successors-2025-07.json', import.meta.url);

export interface CommandIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

interface Options {
  target: TableRef;
  sources: TableRef[];
  dryRun: boolean;
  verbose: boolean;
  successors: SuccessorTable;
}

function tableRef(value: string, flag: string): TableRef {
  const match = /^(\d{2})=(.+)$/.exec(value);
  if (!match)
    throw new MigrationError('BAD_ARGUMENTS', `${flag} takes <province code>=<table name>, e.g. 06=LienThong-P06-Table, not "${value}"`);
  return { provinceCode: match[1]!, tableName: match[2]! };
}

function parseOptions(argv: readonly string[]): Options | 'HELP' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        source: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        successors: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new MigrationError('BAD_ARGUMENTS', (error as Error).message, {}, { cause: error });
  }
  if (values.help) return 'HELP';
  if (!values.target) throw new MigrationError('BAD_ARGUMENTS', '--target is required');
  let successors: SuccessorTable;
  try {
    successors = JSON.parse(readFileSync(values.successors ?? DEFAULT_SUCCESSORS, 'utf8')) as SuccessorTable;
  } catch (error) {
    throw new MigrationError('BAD_ARGUMENTS', `Cannot read the successor table: ${(error as Error).message}`, {}, { cause: error });
  }
  if (!Array.isArray(successors.rows)) throw new MigrationError('BAD_ARGUMENTS', 'The successor table has no rows');
  return {
    target: tableRef(values.target, '--target'),
    sources: (values.source ?? []).map((source) => tableRef(source, '--source')),
    dryRun: values['dry-run'] ?? false,
    verbose: values.verbose ?? false,
    successors,
  };
}

export function formatReport(report: MigrationReport, verbose: boolean): string[] {
  const lines: string[] = [];
  const sources = report.sources.map((source) => `${source.provinceCode} (${source.tableName})`).join(', ');
  lines.push(report.dryRun ? 'migrate: DRY RUN, nothing written' : 'migrate: done');
  lines.push(`target ${report.target.provinceCode} (${report.target.tableName}) ← sources ${sources}`);
  for (const source of report.sources) {
    const skipped = Object.entries(source.skipped)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    lines.push(
      `source ${source.provinceCode}: ${source.records} records, ${source.dossiers} dossiers (${source.unfinished} unfinished), ` +
        `${source.agenciesClosed} agencies closed on 30/06/2025${skipped ? `; left behind: ${skipped}` : ''}`,
    );
  }
  const reasons = Object.entries(report.reassignments).sort(([a], [b]) => a.localeCompare(b));
  const total = reasons.reduce((sum, [, count]) => sum + count, 0);
  lines.push(report.dryRun ? 'reassignments that would be made, by reason:' : 'reassignments made, by reason:');
  for (const [reason, count] of reasons) lines.push(`  ${reason.padEnd(18)} ${count}`);
  lines.push(`  ${'total'.padEnd(18)} ${total}`);
  if (verbose) {
    for (const line of report.lines) {
      lines.push(
        `  ${(line.code ?? line.dossierId).padEnd(36)} ${line.status.padEnd(22)} ${line.fromAgency} → ${line.toAgency}  ${line.reason}${line.handoff ? '' : ' (route only)'}`,
      );
    }
  }
  const rate = `${report.dossiers} dossiers in ${report.seconds.toFixed(2)} s = ${report.dossiersPerSecond.toFixed(1)} dossiers/s`;
  lines.push(
    report.dryRun
      ? `figures: planned ${rate}; ${report.reassignedBefore} reassignments done by an earlier run`
      : `figures: ${rate}; ${report.written} records written, ${report.present} already present; ${report.reassignedBefore} reassignments done by an earlier run`,
  );
  return lines;
}

/** The command, callable in-process (tests) with its own client and output. Returns the exit status. */
export async function runMigrateCommand(argv: readonly string[], io: CommandIo, db?: DynamoDBDocumentClient): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options === 'HELP') {
      io.log(USAGE);
      return 0;
    }
    const report = await migrateProvince(
      {
        ...(db ? { db } : {}),
        successors: options.successors,
        units: { before: UNIT_LISTS['2025-03'], after: UNIT_LISTS['2025-07'] },
        now: () => new Date(),
      },
      { target: options.target, sources: options.sources, dryRun: options.dryRun },
    );
    for (const line of formatReport(report, options.verbose)) io.log(line);
    return 0;
  } catch (error) {
    if (isMigrationError(error)) {
      io.error(`migrate: ${error.code}: ${error.message}; nothing was written`);
      if (Object.keys(error.details).length > 0) io.error(`migrate: details ${JSON.stringify(error.details)}`);
      if (error.code === 'BAD_ARGUMENTS') io.error(USAGE);
      return 2;
    }
    io.error(`migrate: failed: ${(error as Error).message}; run the same command again: it continues where it stopped`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMigrateCommand(process.argv.slice(2), { log: console.log, error: console.error }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('migrate failed:', error);
      process.exit(1);
    },
  );
}

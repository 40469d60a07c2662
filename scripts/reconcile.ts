/**
 * Compares what the province holds with what the national portal holds, per agency and day of
 * reception (the same code as the daily reconcile Lambda, functions/reconcile/), stores each report
 * (GraphQL `reconciliation`, the printable /forms/reconciliation page) and prints it.
 *
 *   npm run reconcile -- --day 2026-12-03 [--agency 19.02014] [--table NAME]
 *
 * The table and DynamoDB come from the environment as for every script (TABLE_NAME; locally
 * AWS_ENDPOINT_URL_DYNAMODB); the portal from the same secret as the sync (PORTAL_SECRET_ARN, or
 * locally PORTAL_ENDPOINT, PORTAL_USERNAME, PORTAL_PASSWORD, which `npm start` prints).
 * Exit 0: every report clean; 1: differences found or a failure; 2: called wrongly.
 */
import { parseArgs } from 'node:util';
import { isAgencyCode } from '#domain/agencies';
import { isDomainError } from '#domain/errors';
import { isClean, type ReconciliationReport } from '#domain/online/reconcile';
import { portalEndpoint } from '#portal-inbound/endpoint';
import { httpPortalReconcileSource } from '#portal-inbound/reconcile-source';
import { servicesForTable } from '../functions/services';

const USAGE = `Usage: npm run reconcile -- --day YYYY-MM-DD [options]
  --day <YYYY-MM-DD>   the Vietnamese day of reception to reconcile
  --agency <code>      one reception point (default: every reception point of the province)
  --table <name>       the province table (default: $TABLE_NAME)
  --help               this text`;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { day: { type: 'string' }, agency: { type: 'string' }, table: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.day || !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) throw new UsageError('--day YYYY-MM-DD is required');
  if (values.agency !== undefined && !isAgencyCode(values.agency))
    throw new UsageError(`--agency must be an agency code, not "${values.agency}"`);
  const tableName = values.table ?? process.env.TABLE_NAME;
  if (!tableName) throw new UsageError('--table is required (or set TABLE_NAME)');
  return { day: values.day, agency: values.agency, tableName };
}

/** One report as an operator reads it in a terminal. */
export function formatReport(report: ReconciliationReport): string {
  const { counts } = report;
  const lines = [
    `${report.agencyCode} ${report.day}: ${counts.province} here, ${counts.portal} at the portal; ${counts.matching} matching, ` +
      `${counts.missing} missing, ${counts.mismatched} mismatched, ${counts.unknown} unknown here, ${counts.unacknowledged} not acknowledged`,
    ...report.missing.map(
      (entry) => `  missing     ${entry.code}  (dossier ${entry.dossierId}, version ${entry.version}, status ${entry.portalStatus})`,
    ),
    ...report.mismatched.map(
      (entry) =>
        `  mismatched  ${entry.code}  ours v${entry.ourVersion} status ${entry.ourStatus}, portal v${entry.portalVersion} status ${entry.portalStatus}`,
    ),
    ...report.unknown.map((entry) => `  unknown     ${entry.code}  portal v${entry.version} status ${entry.portalStatus}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`reconcile: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const services = servicesForTable(options.tableName);
  try {
    const portal = httpPortalReconcileSource(await portalEndpoint());
    const { reports, failed } = options.agency
      ? { reports: [await services.reconciliation.run(options.day, options.agency, portal)], failed: [] }
      : await services.reconciliation.runAll(options.day, portal);
    // Quiet agencies (nothing on either side) are summed, not listed.
    const shown = reports.filter((report) => report.counts.province + report.counts.portal > 0 || options.agency);
    for (const report of shown) console.log(formatReport(report));
    const dirty = reports.filter((report) => !isClean(report)).length;
    console.log(
      `reconcile: ${reports.length} agenc${reports.length === 1 ? 'y' : 'ies'} on ${options.day}, ${dirty} with differences, ${failed.length} failed` +
        (dirty ? '; resync with the resyncDossierToPortal / resyncDayToPortal mutations' : ''),
    );
    for (const failure of failed) console.error(`reconcile: ${failure.agencyCode}: ${failure.error}`);
    return dirty || failed.length ? 1 : 0;
  } catch (error) {
    console.error(`reconcile: ${isDomainError(error) ? `${error.code}: ${error.message}` : (error as Error).message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('reconcile failed:', error);
    process.exit(1);
  },
);

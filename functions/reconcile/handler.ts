import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { toVnIso } from '#domain/calendar';
import { checkDay } from '#domain/online/reconcile';
import { portalEndpoint } from '#portal-inbound/endpoint';
import { httpPortalReconcileSource } from '#portal-inbound/reconcile-source';
import { servicesFromEnvironment } from '../services';

/**
 * The daily reconciliation (an EventBridge rule, early morning Vietnam time): yesterday's dossiers
 * of every reception point beside what the portal holds, one stored report per agency (GraphQL
 * `reconciliation`, the printable page), after the sweep of that day's dossier numbers
 * (services/numbering.ts). `{ "day": "YYYY-MM-DD" }` in the event runs another day.
 */
const logger = new Logger({ serviceName: 'reconcile' });
const services = servicesFromEnvironment();

export const handler = async (event: { day?: string } | undefined, context?: Context) => {
  if (context) logger.addContext(context);
  const day = event?.day ? checkDay(event.day) : toVnIso(new Date(Date.now() - 86_400_000)).slice(0, 10);
  // Issue 14: the same nightly run closes the day's dossier numbers (reservations never recorded are
  // voided with their reason), first, so a portal outage cannot hold it up.
  const numbers = await services.numbering.sweepDay(day).then(
    (report) => ({ day, agencies: report.agencies, voided: report.voided, failedAgencies: report.failed.length }),
    (error: unknown) => ({ day, error: String(error) }),
  );
  logger.info('Dossier numbers swept', numbers);
  const { reports, failed } = await services.reconciliation.runAll(day, httpPortalReconcileSource(await portalEndpoint()));
  const sum = (key: keyof (typeof reports)[number]['counts']) => reports.reduce((total, report) => total + report.counts[key], 0);
  const summary = {
    day,
    agencies: reports.length,
    failedAgencies: failed.length,
    province: sum('province'),
    portal: sum('portal'),
    missing: sum('missing'),
    mismatched: sum('mismatched'),
    unknown: sum('unknown'),
  };
  logger.info('Reconciliation with the portal', summary);
  for (const failure of failed) logger.warn('Reconciliation of an agency failed', failure);
  return summary;
};

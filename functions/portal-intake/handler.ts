import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { httpPortalInbound } from '#portal-inbound/client';
import { portalEndpoint } from '#portal-inbound/endpoint';
import { type PullReport, servicesFromEnvironment } from '../services';

/**
 * Scheduled (an EventBridge rule, every few minutes; locally a poller): pulls what was filed,
 * answered or paid on the national portal and takes it into the province's table. Pull, not
 * push: the province calls out over its own network path (LGSP/VPN) and exposes no endpoint the
 * portal must reach; an item stays at the portal until acknowledged, so a failed run loses nothing.
 */
const logger = new Logger({ serviceName: 'portal-intake' });
const services = servicesFromEnvironment();
/** Items per pull; a run repeats while pages come back full, within its time budget. */
const PAGE = 50;
const BUDGET_MS = 45_000;

export const handler = async (_event: unknown, context?: Context): Promise<PullReport> => {
  if (context) logger.addContext(context);
  const inbound = httpPortalInbound(await portalEndpoint());
  const total: PullReport = { fetched: 0, taken: 0, duplicates: 0, rejected: 0 };
  const started = Date.now();
  for (;;) {
    const report = await services.online.pull(inbound, PAGE);
    for (const key of Object.keys(total) as (keyof PullReport)[]) total[key] += report[key];
    if (report.fetched < PAGE || report.taken + report.rejected === 0 || Date.now() - started > BUDGET_MS) break;
  }
  if (total.fetched > 0) logger.info('Portal items taken', { ...total });
  return total;
};

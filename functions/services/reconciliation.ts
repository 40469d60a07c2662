import { AGENCY_KINDS, type Agency } from '#domain/agencies';
import { authorizeOperation, permits } from '#domain/authorization';
import { vnTime } from '#domain/calendar';
import type { Dossier } from '#domain/dossier';
import { badInput, DomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import { checkDay, type PortalEntry, type ProvinceEntry, type ReconciliationReport, reconcile } from '#domain/online/reconcile';
import { requestResync } from '#domain/online/resync';
import { DEFAULT_PORTAL_MAPPING } from '#portal/mapping-config';
import { portalStatus } from '#portal/status-map';
import type { ServiceDeps } from './deps';

/**
 * Reconciliation with the national portal (issue 10): per agency and day, the dossiers the
 * province received (its register) beside what the portal holds, stored as a report the API and
 * the printable page read; and the operator's resync of one dossier or one day, as events.
 */

/** The portal's side: what it holds for an agency (by its electronic identifier, NoiNopHoSo) and a day of reception. */
export interface PortalReconcileSource {
  dossiers(day: string, agencyIdentifier: string): Promise<PortalEntry[]>;
}

/** How the province's side states a dossier's status; the sync mapping's, so both sides speak alike. */
export type PortalStatusOf = (dossier: Dossier) => number;

const defaultPortalStatus: PortalStatusOf = (dossier) => portalStatus(dossier.status, DEFAULT_PORTAL_MAPPING);

const PAGE = 100;

export function reconciliationService(deps: ServiceDeps) {
  const { dossiers, online, agencies } = deps.store;

  /** Every dossier received at the agency on that Vietnamese day (the register, Form 06/07). */
  async function receivedOn(agencyCode: string, day: string): Promise<Dossier[]> {
    const from = vnTime(day).toISOString();
    const to = new Date(vnTime(day).getTime() + 86_400_000).toISOString();
    const found: Dossier[] = [];
    let after: string | undefined;
    do {
      const page = await dossiers.register(agencyCode, { from, to, first: PAGE, ...(after ? { after } : {}) });
      found.push(...page.items);
      after = page.hasNextPage && page.endCursor ? page.endCursor : undefined;
    } while (after);
    return found;
  }

  async function agencyOf(agencyCode: string): Promise<Agency> {
    const [agency] = await agencies.agencies([agencyCode]);
    if (!agency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${agencyCode}`, { agencyCode, field: 'agencyCode' });
    return agency;
  }

  async function run(
    day: string,
    agencyCode: string,
    portal: PortalReconcileSource,
    options: { portalStatus?: PortalStatusOf } = {},
  ): Promise<ReconciliationReport> {
    checkDay(day);
    const agency = await agencyOf(agencyCode);
    const held = (await receivedOn(agencyCode, day)).filter((dossier) => (dossier.portalCode ?? dossier.code) !== undefined);
    // What the sync sender recorded as acknowledged by the portal, per dossier (DOSSIER#<id> / PORTAL_SYNC).
    const records = await deps.store.portal.portalSyncRecords(held.map((dossier) => dossier.id));
    const acknowledged = new Map(
      held.flatMap((dossier, index) => {
        const record = records[index];
        return record ? [[dossier.id, record.acknowledgedVersion] as const] : [];
      }),
    );
    const statusOf = options.portalStatus ?? defaultPortalStatus;
    const ours: ProvinceEntry[] = held.map((dossier) => {
      const version = acknowledged.get(dossier.id);
      return {
        dossierId: dossier.id,
        code: (dossier.portalCode ?? dossier.code)!,
        version: dossier.version,
        portalStatus: statusOf(dossier),
        ...(version === undefined ? {} : { acknowledgedVersion: version }),
      };
    });
    const theirs = await portal.dossiers(day, agency.identifier);
    const report = reconcile({ day, agencyCode, ranAt: deps.now() }, ours, theirs);
    await online.saveReconciliation(report);
    return report;
  }

  return {
    run,

    /** The daily job: every reception point of the province, for one day; one agency's failure does not stop the others. */
    async runAll(day: string, portal: PortalReconcileSource, options: Parameters<typeof run>[3] = {}) {
      const receiving = (await agencies.allAgencies()).filter((agency) => AGENCY_KINDS[agency.kind].receives);
      const reports: ReconciliationReport[] = [];
      const failed: { agencyCode: string; error: string }[] = [];
      for (const agency of receiving) {
        try {
          reports.push(await run(day, agency.code, portal, options));
        } catch (error) {
          failed.push({ agencyCode: agency.code, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { reports, failed };
    },

    /** The stored report of a day and agency (null before any run), for the caller's jurisdiction. */
    async report(caller: Caller | null, day: string, agencyCode: string): Promise<ReconciliationReport | null> {
      authorizeOperation('PORTAL_RECONCILIATION_READ', caller, { agency: agencyCode });
      return (await online.reconciliation(checkDay(day), agencyCode)) ?? null;
    },

    /** Re-sends one dossier's current state through the stream-fed sync path (one event, one transaction). */
    async resyncDossier(caller: Caller, dossierId: string, reason?: string): Promise<Dossier> {
      const dossier = await dossiers.dossier(dossierId);
      if (!dossier || !permits('DOSSIER_READ', caller, { dossier }))
        throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${dossierId}`, { dossierId });
      authorizeOperation('PORTAL_RESYNC', caller, { dossier });
      const transition = requestResync(dossier, caller, deps.now(), 'DOSSIER', reason);
      await dossiers.commitTransition(transition);
      return transition.dossier;
    },

    /** Every dossier the agency received that day, each re-sent by its own event. */
    async resyncDay(caller: Caller, day: string, agencyCode: string, reason?: string): Promise<number> {
      checkDay(day);
      authorizeOperation('PORTAL_RESYNC', caller, { agency: agencyCode });
      await agencyOf(agencyCode);
      const held = await receivedOn(agencyCode, day);
      if (held.length > 500) throw badInput('day', 'More than 500 dossiers that day: resync them by agency in smaller sets');
      for (const dossier of held) {
        await dossiers.commitTransition(requestResync(dossier, caller, deps.now(), 'DAY', reason));
      }
      return held.length;
    },
  };
}

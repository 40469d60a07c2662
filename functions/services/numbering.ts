import { AGENCY_KINDS } from '#domain/agencies';
import { authorizeOperation } from '#domain/authorization';
import { vnTime } from '#domain/calendar';
import { sweepable, sweepVoids, type VoidNumber } from '#domain/codes/number-register';
import { badInput } from '#domain/errors';
import { type Caller, vietnamYymmdd } from '#domain/lifecycle';
import { checkPageSize, checkPeriod } from '#domain/validation';
import type { Page } from '../store';
import type { ServiceDeps } from './deps';

/**
 * The day's dossier numbers beyond the acceptance itself (issue 14): the nightly sweep that voids
 * numbers reserved by an acceptance that stopped before recording them, and the void numbers the
 * register prints. Acceptance reserves and records numbers in dossier-actions.ts.
 */

/** The largest sequence any code form writes (the national form's bound); the provincial form stops at 9999 by itself. */
const MAX_ANY_SEQUENCE = 999_999;
/** The largest page of void numbers the GraphQL register serves: the register's own row limit. */
export const MAX_VOID_PAGE = 200;
/** Agencies swept at once: enough to hide round trips, few enough to stay far below the table's capacity. */
const SWEEP_CONCURRENCY = 8;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface SweepReport {
  day: string;
  agencies: number;
  voided: number;
  failed: { agencyCode: string; error: string }[];
}

export function numberingService(deps: ServiceDeps) {
  const { numbering } = deps.store;
  return {
    /**
     * Voids every number of `day` (YYYY-MM-DD, Vietnam) that a receiving agency reserved but
     * neither used nor voided: the acceptance stopped between its two steps. Only a day already
     * over, so no acceptance is still in flight with one of them. Idempotent: a second run finds
     * them recorded. An acceptance that stalled past the sweep finds its number taken and takes another.
     */
    async sweepDay(day: string): Promise<SweepReport> {
      if (!DAY.test(day) || Number.isNaN(Date.parse(day))) throw badInput('day', 'A date as YYYY-MM-DD');
      const now = deps.now();
      const yymmdd = day.slice(2).replaceAll('-', '');
      if (!sweepable(yymmdd, vietnamYymmdd(now)))
        throw badInput('day', 'Only a day already over in Vietnam can be swept: its acceptances may still be in flight', { day });
      const registerAt = vnTime(day).toISOString();
      const receiving = (await deps.store.agencies.allAgencies()).filter((agency) => AGENCY_KINDS[agency.kind].receives);
      const report: SweepReport = { day, agencies: receiving.length, voided: 0, failed: [] };
      // A few agencies at a time: one Query each, and a write only where a number was left unrecorded.
      const queue = [...receiving];
      const worker = async () => {
        for (let agency = queue.shift(); agency; agency = queue.shift()) {
          try {
            const account = await numbering.numberedDay(agency.code, yymmdd);
            for (const entry of sweepVoids({ agencyCode: agency.code, day: yymmdd, ...account }, MAX_ANY_SEQUENCE, now)) {
              if (await numbering.voidNumber(entry, registerAt)) report.voided += 1;
            }
          } catch (error) {
            report.failed.push({ agencyCode: agency.code, error: error instanceof Error ? error.message : String(error) });
          }
        }
      };
      await Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker));
      return report;
    },

    /** The void numbers of the caller's one-stop register for [from, to) (ISO instants), oldest first. */
    voidNumbers(caller: Caller, from: string, to: string): Promise<VoidNumber[]> {
      authorizeOperation('REGISTER_READ', caller, { agency: caller.agencyCode });
      return numbering.voidNumbers(caller.agencyCode, from, to);
    },

    /** One page of the same list, for the GraphQL register (its own cursor, beside the dossier rows'). */
    voidNumberPage(
      caller: Caller,
      period: { from: string; to: string },
      page: { first: number; after?: string },
    ): Promise<Page<VoidNumber>> {
      authorizeOperation('REGISTER_READ', caller, { agency: caller.agencyCode });
      checkPageSize(page.first, MAX_VOID_PAGE);
      checkPeriod(period.from, period.to);
      return numbering.voidNumberPage(caller.agencyCode, { ...period, ...page });
    },
  };
}

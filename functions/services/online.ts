import type { Dossier } from '#domain/dossier';
import { DomainError, isDomainError } from '#domain/errors';
import { act, type Caller, type Command } from '#domain/lifecycle';
import { type InboundItem, type IntakeOutcome, type OnlineFiling, PORTAL_ACTOR, portalDossierId } from '#domain/online/filing';
import type { PortalInbound } from '#portal-inbound/client';
import { inboundItemOf, itemIdOf } from '#portal-inbound/mapping';
import type { ServiceDeps } from './deps';
import { submitDossier } from './dossier-actions';

/**
 * Dossiers filed online on the national portal, and what the applicant sends after (answers to a
 * Form 02 or a supplement request, online payments). Whatever the transport (pull today, push
 * possible: functions/portal-inbound/client.ts), each item goes through `take`, which is idempotent
 * by the portal's code and item id: the same item twice changes nothing the second time.
 */

/** The portal acting at the one-stop the applicant chose: it hands the dossier in there, as an officer would at the counter. */
const portalAt = (agencyCode: string): Caller => ({ ...PORTAL_ACTOR, agencyCode, roles: ['RECEPTION_OFFICER'] });

export interface PullReport {
  fetched: number;
  taken: number;
  duplicates: number;
  rejected: number;
}

export function onlineService(deps: ServiceDeps) {
  const { dossiers, online } = deps.store;

  /** A filing: the dossier under the id its portal code names, created once; then its fees, once. */
  async function takeFiling(id: string, filing: OnlineFiling): Promise<IntakeOutcome> {
    const dossierId = portalDossierId(filing.portalCode);
    let dossier = await dossiers.dossier(dossierId);
    const duplicate = dossier !== undefined;
    if (!dossier) {
      const filedAt = new Date(filing.filedAt);
      const now = deps.now();
      try {
        dossier = await submitDossier(
          { ...deps, newId: () => dossierId, now: () => (filedAt < now ? filedAt : now) },
          portalAt(filing.receivingAgencyCode),
          {
            procedureCode: filing.procedureCode,
            channel: 'ONLINE',
            applicant: filing.applicant,
            documents: filing.documents,
            portalCode: filing.portalCode,
          },
        );
      } catch (error) {
        // The same filing taken at the same moment elsewhere: the head's "must not exist" lost the race.
        if (!(isDomainError(error) && error.code === 'STALE_VERSION')) throw error;
        dossier = await dossiers.dossier(dossierId);
        if (!dossier) throw error;
      }
    }
    // Fees assessed by the portal with the filing; a crash between the two commits is healed by the next arrival.
    if (filing.fees && !dossier.fees?.length) {
      await commitAs(dossier, `${id}#fees`, { action: 'ASSESS_FEES', fees: filing.fees });
    }
    return { id, outcome: duplicate ? 'DUPLICATE' : 'TAKEN', dossierId };
  }

  /** One action the portal caused, marked with its item id in the same transaction. */
  async function commitAs(dossier: Dossier, itemId: string, command: Command): Promise<'COMMITTED' | 'ALREADY_TAKEN'> {
    const transition = act(dossier, command, { caller: portalAt(dossier.receivingAgency), now: deps.now() });
    return online.commitInbound(transition, itemId);
  }

  /** An answer or a payment: applied to the dossier of its portal code, once per item id. */
  async function takeFollowUp(item: Exclude<InboundItem, { kind: 'FILING' }>): Promise<IntakeOutcome> {
    const portalCode = item.kind === 'ANSWER' ? item.answer.portalCode : item.payment.portalCode;
    const dossierId = portalDossierId(portalCode);
    const { dossier, taken } = await online.loadForInbound(dossierId, item.id);
    if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', `No dossier filed online as ${portalCode}`, { portalCode });
    if (taken) return { id: item.id, outcome: 'DUPLICATE', dossierId };
    const outcome = await commitAs(dossier, item.id, commandOf(item, dossier));
    return { id: item.id, outcome: outcome === 'COMMITTED' ? 'TAKEN' : 'DUPLICATE', dossierId };
  }

  async function take(item: InboundItem): Promise<IntakeOutcome> {
    return item.kind === 'FILING' ? takeFiling(item.id, item.filing) : takeFollowUp(item);
  }

  /** Takes one raw item; a refusal is recorded for the operator and answered REJECTED, nothing else stored. */
  async function takeRaw(raw: unknown): Promise<IntakeOutcome> {
    const id = itemIdOf(raw) ?? 'unidentified';
    try {
      return await take(inboundItemOf(raw));
    } catch (error) {
      if (!isDomainError(error) || error.code === 'STALE_VERSION' || error.code === 'CONFLICT') throw error;
      const body = (raw as { body?: { MaHoSo?: unknown } } | null)?.body;
      const kind = (raw as { kind?: unknown } | null)?.kind;
      await online.recordIntakeFailure({
        itemId: id,
        ...(typeof kind === 'string' ? { kind: kind.slice(0, 20) } : {}),
        ...(typeof body?.MaHoSo === 'string' ? { portalCode: body.MaHoSo.slice(0, 80) } : {}),
        code: error.code,
        message: error.message.slice(0, 500),
        at: deps.now().toISOString(),
      });
      return { id, outcome: 'REJECTED', code: error.code, message: error.message };
    }
  }

  return {
    take,
    takeRaw,

    /**
     * One pull: the items the portal holds, each taken in order, then one acknowledgement of all
     * outcomes. An item that failed for a passing reason (a race, the table) is not acknowledged,
     * so the portal offers it again next time; a crash before the acknowledgement does the same,
     * and taking it again changes nothing.
     */
    async pull(inbound: PortalInbound, limit = 50): Promise<PullReport> {
      const items = await inbound.pending(limit);
      // The portal may list one item twice in a page: take (and acknowledge) each once.
      const unique = [...new Map(items.map((raw) => [itemIdOf(raw) ?? raw, raw])).values()];
      const outcomes: IntakeOutcome[] = [];
      for (const raw of unique) {
        try {
          outcomes.push(await takeRaw(raw));
        } catch {
          // Left unacknowledged on purpose: offered again at the next pull.
        }
      }
      await inbound.acknowledge(outcomes);
      const count = (outcome: IntakeOutcome['outcome']) => outcomes.filter((entry) => entry.outcome === outcome).length;
      return {
        fetched: items.length,
        taken: count('TAKEN'),
        duplicates: items.length - unique.length + count('DUPLICATE'),
        rejected: count('REJECTED'),
      };
    },

    intakeFailures: (first: number) => online.intakeFailures(first),
  };
}

/** The applicant's answer is a resubmission before reception, a supplement after; a payment is a payment. */
function commandOf(item: Exclude<InboundItem, { kind: 'FILING' }>, dossier: Dossier): Command {
  if (item.kind === 'PAYMENT') {
    return { action: 'RECORD_FEE_PAYMENT', code: item.payment.feeCode, paidVia: 'PORTAL', paidAt: new Date(item.payment.paidAt) };
  }
  return dossier.status === 'PENDING_COMPLETION'
    ? { action: 'RESUBMIT', documents: item.answer.documents }
    : { action: 'RECEIVE_SUPPLEMENT', documents: item.answer.documents };
}

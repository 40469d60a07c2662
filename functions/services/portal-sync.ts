import type { PortalAnswer, PortalClient } from '#portal/client';
import { OffContractError, portalErrorCode } from '#portal/client';
import type { ContractPart } from '#portal/contract/validate';
import { NEVER_SYNCED, type PortalSyncRecord, planPortalSync } from '#portal/sync-plan';
import type { ServiceDeps } from './deps';

export type PortalSyncOutcome =
  | { kind: 'NO_DOSSIER' }
  | { kind: 'NO_CODE_YET' }
  | { kind: 'UP_TO_DATE'; acknowledgedVersion: number }
  /** `recovered`: earlier attempts had failed (a failure record may exist to clear). */
  | { kind: 'ACKNOWLEDGED'; version: number; answer: PortalAnswer; recovered: boolean };

const MAX_ERROR_MESSAGE = 500;

/**
 * The portal contract's check (functions/portal/contract/validate.ts `contractErrors`): one line per
 * problem, none when the body is on the contract. The caller hands it in, so the services container
 * names no validator module: the generated validators (~89 KB) ship only in the portal sender, not
 * in every function that builds services (issue 14), and the sender loads them on its first send.
 */
export type ContractErrors = (part: ContractPart, body: unknown) => string[];

/**
 * The dossier's state to the national portal: load the dossier, its history and its sync record;
 * plan (functions/portal/sync-plan.ts: version check, mapping, batches of steps); check it against
 * the contract (nothing off it leaves: PORTAL_OFF_CONTRACT); send; commit the
 * acknowledgement in one conditional write (or, on failure, the error in one conditional write and
 * rethrow, so the queue retries and in the end dead-letters the message).
 */
export function portalSyncService(deps: ServiceDeps) {
  const { portal } = deps.store;
  return {
    /** `contract` loads the check when there is something to send (the sender: on its first send, not at init). */
    async sync(dossierId: string, client: PortalClient, contract: () => Promise<ContractErrors>): Promise<PortalSyncOutcome> {
      const { dossier, events, record, field } = await portal.loadForPortalSync(dossierId);
      if (!dossier) return { kind: 'NO_DOSSIER' };
      const plan = planPortalSync({ dossier, events, field }, record ?? NEVER_SYNCED);
      if (plan.kind !== 'SEND') return plan;
      let answer: PortalAnswer;
      try {
        const contractErrors = await contract();
        const problems = [
          ...contractErrors('dossierRequest', plan.dossier),
          ...plan.steps.flatMap((batch) => contractErrors('stepsRequest', batch)),
        ];
        if (problems.length > 0) throw new OffContractError(problems);
        for (const batch of plan.steps) await client.sendSteps(batch);
        answer = await client.sendDossier(plan.dossier);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_MESSAGE);
        await portal.recordPortalSyncFailure(dossierId, plan.version, { code: portalErrorCode(error), message }, deps.now());
        throw error;
      }
      await portal.commitPortalAcknowledged(dossierId, plan.version, deps.now());
      return { kind: 'ACKNOWLEDGED', version: plan.version, answer, recovered: (record?.attempts ?? 0) > 0 };
    },
    /** Several dossiers' sync records, in their order (absent: never attempted). */
    records: (dossierIds: readonly string[]): Promise<(PortalSyncRecord | undefined)[]> => portal.portalSyncRecords(dossierIds),
  };
}

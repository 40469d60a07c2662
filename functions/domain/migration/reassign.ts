import type { Dossier, DossierEvent, Handoff } from '../dossier';
import { evolve, nextEventId, type Transition } from '../lifecycle';
import type { DossierPlan } from './plan';

export type ReassignPlan = Extract<DossierPlan, { action: 'REASSIGN' }>;

/**
 * The REASSIGNED transition of one dossier: one event, applied by the same `evolve` that folds
 * history. When the holder changes (or the dossier was in transit) the event carries a handoff,
 * so the relay puts it on the new holder's queue and its consumer delivers it, as for a transfer.
 * The actor is the merged province's People's Committee: the provincial chairman decides it.
 */
export function reassign(dossier: Dossier, plan: ReassignPlan, options: { now: Date; province: string }): Transition {
  const at = options.now.toISOString();
  const { reassignment } = plan;
  const step = dossier.holderAgency ? dossier.routeStep : (dossier.handoff?.routeStep ?? dossier.routeStep);
  const handoff: Handoff | undefined = plan.handoff
    ? {
        id: nextEventId(dossier),
        kind: 'FORWARD',
        ...(dossier.code ? { dossierCode: dossier.code } : {}),
        procedureCode: dossier.procedureCode,
        fromAgency: reassignment.fromAgency,
        toAgency: reassignment.toAgency,
        sentAt: at,
        routeStep: step,
        acceptedAt: at,
      }
    : undefined;
  const restarts = handoff !== undefined && dossier.status === 'IN_PROCESSING';
  const phaseAfter = restarts ? 'TRANSFERRED' : dossier.phase;
  const event: DossierEvent = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    type: 'REASSIGNED',
    at,
    actor: { officerId: 'reorganisation-2025', agencyCode: options.province, role: 'SYSTEM' },
    statusAfter: dossier.status,
    ...(phaseAfter ? { phaseAfter } : {}),
    ...(handoff ? { handoff } : {}),
    reason: reassignment.reason,
    reassignment,
  };
  return { dossier: evolve(dossier, event), event };
}

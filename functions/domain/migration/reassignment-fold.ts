import type { Dossier } from '../dossier';
import type { EventOf } from '../events';

/**
 * How a REASSIGNED event changes the dossier (called by `evolve`). Only who holds it and which
 * agencies stand for the closed ones change; history, code, dates and the clock stay as they were.
 *
 * - A new holder receives it through a handoff, like a transfer. The handoff comes already
 *   accepted: the reassignment is the provincial chairman's decision (Decree 140/2025 art.
 *   32(2)), not an offer the receiver may return to an agency that no longer exists.
 * - The new holder starts its own handling: the old assignee is gone and an IN_PROCESSING dossier
 *   (or a paused one that resumes into processing) is at TRANSFERRED, ready to be assigned.
 * - An open consultation closes, as when a dossier ends: its lead agency is gone.
 * - Route steps, the competent agency and the receiving one-stop that were closed agencies name
 *   their successor for this dossier, so the next transfer, the decision and the return go to
 *   agencies that exist.
 */
export function applyReassignment(next: Dossier, event: EventOf<'REASSIGNED'>): Dossier {
  const { reassignment } = event;
  const successor = (code: string) => reassignment.remap[code] ?? code;
  const remapped: Dossier = {
    ...next,
    route: next.route.map((step) => ({ ...step, agencyCode: successor(step.agencyCode) })),
    competentAgency: successor(next.competentAgency),
    receivingAgency: successor(next.receivingAgency),
    ...(reassignment.receivingAgencyIdentifier ? { receivingAgencyIdentifier: reassignment.receivingAgencyIdentifier } : {}),
  };
  if (!event.handoff) return remapped;
  const { holderAgency: _holder, assignee: _assignee, ...inTransit } = remapped;
  const consultation = inTransit.consultation;
  return {
    ...inTransit,
    handoff: event.handoff,
    ...(inTransit.resumeTo?.status === 'IN_PROCESSING'
      ? { resumeTo: { status: 'IN_PROCESSING' as const, phase: 'TRANSFERRED' as const } }
      : {}),
    ...(consultation && !consultation.closedAt ? { consultation: { ...consultation, closedAt: event.at } } : {}),
  };
}

import type { Dossier, Handoff } from '../dossier';
import { IllegalActionError, RouteViolationError } from '../errors';
import type { EventHeader, EventOf } from '../events';
import { nextEventId } from './ids';
import { requireReason } from './inputs';
import type { CommandOf } from './types';

/** Handing a dossier on along its route, and sending a received one back. */

export function decideTransfer(dossier: Dossier, command: CommandOf<'TRANSFER'>, header: EventHeader): EventOf<'TRANSFERRED'> {
  const nextStep = dossier.routeStep + 1;
  const expected = dossier.route[nextStep]?.agencyCode;
  if (expected !== command.toAgency.code) {
    throw new RouteViolationError(
      expected
        ? `The next step of ${dossier.procedureCode} is at ${expected}, not ${command.toAgency.code}`
        : `The route of ${dossier.procedureCode} has no step after ${dossier.routeStep}`,
      { expectedAgency: expected ?? null, routeStep: dossier.routeStep },
    );
  }
  const handoff: Handoff = {
    id: nextEventId(dossier),
    kind: 'FORWARD',
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    fromAgency: holderOf(dossier, 'TRANSFER'),
    toAgency: command.toAgency.code,
    sentAt: header.at,
    routeStep: nextStep,
  };
  // A resolved dossier travels back with its result; otherwise the receiver starts a new step.
  const { phaseAfter: _ignored, ...rest } = header;
  const after =
    dossier.status === 'RESOLVED'
      ? { statusAfter: 'RESOLVED' as const }
      : { statusAfter: 'IN_PROCESSING' as const, phaseAfter: 'TRANSFERRED' as const };
  return { ...rest, ...after, type: 'TRANSFERRED', handoff, ...(command.note ? { note: command.note } : {}) };
}

/** The receiver sends the dossier back to its sender with a reason: a RETURN handoff, through the queue. */
export function decideReturnHandoff(
  dossier: Dossier,
  command: CommandOf<'RETURN_HANDOFF'>,
  header: EventHeader,
): EventOf<'HANDOFF_RETURNED'> {
  const received = dossier.handoff;
  // The rules table (HANDOFF_AWAITING_ACCEPTANCE) lets this happen only with a delivered handoff.
  if (!received) throw new IllegalActionError('There is no delivered handoff to return', { action: 'RETURN_HANDOFF' });
  if (received.kind === 'RETURN') {
    throw new IllegalActionError('A returned handoff is accepted by its sender, not returned again', { action: 'RETURN_HANDOFF' });
  }
  const reason = requireReason(command.reason);
  const handoff: Handoff = {
    id: nextEventId(dossier),
    kind: 'RETURN',
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    fromAgency: received.toAgency,
    toAgency: received.fromAgency,
    sentAt: header.at,
    routeStep: received.routeStep - 1,
    reason,
  };
  return { ...header, type: 'HANDOFF_RETURNED', handoff, reason };
}

/** The rules table lets a dossier be handed on only by its holder (place HOLDER). */
function holderOf(dossier: Dossier, action: string): string {
  if (dossier.holderAgency === undefined) throw new IllegalActionError(`${action}: the dossier is in transit`, { action });
  return dossier.holderAgency;
}

import { calendarFor } from '../clock';
import type { Consultation, Dossier } from '../dossier';
import { badInput, IllegalActionError } from '../errors';
import type { EventHeader, EventOf } from '../events';
import { nextEventId } from './ids';
import { requireReason } from './inputs';
import type { CommandOf } from './types';

/** Asking other agencies for their opinion (lấy ý kiến), each within its own budget. */

const MAX_CONSULTED_AGENCIES = 10;

export function decideOpinionRequest(
  dossier: Dossier,
  command: CommandOf<'REQUEST_OPINIONS'>,
  header: EventHeader,
  now: Date,
): EventOf<'OPINIONS_REQUESTED'> {
  const { agencies } = command;
  if (agencies.length === 0 || agencies.length > MAX_CONSULTED_AGENCIES) {
    throw badInput('agencies', `Ask 1 to ${MAX_CONSULTED_AGENCIES} agencies`);
  }
  const codes = agencies.map(({ agency }) => agency.code);
  if (new Set(codes).size !== codes.length || (dossier.holderAgency !== undefined && codes.includes(dossier.holderAgency))) {
    throw badInput('agencies', 'Each agency once, and not the lead agency itself');
  }
  if (agencies.some(({ budget }) => !Number.isInteger(budget.value) || budget.value < 1 || budget.value > 30)) {
    throw badInput('agencies.budget', 'Each budget is 1 to 30 working days or hours');
  }
  const calendar = calendarFor(dossier.officeHours);
  const consultation: Consultation = {
    id: nextEventId(dossier),
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    requestedAt: header.at,
    requestedBy: header.actor.officerId,
    question: requireReason(command.question),
    resumePhase: dossier.phase ?? 'APPRAISING',
    requests: agencies.map(({ agency, budget }) => ({ agencyCode: agency.code, budget, dueAt: calendar.dueAt(now, budget).toISOString() })),
  };
  return { ...header, type: 'OPINIONS_REQUESTED', consultation };
}

export function decideOpinion(dossier: Dossier, command: CommandOf<'GIVE_OPINION'>, header: EventHeader): EventOf<'OPINION_GIVEN'> {
  const consultation = openConsultation(dossier, 'GIVE_OPINION');
  const opinion = { agencyCode: header.actor.agencyCode, opinion: requireReason(command.opinion), agrees: command.agrees };
  const outstanding = consultation.requests.filter(
    (request) => request.answeredAt === undefined && request.agencyCode !== opinion.agencyCode,
  );
  // The last opinion ends the wait: the lead agency goes back to where it was.
  const after = outstanding.length === 0 ? { phaseAfter: consultation.resumePhase } : {};
  return { ...header, ...after, type: 'OPINION_GIVEN', opinion };
}

export function decideClosing(dossier: Dossier, header: EventHeader): EventOf<'CONSULTATION_CLOSED'> {
  return { ...header, type: 'CONSULTATION_CLOSED', phaseAfter: openConsultation(dossier, 'CLOSE_CONSULTATION').resumePhase };
}

/** The rules table lets these actions happen only while CONSULTING, which a consultation opened. */
function openConsultation(dossier: Dossier, action: string): Consultation {
  if (!dossier.consultation) throw new IllegalActionError(`${action}: the dossier has no consultation`, { action });
  return dossier.consultation;
}

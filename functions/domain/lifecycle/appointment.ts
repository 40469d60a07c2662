import { calendarFor, resumedDueAt } from '../clock';
import type { Dossier } from '../dossier';
import { ApologyNotAllowedError, badInput } from '../errors';
import type { EventHeader, EventOf } from '../events';
import { requireReason } from './inputs';
import type { CommandOf } from './types';

/** The appointment (due date): moved by the clock's pauses, and once by an apology (Form 04). */

/** The due date once the open pause closes now; undefined before acceptance (no clock yet). */
export function dueAfterResuming(dossier: Dossier, now: Date): string | undefined {
  if (!dossier.receivedAt) return dossier.dueAt;
  const pauses = dossier.clock.pauses.map((pause) => (pause.to ? pause : { ...pause, to: now.toISOString() }));
  // Never earlier than the appointment already issued (a schedule loaded since may count fewer days).
  return resumedDueAt(dossier.terms, new Date(dossier.receivedAt), pauses, dossier.dueAt, calendarFor(dossier.officeHours)).toISOString();
}

export function decideApology(dossier: Dossier, command: CommandOf<'APOLOGIZE'>, header: EventHeader, now: Date): EventOf<'APOLOGIZED'> {
  const calendar = calendarFor(dossier.officeHours);
  if (dossier.apology) {
    throw new ApologyNotAllowedError('The new appointment may be given no more than once', { apologizedAt: dossier.apology.at });
  }
  if (!dossier.dueAt) throw new ApologyNotAllowedError('The dossier has no due date yet');
  const dueAt = new Date(dossier.dueAt);
  if (!calendar.isApologyAllowed(now, dueAt)) {
    throw new ApologyNotAllowedError('The apology must come at least one working day before the due date', {
      latestApologyAt: calendar.latestApologyAt(dueAt).toISOString(),
    });
  }
  if (!(command.revisedDueAt.getTime() > dueAt.getTime())) {
    throw badInput('revisedDueAt', 'The new appointment must be later than the current one');
  }
  return { ...header, type: 'APOLOGIZED', reason: requireReason(command.reason), revisedDueAt: command.revisedDueAt.toISOString() };
}

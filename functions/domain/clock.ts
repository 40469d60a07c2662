import { type Calendar, calendarOf, getDefaultCalendar, keptAppointment, type OfficeSession } from './calendar';
import type { Verdict } from './calendar/deadline';
import type { ClockPause, Dossier, ProcedureTerms } from './dossier';
import { badInput } from './errors';

/**
 * The statutory clock of a dossier: it starts at acceptance (or the next working day after the
 * procedure's cut-off), stops while waiting for the applicant (supplements, and fees where the
 * procedure says so), and ends when the result is issued. Only closed pauses move the due date;
 * an open pause shows the date the dossier would have if the applicant answered now.
 */
/** Office hours a one-stop may have: HH:MM sessions in order, not overlapping. */
export function checkOfficeHours(officeHours: readonly OfficeSession[]): void {
  try {
    calendarFor(officeHours);
  } catch (error) {
    throw badInput('officeHours', `Office hours: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
  }
}

/** The calendar of a receiving point's office hours on the official schedules in force (cached per schedule set). */
export function calendarFor(officeHours?: readonly OfficeSession[]): Calendar {
  return calendarOf(officeHours);
}

/** A due date recomputed after a pause: the statutory one, never earlier than the appointment already issued. */
export function resumedDueAt(
  terms: ProcedureTerms,
  receivedAt: Date,
  pauses: readonly ClockPause[],
  issued: string | undefined,
  calendar: Calendar,
): Date {
  return keptAppointment(issued, statutoryDueAt(terms, receivedAt, pauses, calendar));
}

export function statutoryDueAt(
  terms: ProcedureTerms,
  receivedAt: Date,
  pauses: readonly ClockPause[],
  calendar: Calendar = getDefaultCalendar(),
): Date {
  return calendar.dueAt(receivedAt, terms.duration, {
    ...(terms.sameDayCutoff ? { cutoff: terms.sameDayCutoff } : {}),
    pauses: pauses
      .filter((pause) => pause.to !== undefined)
      .map((pause) => ({ from: new Date(pause.from), to: new Date(pause.to!), reason: pause.reason })),
  });
}

export interface DossierVerdict {
  /** Early / on time / late against the appointment (dueAt), at the end of processing or now. */
  verdict: Verdict;
  /** The national 766 count: more than one supplement request makes a dossier late. */
  nationalVerdict: Verdict;
  /** Whether the clock has ended (result issued, or the dossier stopped, withdrawn or refused). */
  final: boolean;
}

/** The end of processing per the 766 computation: the result, or a stop, a withdrawal or a refusal. */
export function processingEndedAt(dossier: Dossier): string | undefined {
  return dossier.result?.resolvedAt ?? dossier.stop?.at ?? dossier.withdrawal?.at ?? dossier.refusal?.at;
}

export function dossierVerdict(dossier: Dossier, now: Date, calendar: Calendar = calendarFor(dossier.officeHours)): DossierVerdict | null {
  if (!dossier.dueAt) return null;
  const ended = processingEndedAt(dossier);
  // An open dossier is "chưa đến hạn" until its due moment, not "trước hạn".
  const verdict = ended ? calendar.verdict(new Date(ended), new Date(dossier.dueAt)) : calendar.standing(now, new Date(dossier.dueAt));
  return {
    verdict,
    nationalVerdict: dossier.clock.supplementRequests > 1 ? 'LATE' : verdict,
    final: ended !== undefined,
  };
}

/**
 * The appointment on a receipt (Form 01) is a promise to the applicant. What happens to it when
 * the calendar changes after it was issued (an official schedule loaded late, after dossiers were
 * receipted with due dates the statute gave) — docs/rules.md, "A schedule that arrives late":
 *
 * 1. An issued due date never moves earlier. A recomputation (after a supplement or a fee pause)
 *    that lands before the issued date under the new calendar keeps the issued date.
 * 2. If the schedule makes the issued due day itself a day off, the period ends at the end of the
 *    next working day (Civil Code art. 148): the dossier is judged against that moment, so
 *    nobody is late for a day the office was closed. The stored date is not rewritten (the
 *    receipt says what it says; finding every such dossier would need a scan).
 * 3. Working days lost or gained strictly between receipt and the due day do not move the
 *    appointment: the applicant planned on the printed date, official schedules are announced
 *    weeks ahead and their swapped days come with make-up Saturdays. An agency that cannot make
 *    it uses the apology with a new appointment (Form 04), as for any other delay.
 *
 * New dossiers, and every due date computed after the load, use the new calendar.
 */
import { type Clockwork, nextWorkingDay } from './deadline';
import { fromLocal, toLocal } from './vn-time';
import { lastSessionEnd } from './working-time';

/** Rule 2: the moment a due date holds the agency to under the calendar in force now. */
export function heldDueAt(cw: Clockwork, due: Date): Date {
  const local = toLocal(due);
  if (cw.isWorkingDay(local.day)) return due;
  return fromLocal(nextWorkingDay(cw, local.day), lastSessionEnd(cw.sessions));
}

/** Rule 1: a recomputed due date, never earlier than the one already issued. */
export function keptAppointment(issued: string | undefined, recomputed: Date): Date {
  if (issued === undefined) return recomputed;
  const promised = new Date(issued);
  return promised.getTime() > recomputed.getTime() ? promised : recomputed;
}

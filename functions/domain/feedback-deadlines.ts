import type { Calendar } from './calendar';

/**
 * Deadlines of the feedback (PAKN) steps, in working days on the working-day calendar, as data
 * with their sources. Markers as in domain.md §0: [V] verified, [P] plausible (a provincial or
 * vendor source), [U] unconfirmed (our choice until the client confirms).
 */
export interface FeedbackDeadline {
  workingDays: number;
  /** What the count starts from. */
  from: 'RECEIVED' | 'ROUTED' | 'ANSWERED';
  marker: 'V' | 'P' | 'U';
  source: string;
}

export const FEEDBACK_DEADLINES = {
  /** Classify (and reject, when the feedback does not meet art. 7). */
  CLASSIFY: {
    workingDays: 2,
    from: 'RECEIVED',
    marker: 'P',
    source: 'National 766 computation: refusal within 2 working days (domain.md §(h) 5.2, from a public copy of the technical note)',
  },
  /** Forward what is outside the agency's authority. */
  FORWARD: {
    workingDays: 5,
    from: 'RECEIVED',
    marker: 'P',
    source: 'Decree 20/2008/NĐ-CP as amended: outside authority → forwarded within 5 working days (domain.md Appendix D)',
  },
  /** Answer feedback about the handling of a dossier, or about an officer's conduct. */
  ANSWER_DOSSIER: {
    workingDays: 10,
    from: 'ROUTED',
    marker: 'P',
    source: 'Ninh Bình: feedback on the handling of a dossier answered within 10 working days (domain.md Appendix D)',
  },
  /** Answer feedback about a procedure or regulation (Decree 20/2008 art. 14 processing). */
  ANSWER_REGULATION: {
    workingDays: 15,
    from: 'ROUTED',
    marker: 'P',
    source: 'National 766 computation: handling within 15 working days (domain.md §(h) 5.2); Decree 92/2017 amendments: U',
  },
  /** Publish the answer. */
  PUBLISH: {
    workingDays: 2,
    from: 'ANSWERED',
    marker: 'P',
    source: 'National 766 computation: publication within 2 working days (domain.md §(h) 5.2)',
  },
} as const satisfies Record<string, FeedbackDeadline>;

export type FeedbackStep = keyof typeof FEEDBACK_DEADLINES;

/** "Nearly due": the deadline falls within this many working days from now [U: our choice]. */
export const NEARLY_DUE_WORKING_DAYS = 2;

export function deadlineOf(step: FeedbackStep, from: Date, calendar: Calendar): Date {
  return calendar.addWorkingDays(from, FEEDBACK_DEADLINES[step].workingDays);
}

/** The latest deadline that counts as nearly due at `now`. */
export function nearlyDueLimit(now: Date, calendar: Calendar): Date {
  return calendar.addWorkingDays(now, NEARLY_DUE_WORKING_DAYS);
}

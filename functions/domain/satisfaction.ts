import type { Dossier, DossierEvent } from './dossier';
import { AlreadyRatedError, badInput, RatingNotOpenError } from './errors';
import type { Actor } from './events';
import { evolve } from './lifecycle/evolve';
import type { Transition } from './lifecycle/types';
import { type RatingChannel, SATISFACTION_LEVELS, type SatisfactionLevel } from './satisfaction-levels';

export * from './satisfaction-levels';

/**
 * The applicant's rating of one dossier (issue 12): once, after the result was returned, at the
 * counter or online. It is anonymous towards officers: the level and reason of one dossier are
 * kept in its RATED event (for the counts) and shown to nobody; officers see counts and rates per
 * agency, procedure and period only (`officerHistory` below, services/satisfaction.ts).
 */
export interface RatingInput {
  level: SatisfactionLevel;
  reason?: string | undefined;
  channel: RatingChannel;
}

export const REASON_MAX_LENGTH = 1000;

/** Who recorded an online rating: the applicant, not an officer and not an agency. */
export const APPLICANT_ACTOR: Actor = { officerId: 'applicant', agencyCode: 'system', role: 'APPLICANT' };

/** Checks the input alone (before anything is read): level known, reason required for DISSATISFIED. */
export function checkRating(input: RatingInput): { level: SatisfactionLevel; reason?: string } {
  if (!(SATISFACTION_LEVELS as readonly string[]).includes(input.level)) throw badInput('level', 'Unknown satisfaction level');
  const reason = input.reason?.trim();
  if (reason && reason.length > REASON_MAX_LENGTH) throw badInput('reason', `The reason is at most ${REASON_MAX_LENGTH} characters`);
  if (input.level === 'DISSATISFIED' && !reason) throw badInput('reason', 'Say why the service was not satisfying (không hài lòng)');
  return { level: input.level, ...(reason ? { reason } : {}) };
}

/** The RATED transition: only a returned dossier, only once. */
export function rate(dossier: Dossier, input: RatingInput, context: { now: Date; actor: Actor }): Transition {
  const checked = checkRating(input);
  if (dossier.status !== 'RETURNED') throw new RatingNotOpenError(undefined, { status: dossier.status });
  if (dossier.ratedAt) throw new AlreadyRatedError();
  const event: DossierEvent = {
    dossierId: dossier.id,
    version: dossier.version + 1,
    at: context.now.toISOString(),
    actor: context.actor,
    statusAfter: dossier.status,
    type: 'RATED',
    ...checked,
    channel: input.channel,
  };
  return { dossier: evolve(dossier, event), event };
}

/** The public rating page with the dossier's code and receipt secret (what the QR code on the receipt holds). */
export function ratingLink(pageUrl: string, dossierCode: string, secret: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('ma', dossierCode);
  url.searchParams.set('k', secret);
  return url.toString();
}

/** Where a rating counts: the agency that decided (DonViXuLy in the national sync), the procedure, the day rated (VN). */
export interface RatingCell {
  agencyCode: string;
  procedureCode: string;
  day: string;
}

/**
 * A dossier's history as officers see it: without its rating. Not only level and reason: the
 * moment too, since a rating's day, agency and procedure are exactly a cell of the counts, and a
 * cell that holds one rating would give its level away. The rating comes after the result was
 * returned, so the history officers see simply ends there.
 */
export function officerHistory(events: readonly DossierEvent[]): DossierEvent[] {
  return events.filter((event) => event.type !== 'RATED');
}

export type LevelCounts = Readonly<Record<SatisfactionLevel, number>>;
export const NO_RATINGS: LevelCounts = { VERY_SATISFIED: 0, SATISFIED: 0, DISSATISFIED: 0 };

export const addCounts = (a: LevelCounts, b: LevelCounts): LevelCounts => ({
  VERY_SATISFIED: a.VERY_SATISFIED + b.VERY_SATISFIED,
  SATISFIED: a.SATISFIED + b.SATISFIED,
  DISSATISFIED: a.DISSATISFIED + b.DISSATISFIED,
});

export interface SatisfactionFigures {
  total: number;
  counts: LevelCounts;
  /** Per level, in % with 2 decimals [P: domain.md §(h)]; null when nothing was rated ("N/A"). */
  percents: Readonly<Record<SatisfactionLevel, number | null>>;
  /** Rất hài lòng + hài lòng, in %; null ("N/A") with no ratings. */
  satisfiedPercent: number | null;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);

export function satisfactionFigures(counts: LevelCounts): SatisfactionFigures {
  const total = counts.VERY_SATISFIED + counts.SATISFIED + counts.DISSATISFIED;
  return {
    total,
    counts,
    percents: {
      VERY_SATISFIED: percent(counts.VERY_SATISFIED, total),
      SATISFIED: percent(counts.SATISFIED, total),
      DISSATISFIED: percent(counts.DISSATISFIED, total),
    },
    satisfiedPercent: percent(counts.VERY_SATISFIED + counts.SATISFIED, total),
  };
}

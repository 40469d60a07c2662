/**
 * The three levels of the applicant's rating of one dossier [P: a real provincial one-stop (TH),
 * domain.md Appendix D "Satisfaction"]; a reason is required for the last one.
 */
export const SATISFACTION_LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'DISSATISFIED'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export const SATISFACTION_LABELS: Readonly<Record<SatisfactionLevel, string>> = {
  VERY_SATISFIED: 'Rất hài lòng',
  SATISFIED: 'Hài lòng',
  DISSATISFIED: 'Không hài lòng',
};

/** At the counter (an officer records it on the applicant's behalf) or online (code + receipt secret). */
export type RatingChannel = 'COUNTER' | 'ONLINE';

import type { Applicant, Dossier } from '#domain/dossier';
import type { TrackingBookRow } from '#domain/forms';

/** The applicant as GraphQL shows it: with its dossier, so each field can apply the access rules. */
export interface ApplicantView {
  applicant: Applicant;
  dossier: Dossier;
}

/** The register page as `trackingBook` returns it: with its period, so `voidNumbers` reads the same one. */
export interface TrackingBookPageView {
  rows: TrackingBookRow[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  period: { from: string; to: string };
}

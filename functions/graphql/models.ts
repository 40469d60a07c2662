import type { Applicant, Dossier } from '#domain/dossier';

/** The applicant as GraphQL shows it: with its dossier, so each field can apply the access rules. */
export interface ApplicantView {
  applicant: Applicant;
  dossier: Dossier;
}

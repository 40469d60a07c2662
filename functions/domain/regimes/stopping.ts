import { DecisionAlreadyIssuedError } from '../errors';

/**
 * Stopping at the applicant's request (rút hồ sơ / đề nghị dừng giải quyết): allowed until a
 * decision is issued (Decree 118/2025 art. 21: the one-stop checks the status first). A signed
 * but not yet issued decision does not stop it; an issued one does, with its own code so a front
 * end can tell the applicant why rather than show "not allowed in this state".
 */
/** A dossier may be stopped at the applicant's request only until a decision is issued. */
export function assertNoDecisionIssued(dossier: { id: string; result?: { resolvedAt: string } }, cause?: Error): void {
  if (dossier.result) {
    throw new DecisionAlreadyIssuedError(
      `Dossier ${dossier.id} has a decision already (issued ${dossier.result.resolvedAt}); it can no longer be stopped`,
      { dossierId: dossier.id, resolvedAt: dossier.result.resolvedAt },
      cause ? { cause } : undefined,
    );
  }
}

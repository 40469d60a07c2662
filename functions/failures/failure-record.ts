import type { HandoffMessageKind } from '#queue/handoff-message';

/** What the consumer knows when a message fails. */
export interface FailureReport {
  agencyCode: string;
  /** `HANDOFF#<id>` or `BODY#<hash>` (subject.ts). */
  key: string;
  handoffId?: string | undefined;
  dossierId?: string | undefined;
  /** PORTAL_SYNC: a dossier's sync with the national portal (agency PORTAL_FAILURE_AGENCY). */
  kind?: HandoffMessageKind | 'PORTAL_SYNC' | undefined;
  /** A domain error code (INVALID_MESSAGE, CONFLICT, …) or UNEXPECTED. */
  reason: string;
  /** The error's class name (ThrottlingException, TimeoutError, DomainError, …). */
  errorName: string;
  message: string;
  messageId: string;
  receiveCount: number;
  /** The queue moves the message to its DLQ instead of delivering it again. */
  deadLettered: boolean;
  at: Date;
}

/** A failing handoff as officers and operators see it. */
export interface HandoffFailureRecord extends Omit<FailureReport, 'at'> {
  firstFailedAt: string;
  lastFailedAt: string;
  redriveCount: number;
  redrivenAt?: string;
}

/** Where the consumer keeps its failure records (the failures service). */
export interface FailureLog {
  record(report: FailureReport): Promise<void>;
  clear(agencyCode: string, key: string): Promise<void>;
}

/**
 * The failures list's "agency" for the national portal's sync: its messages sit in one queue for
 * the province, not in an agency's; a province administrator lists and redrives them under it.
 */
export const PORTAL_FAILURE_AGENCY = 'DVCQG';

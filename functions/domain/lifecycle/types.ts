import type { Duration } from '../catalog';
import type { CodeForm } from '../codes/code-forms';
import type { DigitisationExemption, Provenance, StoredFile } from '../documents';
import type { AgencyRef, Decision, Dossier, DossierEvent } from '../dossier';
import type { Fee, PaidVia } from '../fees';

export interface Caller {
  officerId: string;
  name: string;
  agencyCode: string;
  roles: readonly string[];
}

/** What every change of a dossier produces: the one event, and the head it leads to. */
export interface Transition {
  dossier: Dossier;
  event: DossierEvent;
}

export interface ActContext {
  caller: Caller;
  now: Date;
}

export type DeliveryMode = 'COUNTER' | 'POST' | 'ELECTRONIC';

/**
 * The officer actions, one variant each. Ids of what an action creates (a handoff, a
 * consultation) are not given: the domain names them (ids.ts).
 */
export type Command =
  | { action: 'REQUEST_COMPLETION'; items: { code: string; note?: string }[]; reason: string }
  | { action: 'RESUBMIT'; documents: { code: string; copies: number }[] }
  | { action: 'REFUSE'; reason: string }
  /** `codeForm`: the province's dossier code form in force (functions/domain/codes); the rule set's own by default. */
  | { action: 'ACCEPT'; sequence: number; codeForm?: CodeForm }
  | { action: 'TRANSFER'; toAgency: AgencyRef; note?: string }
  | { action: 'ACCEPT_HANDOFF' }
  | { action: 'RETURN_HANDOFF'; reason: string }
  | { action: 'REQUEST_OPINIONS'; question: string; agencies: { agency: AgencyRef; budget: Duration }[] }
  | { action: 'GIVE_OPINION'; opinion: string; agrees: boolean }
  | { action: 'CLOSE_CONSULTATION' }
  | { action: 'ASSIGN'; assignee: string }
  | { action: 'START_APPRAISAL' }
  | { action: 'SUBMIT_FOR_SIGNATURE' }
  | { action: 'SIGN'; decision: Decision }
  | { action: 'ISSUE'; resultNumber?: string }
  | { action: 'APPROVE_AT_COUNTER'; decision: Decision; resultNumber?: string }
  | { action: 'REQUEST_SUPPLEMENT'; items: { code: string; note?: string }[]; reason: string }
  | { action: 'RECEIVE_SUPPLEMENT'; documents: { code: string; copies: number }[] }
  | { action: 'REQUEST_FINANCIAL_OBLIGATION'; amount: number; reason: string }
  | { action: 'CONFIRM_FINANCIAL_OBLIGATION' }
  | { action: 'APOLOGIZE'; reason: string; revisedDueAt: Date }
  | { action: 'WITHDRAW'; reason?: string }
  | { action: 'STOP'; reason: string }
  | { action: 'RETURN_RESULT'; deliveryMode: DeliveryMode }
  | { action: 'ASSESS_FEES'; fees: Fee[] }
  /** `paidAt`: when the portal says it was paid; a counter payment is paid now. */
  | { action: 'RECORD_FEE_PAYMENT'; code: string; paidVia: PaidVia; paidAt?: Date }
  | {
      action: 'ATTACH_DOCUMENT';
      componentCode: string;
      documentId: string;
      provenance: Provenance;
      exemption?: DigitisationExemption;
      sourceDocumentId?: string;
      file?: StoredFile;
    }
  | { action: 'ATTACH_RESULT_DOCUMENT'; documentId: string; number: string; issuedOn: string; signer: string; file: StoredFile };

export type CommandOf<A extends Command['action']> = Extract<Command, { action: A }>;

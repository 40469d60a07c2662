import type { DigitisationExemption, Provenance, StoredFile } from './documents';
import type {
  Consultation,
  Decision,
  Dossier,
  DossierStatus,
  HandedInDocument,
  Handoff,
  MissingItem,
  Phase,
  Reassignment,
  ReassignmentReason,
} from './dossier';
import type { Fee, PaidVia } from './fees';
import type { RatingChannel, SatisfactionLevel } from './satisfaction-levels';

/**
 * One fact in a dossier's life. It carries everything `evolve` needs to apply it, so the head can
 * always be rebuilt from the history alone; derived values (a moved due date) are decided once,
 * when the event is created, and stored with it.
 *
 * A discriminated union by `type`: each type carries exactly its own fields (the table below), and
 * the others' fields are absent (`?: never`), so narrowing on `type` gives the fields without `!`,
 * while reading a field on any event (`event.handoff?.id`) still type-checks.
 */
export interface EventFields {
  /** The dossier as handed in. */
  SUBMITTED: { initial: Omit<Dossier, 'version' | 'updatedAt'> };
  COMPLETION_REQUESTED: { items: MissingItem[]; reason: string };
  RESUBMITTED: { documents: HandedInDocument[] };
  REFUSED: { reason: string };
  ACCEPTED: { code: string; dueAt: string };
  TRANSFERRED: { handoff: Handoff; note?: string };
  DELIVERED: { handoff: Handoff };
  HANDOFF_ACCEPTED: {};
  HANDOFF_RETURNED: { handoff: Handoff; reason: string };
  OPINIONS_REQUESTED: { consultation: Consultation };
  OPINION_GIVEN: { opinion: { agencyCode: string; opinion: string; agrees: boolean } };
  CONSULTATION_CLOSED: {};
  ASSIGNED: { assignee: string };
  APPRAISAL_STARTED: {};
  SUBMITTED_FOR_SIGNATURE: {};
  SIGNED: { decision: Decision };
  ISSUED: { decision: Decision; resultNumber?: string };
  APPROVED_AT_COUNTER: { decision: Decision; resultNumber?: string };
  SUPPLEMENT_REQUESTED: { items: MissingItem[]; reason: string };
  /** `dueAt`: the appointment moved by the closed pause (absent before acceptance). */
  SUPPLEMENT_RECEIVED: { documents: HandedInDocument[]; dueAt?: string };
  FINANCIAL_OBLIGATION_REQUESTED: { amount: number; reason: string; pausesClock: boolean };
  FINANCIAL_OBLIGATION_MET: { dueAt?: string };
  APOLOGIZED: { reason: string; revisedDueAt: string };
  WITHDRAWN: { reason?: string };
  STOPPED: { reason: string };
  RESULT_RETURNED: { deliveryMode: string };
  /**
   * The 01/07/2025 reorganisation moved the dossier from a closed agency (functions/domain/migration/):
   * with a handoff when it travels to a new holder; `reason` repeats the reassignment's, for history lists.
   */
  REASSIGNED: { reassignment: Reassignment; reason: ReassignmentReason; handoff?: Handoff };
  /** Issue 10: the fees assessed (a new assessment replaces the unpaid lines; paid ones stay). */
  FEES_ASSESSED: { fees: Fee[] };
  /** Issue 10: one fee line paid, online through the portal or at the counter. */
  FEE_PAID: { code: string; paidVia: PaidVia; paidAt: string };
  /**
   * Issue 10: an operator asked that the portal get this dossier's current state again. It changes
   * nothing on the dossier; the relay turns it, like every dossier event, into a sync message.
   */
  PORTAL_RESYNC_REQUESTED: { scope: 'DOSSIER' | 'DAY'; reason?: string };
  /**
   * Issue 11: a component's document, with how it came (documents.ts). `file` is the verified
   * stored file (absent when EXEMPT); `sourceDocumentId` names the e-result a REUSED_RESULT reuses.
   */
  DOCUMENT_ATTACHED: {
    componentCode: string;
    documentId: string;
    provenance: Provenance;
    exemption?: DigitisationExemption;
    sourceDocumentId?: string;
    file?: StoredFile;
  };
  /** Issue 11: the deciding agency's electronic result (số, ngày, người ký, tệp). */
  RESULT_DOCUMENT_ATTACHED: { documentId: string; number: string; issuedOn: string; signer: string; file: StoredFile };
  /**
   * The applicant rated the service once the result was returned (issue 12). Officers never see
   * `level` or `reason` of one dossier (domain/satisfaction.ts redacts them from every officer view).
   */
  RATED: { level: SatisfactionLevel; reason?: string; channel: RatingChannel };
}

export type DossierEventType = keyof EventFields;

export interface Actor {
  officerId: string;
  agencyCode: string;
  role: string;
}

/** What every event carries. */
export interface EventHeader {
  dossierId: string;
  /** Equals the dossier's version after the event: 1, 2, 3… with no gaps. */
  version: number;
  at: string;
  actor: Actor;
  statusAfter: DossierStatus;
  phaseAfter?: Phase;
}

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;
type AnyEventField = keyof UnionToIntersection<EventFields[DossierEventType]>;
type Absent<Keys extends PropertyKey> = { [K in Keys]?: never };

/** The event of one type: the header, its own fields, and none of the others'. */
export type EventOf<T extends DossierEventType> = EventHeader & { type: T } & EventFields[T] &
  Absent<Exclude<AnyEventField, keyof EventFields[T]>>;

export type DossierEvent = { [T in DossierEventType]: EventOf<T> }[DossierEventType];

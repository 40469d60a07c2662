import type { AgencyLevel } from './agencies';
import type { CopyType, Duration, RouteStep } from './catalog';
import type { AttachedDocument, FileRules, ResultDocument } from './documents';
import type { DossierFee } from './fees';
import type { Guidance } from './regimes/guidance';
import type { RegimeId } from './regimes/types';
import type { ResultDelivery } from './routing-reception';

/** A route step with the agency that performs it, resolved when the dossier is handed in. */
export interface ResolvedStep extends RouteStep {
  agencyCode: string;
}

/**
 * The dossier (hồ sơ) and its history. The head record is the fold of its events (`evolve` in
 * lifecycle/evolve.ts): each action appends exactly one event and bumps `version` by one, in one
 * transaction, so the history is gap-free and two officers acting on the same version cannot
 * both win.
 */

/** Internal states (domain.md §d.2) with the national portal's TrangThaiHoSo code. */
export const DOSSIER_STATUSES = {
  SUBMITTED: { nationalCode: 1, label: 'Mới đăng ký', terminal: false },
  PENDING_COMPLETION: { nationalCode: 5, label: 'Yêu cầu bổ sung giấy tờ', terminal: false },
  NOT_RECEIVED: { nationalCode: 3, label: 'Không được tiếp nhận', terminal: true },
  RECEIVED: { nationalCode: 2, label: 'Được tiếp nhận', terminal: false },
  IN_PROCESSING: { nationalCode: 4, label: 'Đang xử lý', terminal: false },
  SUPPLEMENT_REQUESTED: { nationalCode: 5, label: 'Yêu cầu bổ sung giấy tờ', terminal: false },
  AWAITING_FINANCIAL_OBLIGATION: { nationalCode: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính', terminal: false },
  WITHDRAWN: { nationalCode: 7, label: 'Công dân yêu cầu rút hồ sơ', terminal: true },
  STOPPED: { nationalCode: 8, label: 'Dừng xử lý', terminal: true },
  RESOLVED: { nationalCode: 9, label: 'Đã xử lý xong', terminal: false },
  RETURNED: { nationalCode: 10, label: 'Đã trả kết quả', terminal: true },
} as const;

export type DossierStatus = keyof typeof DOSSIER_STATUSES;

/** Sub-steps of IN_PROCESSING (domain.md §d.2, S5). */
export const PHASES = {
  TRANSFERRED: 'Đã chuyển xử lý',
  ASSIGNED: 'Đã phân công',
  APPRAISING: 'Đang thẩm định',
  CONSULTING: 'Đang lấy ý kiến',
  AWAITING_SIGNATURE: 'Chờ ký duyệt',
  SIGNED: 'Đã ký',
} as const;

export type Phase = keyof typeof PHASES;

export type Channel = 'DIRECT' | 'ONLINE' | 'POSTAL';

export interface Address {
  /** The commune's agency code; routing resolves competent agencies from it. */
  communeAgencyCode: string;
  street?: string;
}

export interface Applicant {
  kind: 'CITIZEN' | 'ORGANISATION';
  fullName: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address: Address;
}

export interface HandedInDocument {
  code: string;
  name: string;
  copies: number;
}

/** An item the applicant must add or correct (Forms 02): always one of the procedure's documents. */
export interface MissingItem {
  code: string;
  name: string;
  copyType: CopyType;
  copies: number;
  note?: string;
}

export interface AgencyRef {
  code: string;
  identifier: string;
  level: AgencyLevel;
}

/**
 * The terms of the procedure version the dossier was received under, copied at submission: a
 * later catalog change never rewrites them, and actions need no catalog read.
 */
export interface ProcedureTerms {
  code: string;
  version: number;
  name: string;
  /** The level of the competent agency (cấp thực hiện). */
  level: AgencyLevel;
  duration: Duration;
  documents: { code: string; name: string; copyType: CopyType; copies: number; required: boolean; file?: FileRules }[];
  route: RouteStep[];
  fourOnTheSpot: boolean;
  /** Whether waiting for fees or taxes stops the clock (a per-procedure rule, domain.md §f.6b [U]). */
  financialObligationPausesClock: boolean;
  /** `HH:MM`: accepted after it → counted from the next working day, where the procedure says so. */
  sameDayCutoff?: string;
}

/**
 * A handover between agencies: sent by one transaction, delivered into the receiver's inbox by
 * its queue consumer (or its own system's acknowledgement), then accepted by the receiver or
 * returned to the sender with a reason (which sends a RETURN handoff back).
 */
export interface Handoff {
  id: string;
  kind: 'FORWARD' | 'RETURN';
  dossierCode?: string;
  procedureCode: string;
  fromAgency: string;
  toAgency: string;
  sentAt: string;
  /** Index of the route step the receiver performs. */
  routeStep: number;
  deliveredAt?: string;
  acceptedAt?: string;
  /** Set when the receiver sent it back; the reason travels with the RETURN handoff. */
  returnedAt?: string;
  reason?: string;
}

/** One agency asked for its opinion (lấy ý kiến), with its own budget. */
export interface OpinionRequest {
  agencyCode: string;
  budget: Duration;
  dueAt: string;
  answeredAt?: string;
  opinion?: string;
  agrees?: boolean;
  answeredBy?: string;
}

export interface Consultation {
  id: string;
  dossierCode?: string;
  procedureCode: string;
  requestedAt: string;
  requestedBy: string;
  question: string;
  /** The phase the lead agency returns to once every opinion is in or overdue. */
  resumePhase: Phase;
  requests: OpinionRequest[];
  closedAt?: string;
}

export type PauseReason = 'SUPPLEMENT' | 'FINANCIAL_OBLIGATION';

export interface ClockPause {
  reason: PauseReason;
  from: string;
  to?: string;
}

export type Decision = 'APPROVED' | 'DENIED';

export interface Dossier {
  id: string;
  /** Assigned at acceptance: `<agency identifier>-YYMMDD-NNNN` (TT 01/2018 art. 19). */
  code?: string;
  procedureCode: string;
  procedureVersion: number;
  procedureName: string;
  terms: ProcedureTerms;
  /**
   * The rule set the dossier was handed in under (functions/domain/regimes), kept to the end like
   * its procedure version. Absent on dossiers stored before rule sets: `regimeOf` picks theirs.
   */
  regime?: RegimeId;
  /** The one-time guidance (Form 02): what the first request listed, and how many were issued. */
  guidance?: Guidance;
  status: DossierStatus;
  /** Set while IN_PROCESSING. */
  phase?: Phase | undefined;
  /** The state a paused dossier returns to (supplement or financial obligation). */
  resumeTo?: { status: DossierStatus; phase?: Phase | undefined };
  channel: Channel;
  applicant: Applicant;
  documents: HandedInDocument[];
  /** Where the applicant handed the dossier in (any reception point of the province from 01/07/2025). */
  receivingAgency: string;
  receivingAgencyIdentifier: string;
  /** The receiving one-stop's office hours when it has its own; the clock counts in them. */
  officeHours?: { start: string; end: string }[];
  /** The subject commune and its ancestors, nearest first: routing resolves steps from it. */
  subjectChain: AgencyRef[];
  /** The route with its agencies: where the dossier goes, step by step, and back. */
  route: ResolvedStep[];
  /** The agency with competence to decide (cơ quan có thẩm quyền): the internal steps happen there. */
  competentAgency: string;
  /** Where the result goes back, as the applicant chose at submission; absent on older dossiers: the receiving point. */
  resultDelivery?: ResultDelivery;
  /** The agency working on it now; absent while a handoff is in transit. */
  holderAgency?: string;
  assignee?: string;
  /** Index into the route of the step the holder performs. */
  routeStep: number;
  handoff?: Handoff;
  consultation?: Consultation;
  /** When the one-stop first handed the dossier on (the register's "ngày chuyển"). */
  transferredAt?: string;
  submittedAt: string;
  receivedAt?: string;
  /** The appointment (NgayHenTra): statutory due, moved by clock pauses. Statistics judge against it. */
  dueAt?: string;
  clock: { pauses: ClockPause[]; supplementRequests: number };
  /** Form 04: at most one apology with a new appointment date. */
  apology?: { at: string; reason: string; revisedDueAt: string; officerId: string };
  /** The open Form 02 before reception (PENDING_COMPLETION) or the last one after it. */
  completionRequest?: { at: string; items: MissingItem[]; reason: string; officerId: string; afterReception: boolean };
  refusal?: { at: string; reason: string; officerId: string };
  stop?: { at: string; reason: string; officerId: string };
  /** Withdrawn at the applicant's request; `officerId` is who recorded it (absent on dossiers stored before it was kept). */
  withdrawal?: { at: string; reason?: string; officerId?: string };
  /** Signed (SIGNED phase) but not yet issued. */
  pendingDecision?: Decision;
  result?: { decision: Decision; resolvedAt: string; resultNumber?: string };
  returnedAt?: string;
  /** Filed online on the national portal: the portal's dossier code (MaHoSo), kept as the portal issued it. */
  portalCode?: string;
  /** Fees and charges assessed, each with its payment (FEES_ASSESSED, FEE_PAID). */
  fees?: DossierFee[];
  /** Each component's document as attached (DOCUMENT_ATTACHED), latest per component last; digitisation.ts reads the flags off it. */
  attachments?: AttachedDocument[];
  /** The electronic result (RESULT_DOCUMENT_ATTACHED): it travels back with the dossier. */
  resultDocument?: ResultDocument;
  /** When the applicant rated the service (never how: see domain/satisfaction.ts). */
  ratedAt?: string;
  version: number;
  updatedAt: string;
}

export type { Actor, DossierEvent, DossierEventType, EventOf } from './events';

/** Why a dossier left a closed agency at the 01/07/2025 reorganisation (Decree 140/2025 art. 32(2)). */
export type ReassignmentReason =
  /** Held by an abolished district: the applicant's old commune went whole into one new commune. */
  | 'SUCCESSOR_COMMUNE'
  /** Held by a merged commune that went whole into one new commune. */
  | 'COMMUNE_MERGED'
  /** The old commune was split between several new communes: the province decides. */
  | 'PARTIAL_MERGE'
  /** The old commune has no successor in the table (or the applicant lived elsewhere): the province. */
  | 'NO_SUCCESSOR'
  /** Held by a province merged into another: the merged province. */
  | 'MERGED_PROVINCE'
  /** In transit at the cut-over to an agency that continues: sent again through its new queue. */
  | 'IN_TRANSIT'
  /** Held by an agency that continues, but later steps named closed agencies: only the route changes. */
  | 'ROUTE_REMAPPED';

export interface Reassignment {
  fromAgency: string;
  toAgency: string;
  reason: ReassignmentReason;
  /** Closed agency code → the agency that takes its place in this dossier's route, competence and reception. */
  remap: Record<string, string>;
  /** A dossier not yet accepted: the identifier its code will carry, the new receiving one-stop's. */
  receivingAgencyIdentifier?: string;
  legalBasis: string;
}

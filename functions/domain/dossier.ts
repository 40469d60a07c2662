import type { AgencyLevel } from './agencies';
import type { Duration } from './catalog';

/**
 * The dossier (hồ sơ) and its history. The head record is a cache of the fold over its events:
 * each action appends exactly one event and bumps `version` by one, in one transaction, so the
 * history is gap-free and two officers acting on the same version cannot both win.
 */

/** Internal states (domain.md §d.2) with the national portal's TrangThaiHoSo code. */
export const DOSSIER_STATUSES = {
  SUBMITTED: { nationalCode: 1, label: 'Mới đăng ký' },
  PENDING_COMPLETION: { nationalCode: 5, label: 'Yêu cầu bổ sung giấy tờ' },
  NOT_RECEIVED: { nationalCode: 3, label: 'Không được tiếp nhận' },
  RECEIVED: { nationalCode: 2, label: 'Được tiếp nhận' },
  IN_PROCESSING: { nationalCode: 4, label: 'Đang xử lý' },
  SUPPLEMENT_REQUESTED: { nationalCode: 5, label: 'Yêu cầu bổ sung giấy tờ' },
  AWAITING_FINANCIAL_OBLIGATION: { nationalCode: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính' },
  WITHDRAWN: { nationalCode: 7, label: 'Công dân yêu cầu rút hồ sơ' },
  STOPPED: { nationalCode: 8, label: 'Dừng xử lý' },
  RESOLVED: { nationalCode: 9, label: 'Đã xử lý xong' },
  RETURNED: { nationalCode: 10, label: 'Đã trả kết quả' },
} as const;

export type DossierStatus = keyof typeof DOSSIER_STATUSES;

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

/** A handover between agencies: sent by one transaction, delivered by the receiver's consumer. */
export interface Handoff {
  id: string;
  dossierCode?: string;
  procedureCode: string;
  fromAgency: string;
  toAgency: string;
  sentAt: string;
  /** Index of the route step the receiver performs. */
  routeStep: number;
  deliveredAt?: string;
}

export interface Dossier {
  id: string;
  /** Assigned at acceptance: `<agency identifier>-YYMMDD-NNNN` (TT 01/2018 art. 19). */
  code?: string;
  procedureCode: string;
  procedureVersion: number;
  procedureName: string;
  procedureDuration: Duration;
  status: DossierStatus;
  channel: Channel;
  applicant: Applicant;
  documents: HandedInDocument[];
  /** Where the applicant handed the dossier in and collects the result. */
  receivingAgency: string;
  /** The agency working on it now; absent while a handoff is in transit. */
  holderAgency?: string;
  /** Index into the procedure's route of the step the holder performs. */
  routeStep: number;
  handoff?: Handoff;
  submittedAt: string;
  receivedAt?: string;
  dueAt?: string;
  version: number;
  updatedAt: string;
}

export type DossierEventType = 'SUBMITTED' | 'ACCEPTED' | 'TRANSFERRED' | 'DELIVERED';

export interface Actor {
  officerId: string;
  agencyCode: string;
  role: string;
}

/** The platform itself (queue consumers) acting on a dossier. */
export const SYSTEM_ACTOR: Actor = { officerId: 'system', agencyCode: 'system', role: 'SYSTEM' };

export interface DossierEvent {
  dossierId: string;
  /** Equals the dossier's version after the event: 1, 2, 3… with no gaps. */
  version: number;
  type: DossierEventType;
  at: string;
  actor: Actor;
  statusAfter: DossierStatus;
  note?: string;
  /** Present on TRANSFERRED and DELIVERED: what the stream relay publishes. */
  handoff?: Handoff;
  /** Present on ACCEPTED. */
  code?: string;
  dueAt?: string;
}

export interface AgencyRef {
  code: string;
  identifier: string;
  level: AgencyLevel;
}

import { createHash } from 'node:crypto';
import type { Applicant } from '../dossier';
import { InvalidFilingError } from '../errors';
import type { Fee } from '../fees';

/**
 * What arrives from the national portal (DVCQG) for the province, in the domain's words: a dossier
 * filed online, the applicant's answer to a completion or supplement request, an online payment.
 * Each item has the portal's own id; the portal keeps offering it until the province acknowledges
 * it, so every item may arrive more than once and taking it must be idempotent.
 */
export interface OnlineFiling {
  /** MaHoSo as the portal issued it: kept on the dossier and used as its code. */
  portalCode: string;
  procedureCode: string;
  /** The reception point the applicant chose on the portal (an agency code of the province). */
  receivingAgencyCode: string;
  /** When the applicant filed (NgayNopHoSo), ISO UTC. */
  filedAt: string;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  /** Fees the portal assessed with the filing, when it did. */
  fees?: Fee[];
}

export interface OnlineAnswer {
  portalCode: string;
  /** The applicant's documents answering the open Form 02 (before reception) or supplement request (after). */
  documents: { code: string; copies: number }[];
}

export interface OnlinePayment {
  portalCode: string;
  feeCode: string;
  paidAt: string;
}

export type InboundItem =
  | { id: string; kind: 'FILING'; filing: OnlineFiling }
  | { id: string; kind: 'ANSWER'; answer: OnlineAnswer }
  | { id: string; kind: 'PAYMENT'; payment: OnlinePayment };

/** How the province answered one item; the acknowledgement tells the portal. */
export type IntakeOutcome =
  | { id: string; outcome: 'TAKEN'; dossierId: string }
  | { id: string; outcome: 'DUPLICATE'; dossierId: string }
  | { id: string; outcome: 'REJECTED'; code: string; message: string };

/** The portal's officer on events it caused: the events say who acted, and it was not an officer of ours. */
export const PORTAL_ACTOR = { officerId: 'DVCQG', name: 'Cổng Dịch vụ công quốc gia' } as const;

/** Portal codes: the national form or any code of the same alphabet (groups of A–Z, 0–9 joined by "." and "-"). */
const PORTAL_CODE = /^[A-Z0-9][A-Z0-9.-]{5,58}[A-Z0-9]$/;

export function checkPortalCode(code: unknown, field = 'MaHoSo'): string {
  if (typeof code !== 'string' || !PORTAL_CODE.test(code))
    throw new InvalidFilingError(`${field} is not a portal dossier code`, {
      field,
      value: typeof code === 'string' ? code.slice(0, 80) : null,
    });
  return code;
}

/**
 * The dossier id of a portal code, the same on every arrival: the first arrival creates the head
 * under a "must not exist" condition, and every later one finds it. UUID-shaped (a name-based id
 * from SHA-256 of the code), like the ids of dossiers handed in at a counter.
 */
export function portalDossierId(portalCode: string): string {
  const hex = createHash('sha256').update(`dvcqg:${portalCode}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

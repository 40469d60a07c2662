import { type Action, ROLES, type Role, RULES } from './actions';
import type { Dossier } from './dossier';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { involvedAgencies, personalDataAgencies } from './visibility';

/**
 * Who may see and do what, as one table. Every resolver asks `authorizeOperation` (or, for a
 * dossier, with the dossier as its target); none checks roles or agencies by hand. The dossier actions'
 * rows come from the lifecycle rules (actions.ts), which then also pin the place, state and
 * conditions: an action's roles are written once, there.
 *
 * Jurisdiction, between the caller's agency and the agency an operation is about:
 *   OWN       the same agency
 *   BELOW     that agency or one under it (a district over its communes)
 *   PROVINCE  any agency of the province (one deployment is one province)
 *   INVOLVED  (dossiers) an agency on the dossier: receiving, route, holder, consulted
 *   REACHED   (dossiers) an agency the dossier has reached: as INVOLVED without the route's later
 *             steps and a handoff still in transit (visibility.ts, personalDataAgencies)
 *   PUBLIC    anyone, signed in or not
 */
export type Jurisdiction = 'OWN' | 'BELOW' | 'PROVINCE' | 'INVOLVED' | 'REACHED' | 'PUBLIC';

export type Operation =
  | 'CATALOG_READ'
  | 'AGENCY_READ'
  | 'PUBLIC_LOOKUP'
  | 'ME_READ'
  | 'DOSSIER_READ'
  | 'INBOX_READ'
  | 'REGISTER_READ'
  | 'OPINION_REQUESTS_READ'
  | 'FAILED_HANDOFFS_READ'
  | 'FAILED_HANDOFFS_REDRIVE'
  | 'HANDOFF_ACKNOWLEDGE'
  | 'CATALOG_PUBLISH'
  | 'AGENCY_UPDATE'
  | 'CITIZEN_SEARCH'
  | 'PERSONAL_DATA_READ'
  | 'AUDIT_READ'
  | 'CALENDAR_READ'
  | 'CALENDAR_LOAD'
  | 'PORTAL_RECONCILIATION_READ'
  | 'PORTAL_RESYNC'
  | 'ONLINE_INTAKE_READ'
  | 'DOCUMENT_DOWNLOAD'
  | 'SATISFACTION_RECORD'
  | 'SATISFACTION_RATE'
  | 'SATISFACTION_READ'
  | 'EVALUATION_READ'
  | 'EVALUATION_FILL'
  | 'EVALUATION_RULES_PUBLISH'
  | 'FEEDBACK_SEND'
  | 'FEEDBACK_INBOX_READ'
  | 'FEEDBACK_HANDLE'
  | 'FEEDBACK_OVERVIEW_READ'
  | 'QUALITY_READ'
  | 'QUALITY_PROVINCE_READ'
  | `DOSSIER_${Action}`;

type Grant = Partial<Record<Role, Jurisdiction>>;

const OFFICERS: Role[] = ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD'];
const everyone = (jurisdiction: Jurisdiction): Grant => Object.fromEntries(ROLES.map((role) => [role, jurisdiction]));
const only = (roles: readonly Role[], jurisdiction: Jurisdiction): Grant => Object.fromEntries(roles.map((role) => [role, jurisdiction]));

/**
 * The dossier actions: the roles of the lifecycle rules, at the dossier (INVOLVED; the rule then
 * pins the place). SUBMIT has no dossier yet: it happens at the caller's own agency.
 */
const DOSSIER_ACTIONS = Object.fromEntries(
  RULES.map((rule) => [`DOSSIER_${rule.action}`, only(rule.roles, rule.action === 'SUBMIT' ? 'OWN' : 'INVOLVED')]),
) as Record<`DOSSIER_${Action}`, Grant>;

/**
 * Officers read the dossiers their agency is part of; a head also those of the agencies under
 * it (oversight); the province's administrator and auditors read every dossier of the province.
 */
const DOSSIER_READERS: Grant = {
  ...only([...OFFICERS, 'AGENCY_SYSTEM'], 'INVOLVED'),
  AGENCY_HEAD: 'BELOW',
  PROVINCE_ADMIN: 'PROVINCE',
  AUDITOR: 'PROVINCE',
};

export const PERMISSIONS: Readonly<Record<Operation, Grant | 'PUBLIC'>> = {
  CATALOG_READ: 'PUBLIC',
  AGENCY_READ: 'PUBLIC',
  PUBLIC_LOOKUP: 'PUBLIC',
  ME_READ: everyone('OWN'),
  DOSSIER_READ: DOSSIER_READERS,
  INBOX_READ: only([...OFFICERS, 'AGENCY_SYSTEM'], 'OWN'),
  REGISTER_READ: { RECEPTION_OFFICER: 'OWN', AGENCY_HEAD: 'BELOW', AUDITOR: 'PROVINCE', PROVINCE_ADMIN: 'PROVINCE' },
  OPINION_REQUESTS_READ: only(['HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD', 'AGENCY_SYSTEM'], 'OWN'),
  FAILED_HANDOFFS_READ: {
    RECEPTION_OFFICER: 'OWN',
    HANDLING_OFFICER: 'OWN',
    AGENCY_HEAD: 'BELOW',
    PROVINCE_ADMIN: 'PROVINCE',
    AUDITOR: 'PROVINCE',
  },
  FAILED_HANDOFFS_REDRIVE: { AGENCY_HEAD: 'OWN', PROVINCE_ADMIN: 'PROVINCE' },
  HANDOFF_ACKNOWLEDGE: only(['AGENCY_SYSTEM'], 'OWN'),
  CATALOG_PUBLISH: only(['PROVINCE_ADMIN'], 'PROVINCE'),
  AGENCY_UPDATE: only(['PROVINCE_ADMIN'], 'PROVINCE'),
  // The working calendar and its schedules (who loaded them included): any officer of the province.
  CALENDAR_READ: everyone('PROVINCE'),
  // Official day-off schedules are national, one set per deployment: the province's administrator loads them.
  CALENDAR_LOAD: only(['PROVINCE_ADMIN'], 'PROVINCE'),
  // Finding dossiers by citizen ID number: the one-stop's reception officers and the province.
  CITIZEN_SEARCH: { RECEPTION_OFFICER: 'OWN', PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  // Unmasked ID number, phone and email: those who deal with the applicant or decide on the
  // dossier, at an agency the dossier has reached (a later agency on the route sees them masked).
  PERSONAL_DATA_READ: only(['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD'], 'REACHED'),
  // Who read a dossier: oversight roles only.
  AUDIT_READ: { AGENCY_HEAD: 'BELOW', AUDITOR: 'PROVINCE', PROVINCE_ADMIN: 'PROVINCE' },
  // Issue 10: what the national portal holds beside ours, per agency and day; the one-stop sees its own.
  PORTAL_RECONCILIATION_READ: { RECEPTION_OFFICER: 'OWN', AGENCY_HEAD: 'BELOW', AUDITOR: 'PROVINCE', PROVINCE_ADMIN: 'PROVINCE' },
  // Sending dossiers to the portal again is the province's operation (its administrator runs the sync).
  PORTAL_RESYNC: only(['PROVINCE_ADMIN'], 'PROVINCE'),
  // Items from the portal the intake refused: the province's administrator and auditors.
  ONLINE_INTAKE_READ: { PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  // A dossier's files (issue 11): whoever may read the dossier in full; each download is logged as such a read.
  DOCUMENT_DOWNLOAD: DOSSIER_READERS,
  // Issue 12, the citizens' voice. A rating at the counter: the one-stop's reception officers of
  // an agency on the dossier, on the applicant's behalf (online ratings are public, by code + secret).
  SATISFACTION_RECORD: only(['RECEPTION_OFFICER'], 'INVOLVED'),
  SATISFACTION_RATE: 'PUBLIC',
  // Counts and rates only (never one dossier's rating): officers their own agency, heads below
  // theirs, the province all. The province-wide scope is PROVINCE_SCOPE, reached by PROVINCE only.
  SATISFACTION_READ: { ...only(OFFICERS, 'OWN'), AGENCY_HEAD: 'BELOW', PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  EVALUATION_READ: { ...only(OFFICERS, 'OWN'), AGENCY_HEAD: 'BELOW', PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  // The criteria no figure measures are scored by the agency's head (or the province for it).
  EVALUATION_FILL: { AGENCY_HEAD: 'OWN', PROVINCE_ADMIN: 'PROVINCE' },
  // The criteria, points and grade bands are the province's to change (from a future quarter).
  EVALUATION_RULES_PUBLISH: only(['PROVINCE_ADMIN'], 'PROVINCE'),
  // Feedback and complaints (PAKN, Decree 20/2008): anyone sends; the holder agency handles.
  FEEDBACK_SEND: 'PUBLIC',
  FEEDBACK_INBOX_READ: { ...only(OFFICERS, 'OWN'), PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  // Classify, forward, answer, publish; also sees the sender's contact details unmasked.
  FEEDBACK_HANDLE: { HANDLING_OFFICER: 'OWN', AGENCY_HEAD: 'OWN', PROVINCE_ADMIN: 'PROVINCE' },
  FEEDBACK_OVERVIEW_READ: { ...only(OFFICERS, 'OWN'), AGENCY_HEAD: 'BELOW', PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  // Statistics, the 766 index and II.06a (issue 12): an agency's own figures for its officers,
  // those under it for its head; the province's for the administrator and auditors.
  QUALITY_READ: { ...only(OFFICERS, 'OWN'), AGENCY_HEAD: 'BELOW', PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  QUALITY_PROVINCE_READ: { PROVINCE_ADMIN: 'PROVINCE', AUDITOR: 'PROVINCE' },
  ...DOSSIER_ACTIONS,
};

/** The target of province-wide figures: an agency code no officer's OWN or BELOW reaches. */
export const PROVINCE_SCOPE = '*';

export interface Principal {
  agencyCode: string;
  roles: readonly string[];
}

/**
 * Whether an agency belongs to a province (its code is the province's or starts with it). One
 * deployment is one province: a token naming an agency of another province (however valid its
 * signature, whichever issuer signed it) names no caller of this deployment, so its PROVINCE
 * grants never reach here.
 */
export const isInProvince = (agencyCode: string, provinceCode: string): boolean =>
  agencyCode === provinceCode || agencyCode.startsWith(`${provinceCode}.`);

/** Whether `target` is `agency` itself or an agency under it (codes are dot-grouped unit codes). */
const isSelfOrBelow = (agency: string, target: string) => target === agency || target.startsWith(`${agency}.`);

function reaches(jurisdiction: Jurisdiction, caller: Principal, target: Target): boolean {
  switch (jurisdiction) {
    case 'PUBLIC':
    case 'PROVINCE':
      return true;
    case 'OWN':
      return target.agency === undefined || target.agency === caller.agencyCode;
    case 'BELOW':
      if (target.dossier) return [...involvedAgencies(target.dossier)].some((code) => isSelfOrBelow(caller.agencyCode, code));
      return target.agency === undefined || isSelfOrBelow(caller.agencyCode, target.agency);
    case 'INVOLVED':
      return target.dossier ? involvedAgencies(target.dossier).has(caller.agencyCode) : target.agency === caller.agencyCode;
    case 'REACHED':
      return target.dossier ? personalDataAgencies(target.dossier).has(caller.agencyCode) : target.agency === caller.agencyCode;
  }
}

/** The table's answer, without throwing: what the matrix test checks and front ends may show. */
export function permits(operation: Operation, caller: Principal | null, target: Target = {}): boolean {
  const grant = PERMISSIONS[operation];
  if (grant === 'PUBLIC') return true;
  if (!caller) return false;
  return caller.roles.some((role) => {
    const jurisdiction = grant[role as Role];
    return jurisdiction !== undefined && reaches(jurisdiction, caller, target);
  });
}

/** Throws UNAUTHENTICATED without a caller, FORBIDDEN when the table says no. */
/** What an operation is aimed at: an agency (lists, inboxes) or a loaded dossier. */
export type Target = { agency?: string | undefined; dossier?: Dossier | undefined };

export function authorizeOperation(operation: Operation, caller: Principal | null, target: Target = {}): void {
  if (permits(operation, caller, target)) return;
  if (!caller) throw new UnauthenticatedError();
  throw new ForbiddenError(`Not allowed: ${operation}`, { operation, ...(target.agency ? { agencyCode: target.agency } : {}) });
}

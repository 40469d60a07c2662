import type { Agency } from '../agencies';
import { DOSSIER_STATUSES, type Dossier, type Reassignment, type ReassignmentReason } from '../dossier';
import { MigrationError } from './errors';
import type { SuccessorIndex } from './successors';

/** The last day the three-tier units existed: closed agencies are valid to it, inclusive. */
export const CLOSED_ON = '2025-06-30';
export const REASSIGNMENT_BASIS = 'Nghị định 140/2025/NĐ-CP, Điều 32 khoản 2';

/**
 * What happens to each kind of stored record. Dossiers and everything beside them move with
 * their keys unchanged: dossier ids are UUIDs and agency codes of three-tier units
 * (`06.063.02014`) never collide with two-tier ones (`19.02014`). The old agencies move as
 * closed agencies (valid to 30/06/2025) under their own codes, so every event, handoff and
 * dossier code that names them still reads. The catalog does not move: the merged province
 * publishes its own, and a dossier carries the terms it was received under. Nor do the day-off
 * schedules: they are national, and the merged province loads its own. Lookup throttles and
 * failed-message records belong to the old deployment's queues and expire there.
 */
export const RECORD_POLICY = {
  AGENCY: 'CLOSE',
  DOSSIER: 'COPY',
  EVENT: 'COPY',
  HANDOFF: 'COPY',
  OPINION_REQUEST: 'COPY',
  READ: 'COPY',
  SEQUENCE: 'COPY',
  // Issue 14: each day number's fate (used by a dossier, or void with its reason) is the old
  // register's account of its gaps; it moves with the counter beside it (keys unchanged).
  NUMBER: 'COPY',
  // What the national portal acknowledged travels with the dossier: the portal has those versions.
  PORTAL_SYNC: 'COPY',
  // Portal filings already taken in (so none is taken twice) and the daily reconciliation reports.
  INBOUND: 'COPY',
  RECONCILIATION: 'COPY',
  PROCEDURE: 'SKIP',
  DAY_OFF_SCHEDULE: 'SKIP',
  DAY_OFF_SCHEDULE_HISTORY: 'SKIP',
  LOOKUP_THROTTLE: 'SKIP',
  HANDOFF_FAILURE: 'SKIP',
  // The old deployment's operations: its intake refusals, and uploads never attached (their files stay in its bucket).
  INTAKE_FAILURE: 'SKIP',
  UPLOAD: 'SKIP',
  // The statistics read model is not copied: the target's projector counts the copied events
  // (it does not skip migrated ones, unlike the relay) and rebuilds it.
  STATS_TRACKER: 'SKIP',
  STATS_CELL: 'SKIP',
  STATS_MONTHS: 'SKIP',
  // Issue 12: ratings' counts, feedback (PAKN) and the agencies' evaluation scores are history of
  // the old agencies and move with their keys (agency codes never collide); the evaluation rules
  // are the province's own, like the catalog.
  SATISFACTION_COUNT: 'COPY',
  FEEDBACK: 'COPY',
  FEEDBACK_EVENT: 'COPY',
  FEEDBACK_STATS: 'COPY',
  EVALUATION: 'COPY',
  EVALUATION_RULES: 'SKIP',
} as const satisfies Record<string, 'CLOSE' | 'COPY' | 'SKIP'>;

export type RecordKind = keyof typeof RECORD_POLICY;

export function recordPolicy(entity: string): 'CLOSE' | 'COPY' | 'SKIP' {
  if (!(entity in RECORD_POLICY)) {
    throw new MigrationError('UNKNOWN_RECORD', `A source item has entity "${entity}", which the migration does not know`, { entity });
  }
  return RECORD_POLICY[entity as RecordKind];
}

export interface ClosedAgency extends Agency {
  validTo: string;
  /** The agency that took over, where one did for all its dossiers (not a district: that depends on the applicant). */
  successorCode?: string;
}

/** Whether an agency was out of service on a day (`YYYY-MM-DD`, Vietnamese calendar). */
export const closedBy = (agency: Agency & { validTo?: string }, day: string): boolean =>
  agency.validTo !== undefined && agency.validTo < day;

/**
 * An old agency as the merged province keeps it: closed on 30/06/2025, under its own code and in
 * its place in the agency tree, so every record that names it still reads, with its successor
 * where one agency took over everything it held.
 */
export function closedAgency(agency: Agency, context: PlanContext): ClosedAgency {
  const successorCode = successorCodeOf(context, agency);
  return { ...agency, validTo: CLOSED_ON, ...(successorCode ? { successorCode } : {}) };
}

function successorCodeOf(context: PlanContext, agency: Agency): string | undefined {
  if (agency.level === 'PROVINCE') return context.targetProvince;
  if (agency.level !== 'COMMUNE') return undefined;
  const successor = communeSuccessor(context, agency.code, 'COMMUNE_MERGED');
  return successor.reason === 'COMMUNE_MERGED' ? successor.code : undefined;
}

/** A source table must be the three-tier table of the province it was named for. */
export function checkSource(provinceCode: string, agencies: readonly Agency[]): void {
  const root = agencies.find((agency) => agency.level === 'PROVINCE' && agency.parentCode === null);
  if (!root || root.code !== provinceCode) {
    throw new MigrationError(
      'NOT_PRE_MERGE',
      `The source named for province ${provinceCode} holds ${root ? `province ${root.code}` : 'no province agency'}`,
      {
        provinceCode,
        found: root?.code ?? null,
      },
    );
  }
  if (!agencies.some((agency) => agency.level === 'DISTRICT')) {
    throw new MigrationError('NOT_PRE_MERGE', `The source of province ${provinceCode} has no districts: it is not a three-tier table`, {
      provinceCode,
    });
  }
}

/**
 * The target must be seeded as the two-tier province: its root agency, and no district open
 * (the closed ones an earlier run brought are history). Pass its open agencies only.
 */
export function checkTarget(provinceCode: string, agencies: readonly Agency[]): void {
  const root = agencies.find((agency) => agency.code === provinceCode && agency.level === 'PROVINCE');
  if (!root)
    throw new MigrationError('TARGET_NOT_TWO_TIER', `The target has no agency for province ${provinceCode}: deploy and seed it first`, {
      provinceCode,
    });
  const districts = agencies.filter((agency) => agency.level === 'DISTRICT').map((agency) => agency.code);
  if (districts.length > 0) {
    throw new MigrationError('TARGET_NOT_TWO_TIER', `The target of province ${provinceCode} has districts`, {
      provinceCode,
      districts: districts.slice(0, 5),
    });
  }
}

/**
 * Keys, dossier codes and agency codes claimed by each source: two sources claiming the same one
 * would overwrite each other's history, so that is refused before anything is written.
 */
export class CodeRegistry {
  private readonly owners = new Map<string, string>();
  private readonly clashes: { kind: string; value: string; sources: [string, string] }[] = [];

  claim(kind: 'KEY' | 'DOSSIER_CODE' | 'AGENCY', value: string, source: string): void {
    const name = `${kind}\u0000${value}`;
    const owner = this.owners.get(name);
    if (owner === undefined) this.owners.set(name, source);
    else if (owner !== source) this.clashes.push({ kind, value, sources: [owner, source] });
  }

  assertNoOverlap(): void {
    if (this.clashes.length === 0) return;
    throw new MigrationError(
      'OVERLAPPING_CODES',
      `${this.clashes.length} code(s) held by two sources, e.g. ${this.clashes[0]!.kind} ${this.clashes[0]!.value}`,
      {
        clashes: this.clashes.slice(0, 10),
      },
    );
  }
}

export interface PlanContext {
  targetProvince: string;
  /** The target's agencies, all open. */
  target: ReadonlyMap<string, Agency>;
  /** Every source agency; those not in the target close. */
  sources: ReadonlyMap<string, Agency>;
  successors: SuccessorIndex;
}

export type DossierPlan =
  | { action: 'KEEP' }
  | {
      action: 'REASSIGN';
      reassignment: Reassignment;
      /** Whether the dossier travels to its (new) holder through the queues. */
      handoff: boolean;
      /** The undelivered handoff the reassignment replaces (its queue was the old deployment's). */
      supersedes?: string;
    };

interface Successor {
  code: string;
  reason: ReassignmentReason;
}

const isClosed = (context: PlanContext, code: string) => !context.target.has(code);

/** Old agency code `06.063.02014` → province `06`, commune `02014`. */
function communeParts(code: string): { province: string; commune: string } | undefined {
  const parts = code.split('.');
  return parts.length === 3 ? { province: parts[0]!, commune: parts[2]! } : undefined;
}

function communeSuccessor(context: PlanContext, oldCode: string, whole: ReassignmentReason): Successor {
  const root = { code: context.targetProvince };
  const parts = communeParts(oldCode);
  const fate = parts ? context.successors.fate(parts.province, parts.commune) : { kind: 'NONE' as const };
  if (fate.kind === 'SPLIT') return { ...root, reason: 'PARTIAL_MERGE' };
  if (fate.kind === 'NONE' || fate.newProvince !== context.targetProvince) return { ...root, reason: 'NO_SUCCESSOR' };
  const code = `${context.targetProvince}.${fate.newCommune}`;
  if (!context.target.has(code)) {
    throw new MigrationError('TARGET_AGENCY_MISSING', `The successor of ${oldCode}, commune ${code}, is not in the target`, {
      oldCode,
      successor: code,
    });
  }
  return { code, reason: whole };
}

/**
 * The agency that takes a closed agency's place in one dossier. A district's dossiers go to the
 * commune the applicant lives in now (Decree 140/2025 art. 32(2)), or to the province when that
 * is not one commune; a commune's go to the commune it merged into; a merged province's to the
 * merged province.
 */
function successorOf(context: PlanContext, code: string, dossier: Dossier): Successor {
  if (!isClosed(context, code)) return { code, reason: 'IN_TRANSIT' };
  const level = context.sources.get(code)?.level;
  if (level === 'DISTRICT') return communeSuccessor(context, dossier.applicant.address.communeAgencyCode, 'SUCCESSOR_COMMUNE');
  if (level === 'COMMUNE') return communeSuccessor(context, code, 'COMMUNE_MERGED');
  if (level === 'PROVINCE') return { code: context.targetProvince, reason: 'MERGED_PROVINCE' };
  return { code: context.targetProvince, reason: 'NO_SUCCESSOR' };
}

/** What the migration does with one dossier beyond copying it. Finished dossiers stay as they were. */
export function planDossier(dossier: Dossier, context: PlanContext): DossierPlan {
  if (DOSSIER_STATUSES[dossier.status].terminal) return { action: 'KEEP' };
  const pending = dossier.handoff && !dossier.handoff.deliveredAt ? dossier.handoff : undefined;
  const holder = dossier.holderAgency ?? pending?.toAgency;
  if (!holder) return { action: 'KEEP' };
  const named = new Set([holder, dossier.competentAgency, dossier.receivingAgency, ...dossier.route.map((step) => step.agencyCode)]);
  const remap: Record<string, string> = {};
  for (const code of [...named].filter((candidate) => isClosed(context, candidate)).sort())
    remap[code] = successorOf(context, code, dossier).code;
  const moved = successorOf(context, holder, dossier);
  const receiving = remap[dossier.receivingAgency];
  const common = {
    fromAgency: holder,
    toAgency: moved.code,
    remap,
    legalBasis: REASSIGNMENT_BASIS,
    // A dossier not yet accepted gets its code from the one-stop that now receives it.
    ...(receiving && !dossier.code ? { receivingAgencyIdentifier: context.target.get(receiving)?.identifier ?? receiving } : {}),
  };
  if (isClosed(context, holder)) {
    return {
      action: 'REASSIGN',
      reassignment: { ...common, reason: moved.reason },
      handoff: true,
      ...(pending ? { supersedes: pending.id } : {}),
    };
  }
  if (pending) return { action: 'REASSIGN', reassignment: { ...common, reason: 'IN_TRANSIT' }, handoff: true, supersedes: pending.id };
  if (Object.keys(remap).length > 0) return { action: 'REASSIGN', reassignment: { ...common, reason: 'ROUTE_REMAPPED' }, handoff: false };
  return { action: 'KEEP' };
}

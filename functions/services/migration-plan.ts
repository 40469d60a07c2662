import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UnitList } from '#domain/agencies';
import { DOSSIER_STATUSES, type DossierStatus, type ReassignmentReason } from '#domain/dossier';
import {
  CodeRegistry,
  closedAgency,
  MigrationError,
  type PlanContext,
  planDossier,
  type ReassignPlan,
  recordPolicy,
  type SuccessorTable,
} from '#domain/migration';
import { MigrationStore, type SourceRecord } from '../store';

/**
 * The province migration's first pass (functions/services/migration.ts): read every source, check
 * every rule and decide each dossier's fate, writing nothing. Its types are the migration's.
 */

export interface TableRef {
  provinceCode: string;
  tableName: string;
}

export interface MigrationRequest {
  target: TableRef;
  sources: readonly TableRef[];
  dryRun: boolean;
}

export interface MigrationDeps {
  /** The client for every table named (the process's shared one by default). */
  db?: DynamoDBDocumentClient;
  successors: SuccessorTable;
  /** The three-tier list (sources) and the two-tier list (target). */
  units: { before: UnitList; after: UnitList };
  now: () => Date;
  /** Milliseconds, for the figures (performance.now by default). */
  clock?: () => number;
}

/** One reassigned dossier, for the verbose listing. */
export interface ReassignmentLine {
  dossierId: string;
  code?: string;
  status: DossierStatus;
  fromAgency: string;
  toAgency: string;
  reason: ReassignmentReason;
  /** Whether it travels through the queues (false: only its route changed). */
  handoff: boolean;
}

export interface SourceSummary extends TableRef {
  records: number;
  dossiers: number;
  unfinished: number;
  agenciesClosed: number;
  /** Records left behind, by kind (catalog, lookup throttles, failed-message records). */
  skipped: Record<string, number>;
}

export interface MigrationReport {
  dryRun: boolean;
  target: TableRef;
  sources: SourceSummary[];
  /** Records written by this run, and those found already in place (an earlier run). */
  written: number;
  present: number;
  dossiers: number;
  /** Planned (dry run) or committed reassignments, by reason. */
  reassignments: Partial<Record<ReassignmentReason, number>>;
  /** Reassignments an earlier run had committed. */
  reassignedBefore: number;
  lines: ReassignmentLine[];
  seconds: number;
  dossiersPerSecond: number;
}

export interface PlannedReassignment {
  plan: ReassignPlan;
  version: number;
  line: ReassignmentLine;
}

/** Whether a record is written to the target: not when left behind, nor an agency that lives on there. */
export function moves(record: SourceRecord, context: PlanContext): boolean {
  if (recordPolicy(record.entity) === 'SKIP') return false;
  return !(record.agency && context.target.has(record.agency.code));
}

/** The records of a page that move, an old agency in the closed form the plan gives it. */
export function moving(page: readonly SourceRecord[], context: PlanContext): SourceRecord[] {
  return page
    .filter((record) => moves(record, context))
    .map((record) => (record.agency ? { ...record, agency: closedAgency(record.agency, context) } : record));
}

// ---------------------------------------------------------------------------------------------
// Pass 1: plan and check, writing nothing

export async function plan(db: DynamoDBDocumentClient, target: MigrationStore, context: PlanContext, sources: readonly TableRef[]) {
  const registry = new CodeRegistry();
  const reassignments = new Map<string, PlannedReassignment>();
  const summaries: SourceSummary[] = [];
  const conflicts: { key: string; source: string }[] = [];
  let doneBefore = 0;
  for (const source of sources) {
    const summary: SourceSummary = { ...source, records: 0, dossiers: 0, unfinished: 0, agenciesClosed: 0, skipped: {} };
    for await (const page of new MigrationStore(db, source.tableName).scan()) {
      summary.records += page.length;
      for (const record of page) {
        if (!moves(record, context) && !record.agency) summary.skipped[record.entity] = (summary.skipped[record.entity] ?? 0) + 1;
      }
      const records = moving(page, context);
      for (const record of records) {
        registry.claim('KEY', record.key, source.provinceCode);
        if (record.agency) {
          registry.claim('AGENCY', record.agency.code, source.provinceCode);
          summary.agenciesClosed += 1;
        }
        if (record.dossier) noteDossier(record.dossier, context, registry, source, summary, reassignments);
      }
      const found = await differences(target, records, source.provinceCode);
      conflicts.push(...found.conflicts.map((key) => ({ key, source: source.provinceCode })));
      // Reassigned by an earlier run (its head moved on in the merged province): nothing to plan.
      for (const id of found.movedOn) doneBefore += Number(reassignments.delete(id));
    }
    summaries.push(summary);
  }
  registry.assertNoOverlap();
  if (conflicts.length > 0) {
    throw new MigrationError(
      'TARGET_CONFLICT',
      `${conflicts.length} item(s) of the target differ from what the sources would write, e.g. ${conflicts[0]!.key.replace('\u0000', ' / ')}`,
      {
        conflicts: conflicts.slice(0, 10).map((conflict) => ({ ...conflict, key: conflict.key.replace('\u0000', ' / ') })),
      },
    );
  }
  return { summaries, reassignments, doneBefore };
}

function noteDossier(
  dossier: NonNullable<SourceRecord['dossier']>,
  context: PlanContext,
  registry: CodeRegistry,
  source: TableRef,
  summary: SourceSummary,
  reassignments: Map<string, PlannedReassignment>,
): void {
  summary.dossiers += 1;
  if (dossier.code) registry.claim('DOSSIER_CODE', dossier.code, source.provinceCode);
  if (!DOSSIER_STATUSES[dossier.status].terminal) summary.unfinished += 1;
  const decided = planDossier(dossier, context);
  if (decided.action === 'KEEP') return;
  const { fromAgency, toAgency, reason } = decided.reassignment;
  reassignments.set(dossier.id, {
    plan: decided,
    version: dossier.version,
    line: {
      dossierId: dossier.id,
      ...(dossier.code ? { code: dossier.code } : {}),
      status: dossier.status,
      fromAgency,
      toAgency,
      reason,
      handoff: decided.handoff,
    },
  });
}

/**
 * Keys where the target holds something else than the record would write. In a dossier's
 * partition that is expected once the dossier has moved on in the merged province (an earlier run
 * reassigned it and its new holder acted): the target's head is then at a later version.
 */
async function differences(
  target: MigrationStore,
  records: readonly SourceRecord[],
  origin: string,
): Promise<{ conflicts: string[]; movedOn: string[] }> {
  const states = await target.compare(records, origin);
  const different = records.filter((_, index) => states[index] === 'DIFFERENT');
  if (different.length === 0) return { conflicts: [], movedOn: [] };
  const sourceVersions = new Map<string, number>();
  for (const record of records) if (record.dossier) sourceVersions.set(record.dossier.id, record.dossier.version);
  const ids = [...new Set(different.flatMap((record) => (record.dossierId ? [record.dossierId] : [])))];
  const heads = await target.dossiers(ids);
  const movedOn = (record: SourceRecord) => {
    const head = record.dossierId ? heads.get(record.dossierId) : undefined;
    const version = record.dossierId ? (sourceVersions.get(record.dossierId) ?? record.dossier?.version) : undefined;
    // Without the source head on this page the partition is judged by the target head alone.
    return head !== undefined && (version === undefined || head.version > version);
  };
  return {
    conflicts: different.filter((record) => !movedOn(record)).map((record) => record.key),
    movedOn: different.filter((record) => record.dossier && movedOn(record)).map((record) => record.dossier!.id),
  };
}

export function countByReason(lines: readonly ReassignmentLine[]): Partial<Record<ReassignmentReason, number>> {
  const counts: Partial<Record<ReassignmentReason, number>> = {};
  for (const line of lines) counts[line.reason] = (counts[line.reason] ?? 0) + 1;
  return counts;
}

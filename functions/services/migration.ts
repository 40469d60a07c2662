import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Agency, findProvince, type UnitList, UnknownProvinceError } from '#domain/agencies';
import { toVnIso } from '#domain/calendar';
import { DOSSIER_STATUSES, type DossierStatus, type ReassignmentReason } from '#domain/dossier';
import {
  CodeRegistry,
  checkSource,
  checkTarget,
  closedAgency,
  closedBy,
  MigrationError,
  type PlanContext,
  planDossier,
  type ReassignPlan,
  reassign,
  recordPolicy,
  SuccessorIndex,
  type SuccessorTable,
} from '#domain/migration';
import { MigrationStore, MissingTableError, type SourceRecord, sharedDocumentClient } from '../store';

/**
 * The 01/07/2025 reorganisation as a use case: the tables of pre-merge provinces (three-tier)
 * move into the merged province's table (two-tier). Two passes over each source:
 *
 * 1. plan: read everything, check every rule (provinces, tiers, overlapping codes, what the
 *    target already holds, successor agencies) and decide each dossier's fate. Nothing is
 *    written; a refusal here leaves every table as it was. A dry run stops after this pass.
 * 2. write: copy each record under a condition that its key is free (a re-run writes nothing),
 *    then commit each planned reassignment as one transaction (a re-run finds it done).
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

interface PlannedReassignment {
  plan: ReassignPlan;
  version: number;
  line: ReassignmentLine;
}

const WRITES_IN_FLIGHT = 16;

export async function migrateProvince(deps: MigrationDeps, request: MigrationRequest): Promise<MigrationReport> {
  const clock = deps.clock ?? (() => performance.now());
  const db = deps.db ?? sharedDocumentClient();
  const started = clock();
  const successors = new SuccessorIndex(deps.successors);
  checkArguments(deps, request, successors);
  const target = new MigrationStore(db, request.target.tableName);
  const context: PlanContext = {
    targetProvince: request.target.provinceCode,
    target: await targetAgencies(target, request.target.provinceCode, vietnamDay(deps.now())),
    sources: await sourceAgencies(db, request.sources),
    successors,
  };
  const planned = await plan(db, target, context, request.sources);
  const report: MigrationReport = {
    dryRun: request.dryRun,
    target: request.target,
    sources: planned.summaries,
    written: 0,
    present: 0,
    dossiers: planned.summaries.reduce((sum, source) => sum + source.dossiers, 0),
    reassignments: request.dryRun ? countByReason([...planned.reassignments.values()].map((entry) => entry.line)) : {},
    reassignedBefore: planned.doneBefore,
    lines: [...planned.reassignments.values()].map((entry) => entry.line),
    seconds: 0,
    dossiersPerSecond: 0,
  };
  if (!request.dryRun) {
    const writing = clock();
    await copyAll(db, target, context, request.sources, report);
    await reassignAll(deps, target, request.target.provinceCode, planned.reassignments, report);
    report.seconds = (clock() - writing) / 1000;
  } else {
    report.seconds = (clock() - started) / 1000;
  }
  report.dossiersPerSecond = report.seconds > 0 ? report.dossiers / report.seconds : 0;
  return report;
}

function checkArguments(deps: MigrationDeps, request: MigrationRequest, successors: SuccessorIndex): void {
  const { target, sources } = request;
  if (sources.length === 0) throw new MigrationError('BAD_ARGUMENTS', 'Name at least one source table');
  const tables = [target.tableName, ...sources.map((source) => source.tableName)];
  if (new Set(tables).size !== tables.length)
    throw new MigrationError('BAD_ARGUMENTS', 'Each table may be named once, and no source may be the target', { tables });
  if (new Set(sources.map((source) => source.provinceCode)).size !== sources.length) {
    throw new MigrationError('BAD_ARGUMENTS', 'Each source province may be named once', {
      provinces: sources.map((source) => source.provinceCode),
    });
  }
  province(deps.units.after, target.provinceCode, 'two-tier (2025-07)');
  const merged = successors.mergedInto(target.provinceCode);
  for (const source of sources) {
    province(deps.units.before, source.provinceCode, 'three-tier (2025-03)');
    if (!merged.has(source.provinceCode)) {
      throw new MigrationError(
        'NOT_MERGED_INTO_TARGET',
        `Province ${source.provinceCode} did not merge into province ${target.provinceCode}`,
        {
          provinceCode: source.provinceCode,
          mergedInto: target.provinceCode,
          preMerge: [...merged].sort(),
        },
      );
    }
  }
}

function province(units: UnitList, code: string, edition: string): void {
  try {
    findProvince(units, code);
  } catch (error) {
    if (!(error instanceof UnknownProvinceError)) throw error;
    throw new MigrationError(
      'UNKNOWN_PROVINCE',
      `Province ${code} is not in the ${edition} unit list`,
      { provinceCode: code },
      { cause: error },
    );
  }
}

/** The target's agencies in service; those an earlier run brought in closed are history, not holders. */
async function targetAgencies(target: MigrationStore, provinceCode: string, today: string): Promise<Map<string, Agency>> {
  const agencies = (await tree(target, 'TARGET_NOT_TWO_TIER')).filter((agency) => !closedBy(agency, today));
  checkTarget(provinceCode, agencies);
  return new Map(agencies.map((agency) => [agency.code, agency]));
}

async function sourceAgencies(db: DynamoDBDocumentClient, sources: readonly TableRef[]): Promise<Map<string, Agency>> {
  const all = new Map<string, Agency>();
  for (const source of sources) {
    const agencies = await tree(new MigrationStore(db, source.tableName), 'NOT_PRE_MERGE');
    checkSource(source.provinceCode, agencies);
    for (const agency of agencies) all.set(agency.code, agency);
  }
  return all;
}

async function tree(store: MigrationStore, missing: 'TARGET_NOT_TWO_TIER' | 'NOT_PRE_MERGE'): Promise<Agency[]> {
  try {
    return await store.agencyTree();
  } catch (error) {
    if (error instanceof MissingTableError)
      throw new MigrationError(missing, error.message, { tableName: error.tableName }, { cause: error });
    throw error;
  }
}

/** Whether a record is written to the target: not when left behind, nor an agency that lives on there. */
function moves(record: SourceRecord, context: PlanContext): boolean {
  if (recordPolicy(record.entity) === 'SKIP') return false;
  return !(record.agency && context.target.has(record.agency.code));
}

/** The records of a page that move, an old agency in the closed form the plan gives it. */
function moving(page: readonly SourceRecord[], context: PlanContext): SourceRecord[] {
  return page
    .filter((record) => moves(record, context))
    .map((record) => (record.agency ? { ...record, agency: closedAgency(record.agency, context) } : record));
}

const vietnamDay = (instant: Date): string => toVnIso(instant).slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Pass 1: plan and check, writing nothing

async function plan(db: DynamoDBDocumentClient, target: MigrationStore, context: PlanContext, sources: readonly TableRef[]) {
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

function countByReason(lines: readonly ReassignmentLine[]): Partial<Record<ReassignmentReason, number>> {
  const counts: Partial<Record<ReassignmentReason, number>> = {};
  for (const line of lines) counts[line.reason] = (counts[line.reason] ?? 0) + 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: write

async function copyAll(
  db: DynamoDBDocumentClient,
  target: MigrationStore,
  context: PlanContext,
  sources: readonly TableRef[],
  report: MigrationReport,
) {
  for (const source of sources) {
    for await (const page of new MigrationStore(db, source.tableName).scan()) {
      await inParallel(moving(page, context), WRITES_IN_FLIGHT, async (record) => {
        const outcome = await target.copy(record, source.provinceCode);
        if (outcome === 'WRITTEN') report.written += 1;
        else report.present += 1;
      });
    }
  }
}

async function reassignAll(
  deps: MigrationDeps,
  target: MigrationStore,
  province: string,
  planned: Map<string, PlannedReassignment>,
  report: MigrationReport,
) {
  const heads = await target.dossiers([...planned.keys()]);
  const committed: ReassignmentLine[] = [];
  await inParallel([...planned.values()], WRITES_IN_FLIGHT, async ({ plan, version, line }) => {
    const head = heads.get(line.dossierId);
    if (!head) throw new Error(`Dossier ${line.dossierId} was copied but is not in the target`);
    if (head.version !== version) {
      report.reassignedBefore += 1;
      return;
    }
    const transition = reassign(head, plan, { now: deps.now(), province });
    // A consultation the reassignment closed: nobody waits for its unanswered opinions any more.
    const closing = head.consultation && !head.consultation.closedAt && transition.dossier.consultation?.closedAt;
    const unansweredOpinions = closing
      ? head.consultation!.requests.filter((request) => request.answeredAt === undefined).map((request) => request.agencyCode)
      : [];
    const outcome = await target.commitReassignment(transition, {
      ...(plan.supersedes ? { supersedes: plan.supersedes } : {}),
      unansweredOpinions,
    });
    if (outcome === 'COMMITTED') committed.push(line);
    else report.reassignedBefore += 1;
  });
  report.reassignments = countByReason(committed);
}

/** Runs `work` over the items with at most `limit` in flight; the first failure stops the rest. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Agency, findProvince, type UnitList, UnknownProvinceError } from '#domain/agencies';
import { toVnIso } from '#domain/calendar';
import { checkSource, checkTarget, closedBy, MigrationError, type PlanContext, reassign, SuccessorIndex } from '#domain/migration';
import { MigrationStore, MissingTableError, sharedDocumentClient } from '../store';
import {
  countByReason,
  type MigrationDeps,
  type MigrationReport,
  type MigrationRequest,
  moving,
  type PlannedReassignment,
  plan,
  type ReassignmentLine,
  type TableRef,
} from './migration-plan';

export type { MigrationDeps, MigrationReport, MigrationRequest, ReassignmentLine, SourceSummary, TableRef } from './migration-plan';

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

const WRITES_IN_FLIGHT = 16;

/** A dossier copied a moment ago is not in the target: something else deletes there. Stop. */
export class CopyMissing extends Error {
  readonly code = 'COPY_MISSING';
  constructor(readonly dossierId: string) {
    super(`Dossier ${dossierId} was copied but is not in the target`);
    this.name = 'CopyMissing';
  }
}

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

const vietnamDay = (instant: Date): string => toVnIso(instant).slice(0, 10);

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
    if (!head) throw new CopyMissing(line.dossierId);
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

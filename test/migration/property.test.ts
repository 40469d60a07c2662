/**
 * Property: whatever dossiers the pre-merge provinces hold, the migration loses nothing and
 * changes nothing but who holds each unfinished dossier (and, for it, which agencies stand for
 * the closed ones). Each run plays random stories through the services on fresh three-tier
 * tables, migrates them into a fresh two-tier table, and compares every stored item.
 *
 * CI-sized by default (MIGRATION_PROPERTY_RUNS=2); a full run: MIGRATION_PROPERTY_RUNS=30.
 * A failure prints its seed; MIGRATION_PROPERTY_SEED=<seed> replays it.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { fold } from '#domain/lifecycle';
import { RECORD_POLICY, type SuccessorTable } from '#domain/migration';
import { DETOURS, play, type Story } from './stories';
import { SUCCESSORS, setUpWorld } from './world';

const RUNS = Number(process.env.MIGRATION_PROPERTY_RUNS ?? 2);
const SEED = process.env.MIGRATION_PROPERTY_SEED ? Number(process.env.MIGRATION_PROPERTY_SEED) : undefined;

/** Applicants' communes: whole merges in both provinces, and Thái Nguyên's split 05461. */
const COMMUNES = {
  '06': ['06.063.02014', '06.063.02017', '06.058.01834', '06.061.01888'],
  '19': ['19.164.05461', '19.164.05443', '19.165.05506'],
} as const;
const PROCEDURES = ['1.001776', '2.000815', '2.000488', '1.009994'] as const;

const storyArb = fc
  .record({
    source: fc.constantFrom<'06' | '19'>('06', '19'),
    communeIndex: fc.nat(3),
    procedureCode: fc.constantFrom(...PROCEDURES),
    steps: fc.integer({ min: 1, max: 14 }),
    detour: fc.constantFrom(...DETOURS),
  })
  .map(({ source, communeIndex, procedureCode, steps, detour }) => {
    const communes = COMMUNES[source];
    const commune = communes[communeIndex % communes.length]!;
    // Each procedure is handed in at the level its route begins: commune, district or province.
    const reception =
      procedureCode === '2.000488' ? source : procedureCode === '1.009994' ? commune.split('.').slice(0, 2).join('.') : commune;
    return { source, story: { commune, reception, procedureCode, steps, detour } satisfies Story };
  });

/** Some runs lose a commune's rows from the table: its dossiers then go to the province (NO_SUCCESSOR). */
const scenarioArb = fc.record({
  stories: fc.array(storyArb, { minLength: 1, maxLength: 6 }),
  forget: fc.option(fc.constantFrom('02014', '05443'), { nil: undefined }),
});

async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.set(`${String(item.PK)} ${String(item.SK)}`, item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const without = (item: Record<string, unknown>, ...names: string[]) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !names.includes(name)));

/** What a reassignment may change on a dossier: who holds it, and the agencies standing for closed ones. */
const HOLDER_FIELDS = [
  'holderAgency',
  'handoff',
  'assignee',
  'phase',
  'resumeTo',
  'consultation',
  'route',
  'competentAgency',
  'receivingAgency',
  'receivingAgencyIdentifier',
  'version',
  'updatedAt',
];
const INDEX_KEYS = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI4PK', 'GSI4SK', 'migratedFrom'];

function expectOnlyTheHolderChanged(before: Dossier, after: Dossier): void {
  expect(without(after as never, ...HOLDER_FIELDS)).toEqual(without(before as never, ...HOLDER_FIELDS));
  expect(after.route.map(({ agencyCode: _, ...step }) => step)).toEqual(before.route.map(({ agencyCode: _, ...step }) => step));
  if (before.consultation)
    expect(without(after.consultation as never, 'closedAt')).toEqual(without(before.consultation as never, 'closedAt'));
  expect(after.status).toBe(before.status);
}

it(
  'nothing is lost or changed but the holder',
  async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ stories, forget }) => {
        const world = await setUpWorld();
        const successors: SuccessorTable = forget
          ? { ...SUCCESSORS, rows: SUCCESSORS.rows.filter((row) => row.oldCommune !== forget) }
          : SUCCESSORS;
        for (const { source, story } of stories)
          await play(world.services(world.sources.find((table) => table.provinceCode === source)!), story);
        const report = await world.migrate({ deps: { successors } });

        const target = await scanAll(world.db, world.target.tableName);
        const targetRoot = '19';
        let dossiers = 0;
        for (const source of world.sources) {
          for (const [key, item] of await scanAll(world.db, source.tableName)) {
            const policy = RECORD_POLICY[item.entity as keyof typeof RECORD_POLICY];
            if (policy === 'SKIP' || (item.entity === 'AGENCY' && item.code === targetRoot)) continue;
            const copy = target.get(key);
            expect(copy, `${key} is lost`).toBeDefined();
            if (item.entity === 'AGENCY') {
              expect(without(copy!, 'validTo', 'successorCode', 'migratedFrom')).toEqual(item);
              expect(copy!.validTo).toBe('2025-06-30');
            } else if (item.entity === 'HANDOFF') {
              // An undelivered handoff to a closed agency is replaced by the reassignment's.
              expect(without(copy!, 'state', 'migratedFrom')).toEqual(without(item, 'state'));
              if (copy!.state !== item.state) expect([item.state, copy!.state]).toEqual(['SENT', 'DISCARDED']);
            } else if (item.entity === 'OPINION_REQUEST') {
              // Out of the consulted agency's list only when the reassignment closed its consultation.
              expect(without(copy!, 'GSI1PK', 'GSI1SK', 'migratedFrom')).toEqual(without(item, 'GSI1PK', 'GSI1SK'));
              if (copy!.GSI1PK !== item.GSI1PK)
                expect(target.get(`DOSSIER#${String(item.dossierId)} DOSSIER`)?.consultation).toHaveProperty('closedAt');
            } else if (item.entity === 'DOSSIER') {
              dossiers += 1;
              expectOnlyTheHolderChanged(
                without(item, 'PK', 'SK', 'entity', ...INDEX_KEYS, 'GSI3PK', 'GSI3SK', 'GSI5PK', 'GSI5SK') as never,
                without(copy!, 'PK', 'SK', 'entity', ...INDEX_KEYS, 'GSI3PK', 'GSI3SK', 'GSI5PK', 'GSI5SK') as never,
              );
            } else {
              expect(without(copy!, 'migratedFrom')).toEqual(item);
            }
          }
        }
        expect(report.dossiers).toBe(dossiers);
        // Every dossier in the merged province is one of theirs, its head the fold of its history,
        // and whoever holds (or is about to hold) an unfinished one exists there.
        const heads = [...target.values()].filter((item) => item.entity === 'DOSSIER');
        expect(heads).toHaveLength(dossiers);
        for (const head of heads) {
          const id = String(head.id);
          const events = [...target.values()]
            .filter((item) => item.entity === 'EVENT' && item.dossierId === id)
            .sort((a, b) => Number(a.version) - Number(b.version));
          const folded = fold(events.map((event) => without(event, 'PK', 'SK', 'entity', 'migratedFrom') as unknown as DossierEvent))!;
          expect(folded).toEqual(without(head, 'PK', 'SK', 'entity', ...INDEX_KEYS, 'GSI3PK', 'GSI3SK', 'GSI5PK', 'GSI5SK'));
          const holder = folded.holderAgency ?? folded.handoff?.toAgency;
          const agency = holder ? target.get(`AGENCY#${holder} AGENCY`) : undefined;
          if (!['NOT_RECEIVED', 'WITHDRAWN', 'STOPPED', 'RETURNED'].includes(folded.status) && holder) {
            expect(agency?.validTo, `${id} is held by closed ${holder}`).toBeUndefined();
          }
        }
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );
  },
  // A run is a whole province migrated (about a minute alone); two test files share the 2-core CI machine.
  Math.max(240_000, RUNS * 100_000),
);

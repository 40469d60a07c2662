import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { controlSlipForm } from '#domain/forms';
import { type SqsPoller, startSqsPoller } from '../../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { RELAY_MAPPING } from '../../local/relay-mapping';
import { runMigrateCommand } from '../../scripts/migrate-province';
import { officerAt, play, type Story } from './stories';
import { setUpWorld, type World } from './world';

// Bắc Kạn's Dương Phong commune (Bạch Thông district) went whole into Xã Bạch Thông (19.02014);
// Thái Nguyên's 05461 (Thái Nguyên city) was split between two new communes.
const DUONG_PHONG = '06.063.02014';
const BACH_THONG_DISTRICT = '06.063';
const NEW_BACH_THONG = '19.02014';
const SPLIT_COMMUNE = '19.164.05461';

const interconnected = (steps: number, detour: Story['detour'] = 'NONE'): Story => ({
  commune: DUONG_PHONG,
  reception: DUONG_PHONG,
  procedureCode: '1.001776',
  steps,
  detour,
});

/** Every state of procedure 1.001776's way and its side-endings, plus a province's and a split commune's dossier. */
const STORIES: { name: string; source: '06' | '19'; story: Story; expect: { status: string; reason?: string; holder?: string } }[] = [
  {
    name: 'handed in',
    source: '06',
    story: interconnected(1),
    expect: { status: 'SUBMITTED', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  {
    name: 'completion requested',
    source: '06',
    story: interconnected(1, 'REQUEST_COMPLETION'),
    expect: { status: 'PENDING_COMPLETION', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  { name: 'refused', source: '06', story: interconnected(1, 'REFUSE'), expect: { status: 'NOT_RECEIVED' } },
  {
    name: 'received',
    source: '06',
    story: interconnected(2),
    expect: { status: 'RECEIVED', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  { name: 'withdrawn', source: '06', story: interconnected(2, 'WITHDRAW'), expect: { status: 'WITHDRAWN' } },
  {
    name: 'in transit to the district',
    source: '06',
    story: interconnected(3),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'delivered to the district',
    source: '06',
    story: interconnected(4),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'accepted by the district',
    source: '06',
    story: interconnected(5),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'assigned',
    source: '06',
    story: interconnected(6),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'appraising',
    source: '06',
    story: interconnected(7),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'consulting',
    source: '06',
    story: interconnected(7, 'REQUEST_OPINIONS'),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'supplement requested',
    source: '06',
    story: interconnected(7, 'REQUEST_SUPPLEMENT'),
    expect: { status: 'SUPPLEMENT_REQUESTED', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'awaiting fees',
    source: '06',
    story: interconnected(7, 'REQUEST_FINANCIAL_OBLIGATION'),
    expect: { status: 'AWAITING_FINANCIAL_OBLIGATION', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  { name: 'stopped', source: '06', story: interconnected(7, 'STOP'), expect: { status: 'STOPPED' } },
  {
    name: 'awaiting signature',
    source: '06',
    story: interconnected(8),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'signed',
    source: '06',
    story: interconnected(9),
    expect: { status: 'IN_PROCESSING', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'resolved at the district',
    source: '06',
    story: interconnected(10),
    expect: { status: 'RESOLVED', reason: 'SUCCESSOR_COMMUNE', holder: NEW_BACH_THONG },
  },
  {
    name: 'result on its way back',
    source: '06',
    story: interconnected(11),
    expect: { status: 'RESOLVED', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  {
    name: 'result delivered back',
    source: '06',
    story: interconnected(12),
    expect: { status: 'RESOLVED', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  {
    name: 'result accepted back',
    source: '06',
    story: interconnected(13),
    expect: { status: 'RESOLVED', reason: 'COMMUNE_MERGED', holder: NEW_BACH_THONG },
  },
  { name: 'returned', source: '06', story: interconnected(14), expect: { status: 'RETURNED' } },
  {
    name: 'held by Bắc Kạn province',
    source: '06',
    story: { commune: DUONG_PHONG, reception: '06', procedureCode: '2.000488', steps: 3, detour: 'NONE' },
    expect: { status: 'IN_PROCESSING', reason: 'MERGED_PROVINCE', holder: '19' },
  },
  {
    name: 'held by a Thái Nguyên district for an applicant of a split commune',
    source: '19',
    story: { commune: SPLIT_COMMUNE, reception: SPLIT_COMMUNE, procedureCode: '1.001776', steps: 6, detour: 'NONE' },
    expect: { status: 'IN_PROCESSING', reason: 'PARTIAL_MERGE', holder: '19' },
  },
  {
    name: 'held by Thái Nguyên province (continues)',
    source: '19',
    story: { commune: '19.164.05443', reception: '19', procedureCode: '2.000488', steps: 3, detour: 'NONE' },
    expect: { status: 'IN_PROCESSING', holder: '19' },
  },
];

let world: World;
let streamPoller: StreamPoller;
let sqsPoller: SqsPoller;
const made = new Map<string, Dossier>();
const sourceOf = (code: '06' | '19') => world.sources.find((source) => source.provinceCode === code)!;

async function command(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runMigrateCommand(args, { log: (line) => out.push(line), error: (line) => err.push(line) }, world.db);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const args = (extra: string[] = []) => [
  '--target',
  `19=${world.target.tableName}`,
  ...world.sources.flatMap((source) => ['--source', `${source.provinceCode}=${source.tableName}`]),
  ...extra,
];

beforeAll(async () => {
  world = await setUpWorld({ queues: true });
  for (const entry of STORIES) made.set(entry.name, await play(world.services(sourceOf(entry.source)), entry.story));
  // The sources hold a statistics read model, as deployed tables do (their projector ran).
  for (const entry of STORIES) {
    const source = world.services(sourceOf(entry.source));
    for (const event of await source.history(made.get(entry.name)!.id)) await source.project(event);
  }
  const [{ handler: relay }, { handler: consumer }] = await Promise.all([import('#relay/handler'), import('#transfer-consumer/handler')]);
  streamPoller = await startStreamPoller({
    endpoint: world.dynamoEndpoint,
    tableName: world.target.tableName,
    handler: relay,
    startingPosition: 'TRIM_HORIZON',
    filter: RELAY_MAPPING.filter,
  });
  sqsPoller = startSqsPoller({ endpoint: world.sqsEndpoint, queues: [...world.queues.values()], handler: consumer, waitTimeSeconds: 1 });
});

afterAll(async () => {
  await Promise.all([streamPoller?.stop(), sqsPoller?.stop()]);
});

async function settle() {
  await streamPoller.drain(30_000);
  await sqsPoller.drain(30_000);
}

it('the seeded pre-merge tables hold a dossier in every state', () => {
  for (const entry of STORIES) expect(made.get(entry.name)!.status, entry.name).toBe(entry.expect.status);
  const states = new Set(
    [...made.values()].map((dossier) => `${dossier.status}/${dossier.phase ?? ''}/${dossier.holderAgency ? 'held' : 'in transit'}`),
  );
  expect(states.size).toBeGreaterThanOrEqual(16);
});

describe('bad input stops with a code, exit 2, and writes nothing', () => {
  const refused = async (argv: string[], code: string) => {
    const before = await world.digests();
    const result = await command(argv);
    expect(result.status).toBe(2);
    expect(result.err).toContain(`migrate: ${code}:`);
    expect(result.err).toContain('nothing was written');
    expect(await world.digests()).toEqual(before);
  };

  it('an unknown province', async () => {
    await refused(['--target', `19=${world.target.tableName}`, '--source', `99=${sourceOf('06').tableName}`], 'UNKNOWN_PROVINCE');
    await refused(['--target', `77=${world.target.tableName}`, '--source', `06=${sourceOf('06').tableName}`], 'UNKNOWN_PROVINCE');
  });

  it('a province that did not merge into the target', async () => {
    await refused(['--target', `19=${world.target.tableName}`, '--source', `01=${sourceOf('06').tableName}`], 'NOT_MERGED_INTO_TARGET');
  });

  it('a source table that is not a pre-merge one (the wrong province, a two-tier table, no table)', async () => {
    await refused(
      [
        '--target',
        `19=${world.target.tableName}`,
        '--source',
        `06=${sourceOf('19').tableName}`,
        '--source',
        `19=${sourceOf('06').tableName}`,
      ],
      'NOT_PRE_MERGE',
    );
    await refused(['--target', `19=${world.target.tableName}`, '--source', `06=${world.target.tableName}-none`], 'NOT_PRE_MERGE');
  });

  it('a target that is not two-tier', async () => {
    await refused(['--target', `19=${sourceOf('19').tableName}`, '--source', `06=${sourceOf('06').tableName}`], 'TARGET_NOT_TWO_TIER');
  });

  it('overlapping codes between sources', async () => {
    const stray = made.get('assigned')!;
    // The same dossier in both pre-merge tables: one would overwrite the other's history.
    const { Item } = await world.db.send(
      new GetCommand({ TableName: sourceOf('06').tableName, Key: { PK: `DOSSIER#${stray.id}`, SK: 'DOSSIER' } }),
    );
    await world.db.send(new PutCommand({ TableName: sourceOf('19').tableName, Item: Item! }));
    try {
      await refused(args(), 'OVERLAPPING_CODES');
    } finally {
      await world.db.send(new DeleteCommand({ TableName: sourceOf('19').tableName, Key: { PK: `DOSSIER#${stray.id}`, SK: 'DOSSIER' } }));
    }
  });

  it('command-line mistakes', async () => {
    await refused(['--source', `06=${sourceOf('06').tableName}`], 'BAD_ARGUMENTS');
    await refused(['--target', `19=${world.target.tableName}`, '--source', '06'], 'BAD_ARGUMENTS');
    await refused(['--target', `19=${world.target.tableName}`, '--source', `06=${world.target.tableName}`], 'BAD_ARGUMENTS');
  });
});

it('a dry run prints what it would do, by reason and per dossier, and writes nothing', async () => {
  const before = await world.digests();
  const result = await command(args(['--dry-run', '--verbose']));
  expect(result.status, result.err).toBe(0);
  expect(await world.digests()).toEqual(before);
  expect(result.out).toContain('DRY RUN, nothing written');
  const reassigned = STORIES.filter((entry) => entry.expect.reason);
  expect(result.out).toMatch(new RegExp(`total\\s+${reassigned.length}\\b`));
  for (const reason of new Set(reassigned.map((entry) => entry.expect.reason!))) {
    const count = reassigned.filter((entry) => entry.expect.reason === reason).length;
    expect(result.out).toMatch(new RegExp(`${reason}\\s+${count}\\b`));
  }
  expect(result.out).toContain(`${BACH_THONG_DISTRICT} → ${NEW_BACH_THONG}  SUCCESSOR_COMMUNE`);
  expect(result.out).toMatch(/figures: planned \d+ dossiers/);
});

describe('the migration', () => {
  let output: string;
  const target = () => world.services(world.target);

  beforeAll(async () => {
    const result = await command(args(['--verbose']));
    expect(result.status, result.err).toBe(0);
    output = result.out;
    // MIGRATION_DEBUG=1 prints the command's report, as an operator would see it.
    if (process.env.MIGRATION_DEBUG) console.log(output);
    await settle();
  });

  it('leaves the statistics read model behind: the target’s projector rebuilds it from the copied events', async () => {
    const statsItems = async (tableName: string) => {
      const { Items = [] } = await world.db.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'begins_with(entity, :stats)',
          ExpressionAttributeValues: { ':stats': 'STATS_' },
        }),
      );
      return Items;
    };
    expect((await statsItems(sourceOf('06').tableName)).length).toBeGreaterThan(0);
    expect(await statsItems(world.target.tableName)).toEqual([]);
  });

  it('prints its figures: dossiers per second and reassignments by reason', () => {
    expect(output).toMatch(/figures: \d+ dossiers in [\d.]+ s = [\d.]+ dossiers\/s; \d+ records written, 0 already present/);
    expect(output).toMatch(/SUCCESSOR_COMMUNE\s+\d+/);
  });

  it('keeps every dossier, event and code; reassigns the unfinished ones of closed agencies to their successors through the queues', async () => {
    for (const entry of STORIES) {
      const before = made.get(entry.name)!;
      const sourceHistory = await world.services(sourceOf(entry.source)).history(before.id);
      const after = (await target().get(before.id))!;
      const history = await target().history(before.id);
      expect(history.slice(0, sourceHistory.length), entry.name).toEqual(sourceHistory);
      expect(after.code, entry.name).toBe(before.code);
      if (!entry.expect.reason) {
        expect(after, entry.name).toEqual(before);
        continue;
      }
      const added = history.slice(sourceHistory.length);
      const reassigned = added[0] as DossierEvent;
      expect(reassigned.type, entry.name).toBe('REASSIGNED');
      expect(reassigned.reassignment?.reason, entry.name).toBe(entry.expect.reason);
      expect(reassigned.reassignment?.legalBasis).toContain('140/2025');
      // Through the stream, the relay and the new holder's queue: delivered, in its inbox.
      expect(
        added.map((event) => event.type),
        entry.name,
      ).toEqual(['REASSIGNED', 'DELIVERED']);
      expect(after.holderAgency, entry.name).toBe(entry.expect.holder);
      const inbox = await target().inbox(entry.expect.holder!);
      expect(
        inbox.map((dossier) => dossier.id),
        entry.name,
      ).toContain(before.id);
      expect(after.status, entry.name).toBe(before.status);
    }
  });

  it('a consultation the reassignment closed leaves the consulted agency’s list', async () => {
    const consulting = made.get('consulting')!;
    const asked = consulting.consultation!.requests[0]!.agencyCode;
    expect(await world.services(sourceOf('06')).opinionRequests(asked)).toContain(consulting.id);
    expect(await target().opinionRequests(asked)).not.toContain(consulting.id);
    expect((await target().get(consulting.id))!.consultation?.closedAt).toBeDefined();
  });

  it('the control slip shows the reassignment as a handover from the district to the new commune', async () => {
    const before = made.get('assigned')!;
    const after = (await target().get(before.id))!;
    const slip = controlSlipForm(after, await target().history(before.id), (code) => code);
    expect(slip?.rows.map((row) => [row.fromAgency, row.toAgency, row.note ?? null])).toContainEqual([
      BACH_THONG_DISTRICT,
      NEW_BACH_THONG,
      'SUCCESSOR_COMMUNE',
    ]);
  });

  it('the new holder carries on: the district decision is now the commune’s', async () => {
    const before = made.get('assigned')!;
    const current = (await target().get(before.id))!;
    expect(current.competentAgency).toBe(NEW_BACH_THONG);
    const dossier = await target().act(officerAt(NEW_BACH_THONG), current.id, current.version, {
      action: 'ASSIGN',
      assignee: 'cv-bachthong-moi',
    });
    expect(dossier.phase).toBe('ASSIGNED');
    // The reassignment is the province's decision: it arrives accepted and cannot be sent back.
    const delivered = (await target().get(made.get('delivered to the district')!.id))!;
    await expect(
      target().act(officerAt(NEW_BACH_THONG), delivered.id, delivered.version, { action: 'RETURN_HANDOFF', reason: 'Không nhận' }),
    ).rejects.toMatchObject({ code: 'ILLEGAL_ACTION' });
    const resolved = (await target().get(made.get('result accepted back')!.id))!;
    const returned = await target().act(officerAt(NEW_BACH_THONG), resolved.id, resolved.version, {
      action: 'RETURN_RESULT',
      deliveryMode: 'COUNTER',
    });
    expect(returned.status).toBe('RETURNED');
  });

  it('closed agencies stay readable in their place in the tree, valid to 30/06/2025, with their successor where one took over', async () => {
    const [district, commune, province] = await target().agencies([BACH_THONG_DISTRICT, DUONG_PHONG, '06']);
    expect(district).toMatchObject({ code: BACH_THONG_DISTRICT, level: 'DISTRICT', validTo: '2025-06-30' });
    expect(district).not.toHaveProperty('successorCode');
    expect(commune).toMatchObject({ code: DUONG_PHONG, validTo: '2025-06-30', successorCode: NEW_BACH_THONG });
    expect(province).toMatchObject({ code: '06', validTo: '2025-06-30', successorCode: '19' });
    expect((await target().children('06')).map((agency) => agency.code)).toContain(BACH_THONG_DISTRICT);
    expect((await target().agencies(['19']))[0]!).not.toHaveProperty('validTo');
    expect((await target().agencies(['19.164.05461']))[0]!).not.toHaveProperty('successorCode');
  });

  it('a second run changes nothing (and its dry run says what an earlier run did)', async () => {
    const before = await world.digests();
    const dry = await command(args(['--dry-run']));
    expect(dry.out).toMatch(/total\s+0\b/);
    expect(dry.out).toContain(`${STORIES.filter((entry) => entry.expect.reason).length} reassignments done by an earlier run`);
    const result = await command(args());
    expect(result.status, result.err).toBe(0);
    expect(await world.digests()).toEqual(before);
    expect(result.out).toMatch(/ 0 records written, \d+ already present; \d+ reassignments done by an earlier run/);
    expect(result.out).toMatch(/total\s+0\b/);
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeadLetterSetup, DISTRICT, deadLetteredHandoff, setUpDeadLetters } from './support/dead-letter-setup';
import { audit } from './support/ledger';

/** `npx tsx scripts/redrive.ts`, run as an operator would, against the emulators. */
let world: DeadLetterSetup;

beforeAll(async () => {
  world = await setUpDeadLetters();
});

afterAll(async () => {
  await world?.pipeline.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command with the test's environment (the SDK endpoint variables point at the emulators). */
async function redrive(...args: string[]): Promise<Run> {
  try {
    // tsx as `npx tsx` finds it, without npm's start-up on each of the runs.
    const { stdout, stderr } = await promisify(execFile)(join('node_modules', '.bin', 'tsx'), ['scripts/redrive.ts', ...args], {
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('scripts/redrive.ts', () => {
  it('moves an agency’s dead-lettered handoff back to its queue, and it is delivered once', async () => {
    const sent = await deadLetteredHandoff(world);
    expect((await world.failures.failingHandoffs(DISTRICT, 10)).map((record) => [record.handoffId, record.deadLettered])).toEqual([
      [sent.handoff!.id, true],
    ]);
    const run = await redrive('--agency', DISTRICT, '--queue-prefix', world.fixture.queueNamePrefix, '--table', world.fixture.tableName);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(
      `redrive: 1 message(s) moved from the dead-letter queue of ${DISTRICT} back to its queue (handoffs ${sent.handoff!.id}); 0 left`,
    );
    await world.pipeline.settle();
    const ledger = await audit(world.db, world.fixture.tableName, [
      { id: sent.id, site: { commune: '', district: DISTRICT }, handoffIds: [sent.handoff!.id], stuck: false },
    ]);
    expect(ledger).toMatchObject({ handoffs: 1, lost: [], appliedTwice: [], gaps: [] });
    expect(await world.failures.failingHandoffs(DISTRICT, 10)).toEqual([]);
  });

  it('refuses wrong flags with exit code 2, saying which', async () => {
    const cases: [string[], string][] = [
      [[], '--agency is required'],
      [['--agency', '6.63'], '--agency must be an agency code such as 06.063, not "6.63"'],
      [['--agency', DISTRICT, '--max', '0', '--queue-prefix', 'p-'], '--max must be a whole number from 1 to 10000, not "0"'],
      [['--agency', DISTRICT, '--queue-prefix', 'p-', '--force'], "Unknown option '--force'"],
    ];
    for (const [args, message] of cases) {
      const run = await redrive(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`redrive: ${message}`);
    }
  });

  it('fails with exit code 1 for an agency that has no queue', async () => {
    const run = await redrive('--agency', '06.999', '--queue-prefix', world.fixture.queueNamePrefix);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENCY_NOT_FOUND');
  });
});

/**
 * Migration figures on a larger seeded province: MIGRATION_FIGURES=<dossiers> runs it (skipped
 * otherwise: it only prints). Dossiers are made through the services, in every state, spread over
 * both pre-merge provinces; the report is the command's own.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { formatReport } from '../../scripts/migrate-province';
import { DETOURS, play, type Story } from './stories';
import { setUpWorld } from './world';

const DOSSIERS = Number(process.env.MIGRATION_FIGURES ?? 0);
const COMMUNES = {
  '06': ['06.063.02014', '06.063.02017', '06.058.01834', '06.061.01888'],
  '19': ['19.164.05461', '19.164.05443', '19.165.05506'],
} as const;

it.skipIf(DOSSIERS === 0)(
  'prints dossiers per second and reassignments by reason',
  async () => {
    const world = await setUpWorld();
    const random = fc.sample(
      fc.record({
        source: fc.constantFrom<'06' | '19'>('06', '19'),
        commune: fc.nat(3),
        steps: fc.integer({ min: 1, max: 14 }),
        detour: fc.constantFrom(...DETOURS),
      }),
      { numRuns: DOSSIERS, seed: 42 },
    );
    const seeding = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < random.length) {
          const { source, commune, steps, detour } = random[next++]!;
          const code = COMMUNES[source][commune % COMMUNES[source].length]!;
          const story: Story = { commune: code, reception: code, procedureCode: '1.001776', steps, detour };
          await play(world.services(world.sources.find((table) => table.provinceCode === source)!), story);
        }
      }),
    );
    console.log(`seeded ${DOSSIERS} dossiers in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const dry = await world.migrate({ dryRun: true });
    console.log(formatReport(dry, false).join('\n'));
    const report = await world.migrate();
    console.log(formatReport(report, false).join('\n'));
    const again = await world.migrate();
    console.log(formatReport(again, false).join('\n'));
    expect(again.written).toBe(0);
  },
  1_800_000,
);

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '#domain/dossier';
import type { Services } from '../../../functions/services';
import type { Counters } from './counters';
import { type FaultSettings, NO_FAULTS } from './handler-faults';
import { type DrivenDossier, eachLimited, lastHandoffDelivered, nextHandoff, receivedDossier, type Site } from './handoff-driver';
import { audit, type Ledger } from './ledger';
import type { Pipeline } from './pipeline';

export interface Scenario {
  name: string;
  settings: Partial<FaultSettings>;
  dossiers: number;
  /** One handoff per dossier per round. */
  rounds: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  ledger: Ledger;
  counts: [string, number][];
  injected: number;
  seconds: number;
}

/** What every scenario of a run shares: the pipeline, the driver's services and the fault switch. */
export interface FaultWorld {
  pipeline: Pipeline;
  /** The driver's services, on a client of their own: faults hit only the handlers' clients. */
  services: Services;
  db: DynamoDBDocumentClient;
  tableName: string;
  sites: readonly Site[];
  counters: Counters;
  setFaults(settings: FaultSettings): void;
  /** Handoff id → what the relay and the consumer did with it (FAULT_DEBUG=1 only). */
  traces?: Map<string, string[]>;
}

/** FAULT_DEBUG=1 prints timings and, for a handoff that never arrived, what happened to it. */
const DEBUG = Boolean(process.env.FAULT_DEBUG);
const debug = (line: string) => DEBUG && console.log(line);

/** Officers working at once, as the front ends would. */
const DRIVER_CONCURRENCY = 8;
/** Settle, redrive what was dead-lettered, settle again: a handoff still missing after this is lost. */
const RECOVERY_ATTEMPTS = 5;

export async function runScenario(world: FaultWorld, scenario: Scenario): Promise<ScenarioResult> {
  const { services, counters } = world;
  counters.reset();
  const started = performance.now();
  const dossiers: DrivenDossier[] = [];
  await eachLimited([...Array(scenario.dossiers).keys()], DRIVER_CONCURRENCY, async (index) => {
    dossiers.push(await receivedDossier(services, world.sites[index % world.sites.length]!));
  });
  world.setFaults({ ...NO_FAULTS, ...scenario.settings });
  try {
    debug(`${scenario.name}: dossiers received in ${(performance.now() - started).toFixed(0)} ms`);
    for (let round = 1; round <= scenario.rounds; round += 1) {
      const t0 = performance.now();
      const heads = await readHeads(services, dossiers);
      await eachLimited(
        dossiers.filter((dossier) => !dossier.stuck),
        DRIVER_CONCURRENCY,
        (dossier) => nextHandoff(services, dossier, heads.get(dossier.id)!),
      );
      debug(`round ${round}: sent in ${(performance.now() - t0).toFixed(0)} ms`);
      await settleAndRecover(world, dossiers);
    }
  } finally {
    world.setFaults(NO_FAULTS);
  }
  const ledger = await audit(world.db, world.tableName, dossiers);
  const counts = counters.entries();
  const injected = counts
    .filter(([name]) => name.startsWith('injected ') || name.startsWith('sdk '))
    .reduce((sum, [, count]) => sum + count, 0);
  return { scenario, ledger, counts, injected, seconds: (performance.now() - started) / 1000 };
}

async function readHeads(services: Services, dossiers: readonly DrivenDossier[]): Promise<Map<string, Dossier>> {
  const heads = new Map<string, Dossier>();
  await eachLimited(dossiers, DRIVER_CONCURRENCY, async (dossier) => {
    const head = await services.dossiers.get(dossier.id);
    if (head) heads.set(dossier.id, head);
  });
  return heads;
}

/**
 * Waits for the pipeline, then does what an operator would for anything still missing: redrive the
 * dead-letter queues. A dossier whose handoff never arrives is marked stuck (and counted lost).
 */
async function settleAndRecover(world: FaultWorld, dossiers: readonly DrivenDossier[]): Promise<void> {
  const agencies = [...new Set(world.sites.flatMap((site) => [site.commune, site.district]))];
  let waiting = dossiers.filter((dossier) => !dossier.stuck);
  for (let attempt = 0; attempt < RECOVERY_ATTEMPTS && waiting.length > 0; attempt += 1) {
    const t0 = performance.now();
    await world.pipeline.settle();
    debug(`settled in ${(performance.now() - t0).toFixed(0)} ms (attempt ${attempt + 1}, ${waiting.length} dossiers waiting)`);
    const heads = await readHeads(world.services, waiting);
    waiting = waiting.filter((dossier) => !lastHandoffDelivered(heads.get(dossier.id)));
    if (waiting.length > 0) world.counters.add('messages redriven from a DLQ', await world.pipeline.redrive(agencies));
  }
  for (const dossier of waiting) dossier.stuck = true;
  if (DEBUG && waiting.length) {
    const heads = await readHeads(world.services, waiting);
    const stuck = waiting.map((dossier) => {
      const last = dossier.handoffIds.at(-1)!;
      return { handoff: last, head: heads.get(dossier.id)?.handoff, trace: world.traces?.get(last) };
    });
    console.log('stuck', JSON.stringify(stuck, null, 1));
  }
}

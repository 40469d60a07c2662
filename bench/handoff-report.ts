import { fixed, printTable } from './format';
import type { OpenStep, Pace } from './handoff-open';
import { type Summary, summarize } from './stats';

/** The handoff bench's open-loop and where-the-time-goes tables. */

/** Per handoff, ms: commit → its relay batch returned (stream poll + relay); → its consumer batch began (queue); → delivered. */
export interface Stages {
  relay: number[];
  queue: number[];
  consumer: number[];
}

export const emptyStages = (): Stages => ({ relay: [], queue: [], consumer: [] });

export interface StageRow {
  row: string;
  relay: Summary;
  queue: Summary;
  consumer: Summary;
}

export const stageRow = (row: string, stages: Stages): StageRow => ({
  row,
  relay: summarize(stages.relay),
  queue: summarize(stages.queue),
  consumer: summarize(stages.consumer),
});

export function printOpenSteps(open: readonly OpenStep[], pace: Pace): void {
  printTable(
    ['offered /s', 'of pace', 'committed /s', 'delivered /s', 'done', 'failed', 'p50 ms', 'p95 ms', 'max ms', 'holds'],
    open.map((step) => [
      fixed(step.offered),
      `${fixed(step.offered / pace.handoffsPerSecond, 2)}×`,
      fixed(step.committed),
      fixed(step.delivered),
      String(step.done),
      String(step.failed),
      fixed(step.latency.p50),
      fixed(step.latency.p95),
      fixed(step.latency.max),
      step.holds ? 'yes' : 'no',
    ]),
    ['offered /s', 'of pace', 'committed /s', 'delivered /s', 'done', 'failed', 'p50 ms', 'p95 ms', 'max ms'],
  );
}

export function printTimeGoes(timeGoes: readonly StageRow[]): void {
  console.log(
    `\n  Where the time goes, per handoff (ms, p50 / p95): commit → its relay batch returned (stream poll, relay's sends); ` +
      `→ its consumer batch began (queue, SQS poller); → delivered (the consumer's read and transaction, and the rest of its batch).`,
  );
  printTable(
    ['row', 'relay p50', 'relay p95', 'queue p50', 'queue p95', 'consumer p50', 'consumer p95'],
    timeGoes.map((row) => [
      row.row,
      fixed(row.relay.p50),
      fixed(row.relay.p95),
      fixed(row.queue.p50),
      fixed(row.queue.p95),
      fixed(row.consumer.p50),
      fixed(row.consumer.p95),
    ]),
    ['relay p50', 'relay p95', 'queue p50', 'queue p95', 'consumer p50', 'consumer p95'],
  );
}

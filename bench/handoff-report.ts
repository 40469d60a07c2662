import { figureColumns, fixed, printTable } from './format';
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

export interface PaceMeasurement extends Pace {
  label: string;
}

export function printPaces(paces: readonly PaceMeasurement[], transactionsPerHandoff: number): void {
  const [first] = paces;
  if (!first) return;
  console.log(
    `  Every pace measurement: raw TransactWriteItems/s (${first.itemsPerTransaction} conditional puts, ${first.bytesPerTransaction} B as ` +
      `DynamoDB JSON, copied from a delivered handoff's head, event and record; ${first.transactions} timed after a warm-up, ` +
      `${first.inFlight} in flight) ÷ ${transactionsPerHandoff} transactions a handoff commits = handoffs/s.`,
  );
  printTable(
    ['measured', 'raw TWI /s', 'handoffs /s', 'p50 ms', 'p95 ms'],
    paces.map((pace) => [
      pace.label,
      fixed(pace.transactionsPerSecond),
      fixed(pace.handoffsPerSecond),
      fixed(pace.latency.p50),
      fixed(pace.latency.p95),
    ]),
    ['raw TWI /s', 'handoffs /s', 'p50 ms', 'p95 ms'],
  );
}

const OPEN_STEP_HEADERS = [
  'offered /s',
  'pace /s',
  'of pace',
  'committed /s',
  'delivered /s',
  'of pace ',
  'of highest',
  'done',
  'failed',
  'p50 ms',
  'p95 ms',
  'max ms',
  'holds',
];

/** Each step against the higher of the paces right before and after it ("pace /s"), and against the run's highest. */
export function printOpenSteps(open: readonly OpenStep[], highest: Pace): void {
  printTable(
    OPEN_STEP_HEADERS,
    open.map((step) => [
      fixed(step.offered),
      fixed(step.pace),
      `${fixed(step.offered / (step.pace ?? Number.NaN), 2)}×`,
      fixed(step.committed),
      fixed(step.delivered),
      `${fixed(step.delivered / (step.pace ?? Number.NaN), 2)}×`,
      `${fixed(step.delivered / highest.handoffsPerSecond, 2)}×`,
      String(step.done),
      String(step.failed),
      fixed(step.latency.p50),
      fixed(step.latency.p95),
      fixed(step.latency.max),
      step.holds ? 'yes' : 'no',
    ]),
    figureColumns(OPEN_STEP_HEADERS, ['holds']),
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

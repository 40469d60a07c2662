import { describeCounts } from './ddb-counter';
import { DEMO_COMMUNE, receptionOfficer, submitInput, transition } from './dossier-flow';
import { fixed, printTable } from './format';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * Issue 14, a busy counter: N acceptances sent at once at ONE agency (every one takes the same
 * day's counter) beside the same N spread over many agencies, in the same run. The dossiers are
 * submitted first (not timed); then all N acceptMutations go out together and the wall time to
 * the last answer is measured. Nobody retries: an error is counted, not repeated.
 */

export interface BurstOptions {
  acceptances: number;
  /** Agencies of the spread row (N / agencies acceptances each). */
  agencies: number;
}

export interface BurstRow {
  layout: 'one agency' | 'spread';
  agencies: number;
  acceptances: number;
  accepted: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: Summary;
  /** Codes of this burst that were given twice (must be 0). */
  duplicateCodes: number;
  /** Numbers of the one agency's day left out of this burst's codes (each must be recorded void: see the register). */
  gaps: number;
  requests: string;
}

export interface BurstResult {
  rows: BurstRow[];
  /** One agency's wall time over the spread one's (issue 14: at most 2×). */
  ratio: number;
}

export async function runAcceptanceBurst(platform: Platform, options: BurstOptions): Promise<BurstResult> {
  const spread = platform.communes.slice(0, Math.max(1, options.agencies)).map((commune) => commune.code);
  // Spread first: the one-agency row then starts on a counter the spread row did not touch.
  const spreadRow = await burst(platform, 'spread', spread, options.acceptances);
  const oneRow = await burst(platform, 'one agency', [DEMO_COMMUNE], options.acceptances);
  const rows = [spreadRow, oneRow];
  const ratio = oneRow.seconds / spreadRow.seconds;
  console.log(
    `\n  ${options.acceptances} acceptances at once (submitted beforehand, not timed); nobody retries. ` +
      `One agency over spread: ${fixed(ratio, 2)}× the wall time (issue 14: at most 2×).`,
  );
  printTable(
    ['layout', 'agencies', 'accepted', 'errors', 'wall s', 'per s', 'p50 ms', 'p95 ms', 'max ms', 'dup codes', 'gaps', 'DynamoDB requests'],
    rows.map((row) => [
      row.layout,
      String(row.agencies),
      `${row.accepted}/${row.acceptances}`,
      Object.entries(row.errors)
        .map(([code, count]) => `${count} ${code}`)
        .join(', ') || '0',
      fixed(row.seconds, 2),
      fixed(row.perSecond),
      fixed(row.latency.p50),
      fixed(row.latency.p95),
      fixed(row.latency.max),
      String(row.duplicateCodes),
      String(row.gaps),
      row.requests,
    ]),
    ['agencies', 'accepted', 'wall s', 'per s', 'p50 ms', 'p95 ms', 'max ms', 'dup codes', 'gaps'],
  );
  return { rows, ratio };
}

async function burst(platform: Platform, layout: BurstRow['layout'], agencies: string[], count: number): Promise<BurstRow> {
  // Submit the dossiers a few at a time (not measured).
  const submitted: { id: string; version: number; agency: string }[] = [];
  for (let start = 0; start < count; start += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, count - start) }, async (_, offset) => {
        const agency = agencies[(start + offset) % agencies.length] as string;
        const { dossier, outcome } = await transition(
          platform.gql,
          'submit',
          { input: submitInput('simple', agency) },
          receptionOfficer(agency, 'burst'),
          'minimal',
        );
        if (!dossier) throw new Error(`Burst submission failed: ${outcome.error} ${outcome.message}`);
        return { id: dossier.id, version: dossier.version, agency };
      }),
    );
    submitted.push(...batch);
  }

  platform.counter.reset();
  const started = performance.now();
  const results = await Promise.all(
    submitted.map((dossier, index) =>
      transition(
        platform.gql,
        'accept',
        { id: dossier.id, v: dossier.version },
        receptionOfficer(dossier.agency, `burst-${index}`),
        'minimal',
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const counts = platform.counter.snapshot();
  platform.counter.reset();

  const errors: Record<string, number> = {};
  const codes: string[] = [];
  for (const { outcome, dossier } of results) {
    if (outcome.error) errors[outcome.error] = (errors[outcome.error] ?? 0) + 1;
    else if (dossier?.code) codes.push(dossier.code);
  }
  const duplicateCodes = codes.length - new Set(codes).size;
  // At one agency the burst's numbers should be one run of the day's sequence; anything missing in it is a gap.
  let gaps = 0;
  if (layout === 'one agency' && codes.length > 0) {
    const numbers = codes.map((code) => Number(code.split('-').at(-1)));
    gaps = Math.max(...numbers) - Math.min(...numbers) + 1 - new Set(numbers).size;
  }
  const ok = results.filter((result) => !result.outcome.error).map((result) => result.outcome.ms);
  return {
    layout,
    agencies: agencies.length,
    acceptances: count,
    accepted: codes.length,
    errors,
    seconds,
    perSecond: codes.length / seconds,
    latency: summarize(ok),
    duplicateCodes,
    gaps,
    requests: describeCounts(counts),
  };
}

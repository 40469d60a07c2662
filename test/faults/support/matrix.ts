import type { ScenarioResult } from './scenario';

/** Counts already in the table, or only noise next to it. */
const QUIET_COUNTS = new Set(['consumer receipts', 'relay invocations', 'messages redriven from a DLQ']);

/** The fault matrix as a plain-text table, printed so it can be copied into a note. */
export function printFaultMatrix(results: readonly ScenarioResult[], seed: number): void {
  const headers = ['fault', 'handoffs', 'injected', 'lost', 'applied twice', 'history gaps', 'consumer receipts', 'redriven', 's'];
  const rows = results.map(({ scenario, ledger, injected, counts, seconds }) => {
    const count = (name: string) => counts.find(([counted]) => counted === name)?.[1] ?? 0;
    return [
      scenario.name,
      String(ledger.handoffs),
      String(injected),
      String(ledger.lost.length),
      String(ledger.appliedTwice.length),
      String(ledger.gaps.length),
      String(count('consumer receipts')),
      String(count('messages redriven from a DLQ')),
      seconds.toFixed(1),
    ];
  });
  const total = (column: number) => String(rows.reduce((sum, row) => sum + Number(row[column]), 0));
  rows.push([
    'total',
    total(1),
    total(2),
    total(3),
    total(4),
    total(5),
    total(6),
    total(7),
    results.reduce((sum, r) => sum + r.seconds, 0).toFixed(1),
  ]);
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const lines = [
    `Fault matrix (seed ${seed}; FAULT_SEED=${seed} replays the draws)`,
    line(headers),
    `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
    ...rows.map(line),
    '',
    'Injected, by kind (and what the pipeline did about it):',
    ...results.map(({ scenario, counts }) => {
      const shown = counts.filter(([name]) => !QUIET_COUNTS.has(name));
      return `  ${scenario.name}: ${shown.map(([name, count]) => `${name.replace(/^injected /, '')} ×${count}`).join(', ') || 'none'}`;
    }),
  ];
  console.log(lines.join('\n'));
}

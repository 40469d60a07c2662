/** Plain-text output for the benchmarks: aligned tables and section headers. */

/** A number with a fixed count of decimals, or "–" when it is not a number. */
export function fixed(value: number | undefined, decimals = 1): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(decimals);
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export type Align = 'left' | 'right';

/**
 * Prints rows as an aligned plain-text table. Columns whose header starts with a letter are
 * left-aligned unless `right` names them; numbers read best right-aligned, so pass their headers.
 */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly string[] = []): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const align = (text: string, column: number) =>
    right.includes(headers[column] as string) ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number);
  const line = (cells: readonly string[]) => `  ${cells.map((cell, column) => align(cell, column)).join('  ')}`.trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

/** The columns to right-align: every header but the text ones (the tables are mostly figures). */
export const figureColumns = (headers: readonly string[], text: readonly string[]): string[] =>
  headers.filter((header) => !text.includes(header));

export function section(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}`);
}

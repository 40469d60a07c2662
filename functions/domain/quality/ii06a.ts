import type { Cell } from './counters';
import { type Figures, figuresOf, groupCells, type Range } from './figures';

/**
 * Biểu số II.06a/VPCP/KSTT, "Tình hình, kết quả giải quyết TTHC" (domain.md §(i).1 and Appendix D
 * [P: a provincial system's template]; legal home TT 01/2020/TT-VPCP [P]). 13 columns: row number,
 * field, then eleven counts. Rows per field (lĩnh vực), grouped by level.
 */
export const II06A_COLUMNS = [
  { key: 'row', title: 'STT' },
  { key: 'field', title: 'Lĩnh vực giải quyết' },
  { key: 'receivedTotal', title: 'Số hồ sơ nhận giải quyết: Tổng số' },
  { key: 'receivedOnline', title: 'Trong kỳ: Trực tuyến' },
  { key: 'receivedDirect', title: 'Trong kỳ: Trực tiếp, dịch vụ bưu chính' },
  { key: 'carriedOver', title: 'Từ kỳ trước chuyển qua' },
  { key: 'resolvedTotal', title: 'Số hồ sơ đã giải quyết: Tổng số' },
  { key: 'resolvedEarly', title: 'Trước hạn' },
  { key: 'resolvedOnTime', title: 'Đúng hạn' },
  { key: 'resolvedLate', title: 'Quá hạn' },
  { key: 'inProcessTotal', title: 'Số hồ sơ đang giải quyết: Tổng số' },
  { key: 'inProcessOnTime', title: 'Chưa đến hạn' },
  { key: 'inProcessOverdue', title: 'Quá hạn' },
] as const;

export type II06aColumn = (typeof II06A_COLUMNS)[number]['key'];

export interface II06aRow {
  row: string;
  field: string;
  /** The level of the group (`PROVINCE`, `COMMUNE`…), absent on the total row. */
  level?: string;
  kind: 'LEVEL' | 'FIELD' | 'TOTAL';
  receivedTotal: number;
  receivedOnline: number;
  receivedDirect: number;
  carriedOver: number;
  resolvedTotal: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  inProcessTotal: number;
  inProcessOnTime: number;
  inProcessOverdue: number;
}

/** Column 3 "Tổng số" = received in the period + carried over, as the template adds them [P]. */
function counts(f: Figures): Omit<II06aRow, 'row' | 'field' | 'kind' | 'level'> {
  return {
    receivedTotal: f.received + f.carriedOver,
    receivedOnline: f.receivedOnline,
    receivedDirect: f.receivedDirect + f.receivedPostal,
    carriedOver: f.carriedOver,
    resolvedTotal: f.resolved,
    resolvedEarly: f.resolvedEarly,
    resolvedOnTime: f.resolvedOnTime,
    resolvedLate: f.resolvedLate,
    inProcessTotal: f.inProcess,
    inProcessOnTime: f.inProcessOnTime,
    inProcessOverdue: f.inProcessOverdue,
  };
}

const LEVEL_NAMES: Record<string, string> = { PROVINCE: 'Cấp tỉnh', DISTRICT: 'Cấp huyện', COMMUNE: 'Cấp xã', CENTRAL: 'Cấp trung ương' };
const LEVEL_ORDER = ['CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

/**
 * The report's rows: per level a heading row with its sum, then one row per field; a total last.
 * `fieldOf` names a procedure's field from the catalog (the read model keys by procedure).
 */
export function ii06aRows(
  cells: readonly Cell[],
  range: Range,
  fieldOf: (procedure: string) => { code: string; name: string },
): II06aRow[] {
  const rows: II06aRow[] = [];
  const levels = [...groupCells(cells, (cell) => cell.level)].sort(
    ([a], [b]) => (LEVEL_ORDER.indexOf(a) + 1 || 99) - (LEVEL_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  levels.forEach(([level, levelCells], index) => {
    rows.push({
      row: ROMAN[index] ?? String(index + 1),
      field: LEVEL_NAMES[level] ?? level,
      level,
      kind: 'LEVEL',
      ...counts(figuresOf(levelCells, range)),
    });
    const fields = [...groupCells(levelCells, (cell) => fieldOf(cell.procedure).code)].sort(([a], [b]) => a.localeCompare(b));
    fields.forEach(([, fieldCells], n) => {
      const field = fieldOf((fieldCells[0] as Cell).procedure);
      rows.push({ row: String(n + 1), field: field.name, level, kind: 'FIELD', ...counts(figuresOf(fieldCells, range)) });
    });
  });
  rows.push({ row: '', field: 'Tổng cộng', kind: 'TOTAL', ...counts(figuresOf(cells, range)) });
  return rows;
}

/** CSV of the rows (RFC 4180 quoting), header from the column titles. */
export function ii06aCsv(rows: readonly II06aRow[]): string {
  const quote = (value: string | number) => (typeof value === 'number' ? String(value) : `"${value.replaceAll('"', '""')}"`);
  const lines = [II06A_COLUMNS.map((column) => quote(column.title)).join(',')];
  for (const row of rows) lines.push(II06A_COLUMNS.map((column) => quote(row[column.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

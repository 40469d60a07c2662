import { formatIsoDate, type IsoDate, parseIsoDate } from '../calendar/civil-date';
import { toLocal } from '../calendar/vn-time';
import { badInput } from '../errors';

/** The Vietnamese calendar day (Asia/Ho_Chi_Minh) of an instant: statistics count by it. */
export function vnDay(instant: string | Date): IsoDate {
  return formatIsoDate(toLocal(typeof instant === 'string' ? new Date(instant) : instant).day);
}

export function addDays(day: IsoDate, days: number): IsoDate {
  return formatIsoDate(parseIsoDate(day) + days);
}

/** `YYYY-MM` of a day: read models are partitioned by it. */
export const monthOf = (day: IsoDate): string => day.slice(0, 7);

/** The months a day range touches, in order. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = monthOf(to);
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label > last) return months;
    months.push(label);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

export type PeriodKind = 'MONTH' | 'QUARTER' | 'HALF_YEAR' | 'NINE_MONTHS' | 'YEAR';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4, half 1–2; absent for a year and nine months. */
  number?: number;
  from: IsoDate;
  to: IsoDate;
  label: string;
}

/** Last month of the period and how many months it spans. */
function span(kind: PeriodKind, number: number | undefined): { lastMonth: number; months: number } {
  const n = number ?? 1;
  switch (kind) {
    case 'MONTH':
      if (n < 1 || n > 12) throw badInput('period.number', 'A month is numbered 1–12');
      return { lastMonth: n, months: 1 };
    case 'QUARTER':
      if (n < 1 || n > 4) throw badInput('period.number', 'A quarter is numbered 1–4');
      return { lastMonth: n * 3, months: 3 };
    case 'HALF_YEAR':
      if (n < 1 || n > 2) throw badInput('period.number', 'A half-year is numbered 1–2');
      return { lastMonth: n * 6, months: 6 };
    case 'NINE_MONTHS':
      return { lastMonth: 9, months: 9 };
    case 'YEAR':
      return { lastMonth: 12, months: 12 };
  }
}

const LABELS: Record<PeriodKind, (year: number, n: number | undefined) => string> = {
  MONTH: (year, n) => `Tháng ${n}/${year}`,
  QUARTER: (year, n) => `Quý ${n}/${year}`,
  HALF_YEAR: (year, n) => `${n === 1 ? '6 tháng đầu' : '6 tháng cuối'} năm ${year}`,
  NINE_MONTHS: (year) => `9 tháng năm ${year}`,
  YEAR: (year) => `Năm ${year}`,
};

/**
 * A reporting period. `cutoffDay` 0 means calendar months; N (default for II.06a: 15) means from
 * the N-th of the month before the first month to the (N−1)-th of the last month (Decree 09/2019
 * convention, domain.md §(i).2 [U]; configurable because provinces differ [P]).
 */
export function periodOf(kind: PeriodKind, year: number, number?: number, cutoffDay = 0): Period {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('period.year', 'The year must be 2000–2100');
  if (!Number.isInteger(cutoffDay) || cutoffDay < 0 || cutoffDay > 28)
    throw badInput('period.cutoffDay', 'The cut-off day must be 0 (calendar months) or 1–28');
  const { lastMonth, months } = span(kind, number);
  const firstMonth = lastMonth - months + 1;
  const iso = (y: number, m: number, d: number) => formatIsoDate(parseIsoDate(`${y}-${String(m).padStart(2, '0')}-01`) + d - 1);
  const endOfMonth = (y: number, m: number) => (m === 12 ? addDays(`${y + 1}-01-01`, -1) : addDays(iso(y, m + 1, 1), -1));
  const [from, to] =
    cutoffDay <= 1
      ? [iso(year, firstMonth, 1), endOfMonth(year, lastMonth)]
      : [firstMonth === 1 ? iso(year - 1, 12, cutoffDay) : iso(year, firstMonth - 1, cutoffDay), iso(year, lastMonth, cutoffDay - 1)];
  const label = LABELS[kind](year, kind === 'NINE_MONTHS' || kind === 'YEAR' ? undefined : number);
  return { kind, year, ...(kind === 'NINE_MONTHS' || kind === 'YEAR' ? {} : { number: number ?? 1 }), from, to, label };
}

/** A custom range (inclusive days), checked. */
export function customPeriod(from: IsoDate, to: IsoDate): Period {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) throw badInput('period', 'Dates are YYYY-MM-DD');
  if (from > to) throw badInput('period', 'The period starts after it ends');
  return { kind: 'MONTH', year: Number(to.slice(0, 4)), from, to, label: `${from} – ${to}` };
}

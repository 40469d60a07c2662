/**
 * A year of the calendar as people read it: where its days off come from (an official schedule
 * or the statute alone) and every day that is not an ordinary weekday or weekend.
 */

import { badInput } from '../errors';
import { civilDate, dayNumber, formatIsoDate } from './civil-date';
import type { YearSource } from './day-table';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from './holidays';
import type { DayInfo } from './index';
import { toLocal } from './vn-time';

/** User-facing: how the year's working days were decided. */
export const YEAR_SOURCE_LABELS: Readonly<Record<YearSource, string>> = {
  official: 'Theo lịch nghỉ chính thức đã công bố',
  'statutory-only': 'Lịch nghỉ theo luật định (Bộ luật Lao động 2019, Điều 111, 112), chưa có thông báo chính thức',
};

/** A day that is not an ordinary weekday or weekend: it always says why, what and on whose authority. */
export type SpecialDay = DayInfo & Required<Pick<DayInfo, 'reason' | 'name' | 'citation'>>;

export interface YearView {
  year: number;
  source: YearSource;
  label: string;
  /** Holidays, compensatory and swapped days off, weekends inside a break, make-up working days. */
  specialDays: SpecialDay[];
}

export function yearView(calendar: { yearSource(year: number): YearSource; dayInfo(date: string): DayInfo }, year: number): YearView {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw badInput('year', `The calendar covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} (Labour Code 2019)`);
  }
  const source = calendar.yearSource(year);
  const specialDays: SpecialDay[] = [];
  for (let day = dayNumber(year, 1, 1); day < dayNumber(year + 1, 1, 1); day++) {
    const info = calendar.dayInfo(formatIsoDate(day));
    const { reason, name, citation } = info;
    if (reason && name && citation) specialDays.push({ ...info, reason, name, citation });
  }
  return { year, source, label: YEAR_SOURCE_LABELS[source], specialDays };
}

/** Whether every year from receipt to the appointment had an official schedule when asked. */
export function dueDateSource(calendar: { yearSource(year: number): YearSource }, receivedAt: Date, dueAt: Date): YearSource {
  const first = civilDate(toLocal(receivedAt).day).year;
  const last = civilDate(toLocal(dueAt).day).year;
  for (let year = first; year <= last; year++) {
    if (calendar.yearSource(year) === 'statutory-only') return 'statutory-only';
  }
  return 'official';
}

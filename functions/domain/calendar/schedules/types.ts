/**
 * The shape of one year's official holiday schedule for civil servants (công chức, viên chức).
 *
 * Each year the Prime Minister approves, and the Ministry (Labour, Invalids and Social Affairs
 * until 02/2025; Home Affairs since) announces, which days the state administration takes off for
 * Tết and the National Day, and any swap of a working day for a Saturday (ngày làm bù). One file
 * per year holds that decision as data; `validate.ts` checks it against the Labour Code.
 */
import type { IsoDate } from '../civil-date';
import type { HolidayCode } from '../holidays';

/**
 * `V`: read in a source that reports the decision (the document itself is named in `source`);
 * `U`: unconfirmed — follows from the statute or from recollection, to be checked.
 */
export interface Evidence {
  status: 'V' | 'U';
  /** The legal act or notice, as cited in Vietnamese. */
  source: string;
  /** Where it was read (publication and date). */
  seenAt?: readonly string[];
  note?: string;
}

/** One continuous break (đợt nghỉ), weekends included. */
export interface OfficialBreak {
  /** Vietnamese, user-facing. */
  name: string;
  /** First and last day off, inclusive. */
  from: IsoDate;
  to: IsoDate;
  /** The statutory holiday days (art. 112) inside the break. */
  holidays: ReadonlyArray<{ date: IsoDate; code: HolidayCode }>;
  /** Days off because a holiday fell on a weekly rest day (art. 111(3)). */
  compensatory?: ReadonlyArray<{ date: IsoDate; for: IsoDate }>;
  /** A working day given off in exchange for working a Saturday (`workOn`, may be outside the break or even the year). */
  swaps?: ReadonlyArray<{ dayOff: IsoDate; workOn: IsoDate }>;
  evidence: Evidence;
}

export interface OfficialYearSchedule {
  year: number;
  /** Who the schedule binds; private employers choose their own swaps. */
  appliesTo: string;
  breaks: readonly OfficialBreak[];
  /** Anything pending or uncertain that may change this year's data. */
  notes?: readonly string[];
}

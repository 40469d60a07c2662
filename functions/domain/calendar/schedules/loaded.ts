/**
 * A year's official schedule as an administrator loads it at run time (no release): the decision
 * as data, its source document, who loaded it and when. `acceptScheduleLoad` is the one domain
 * decision of the load use case: it checks the input's shape and the Labour Code (validate.ts)
 * and answers the record to store, or throws a coded error and nothing is stored.
 */
import { badInput, InvalidDayOffScheduleError } from '../../errors';
import type { HolidayCode } from '../holidays';
import { OFFICIAL_SCHEDULES } from './index';
import type { Evidence, OfficialBreak, OfficialYearSchedule } from './types';
import { scheduleProblems } from './validate';

/** The document a schedule (or one break of it) comes from. `V`: read; `U`: not confirmed. */
export interface ScheduleSource {
  document: string;
  url?: string;
  status: 'V' | 'U';
}

export interface LoadedSchedule {
  year: number;
  /** 1 for the first load of a year, +1 for each replacement. */
  revision: number;
  schedule: OfficialYearSchedule;
  source: ScheduleSource;
  /** Officer id, or `seed` for the bundled set a fresh province starts with. */
  loadedBy: string;
  loadedAt: string;
}

export interface BreakInput {
  name: string;
  from: string;
  to: string;
  holidays: ReadonlyArray<{ date: string; code: HolidayCode }>;
  compensatory?: ReadonlyArray<{ date: string; for: string }>;
  swaps?: ReadonlyArray<{ dayOff: string; workOn: string }>;
  /** When the break has its own document (e.g. a later swap decision); else the schedule's. */
  source?: ScheduleSource;
}

export interface ScheduleLoadInput {
  year: number;
  appliesTo?: string;
  source: ScheduleSource;
  breaks: readonly BreakInput[];
  notes?: readonly string[];
}

const DEFAULT_APPLIES_TO = 'Cán bộ, công chức, viên chức (cơ quan hành chính, sự nghiệp, tổ chức chính trị, chính trị – xã hội)';

/** Bounds that keep a schedule a schedule (and an item far below DynamoDB's 400 KB). */
export const SCHEDULE_LIMITS = { breaks: 20, daysPerList: 31, text: 500, notes: 10 } as const;

/**
 * Checks a load and answers the record to store: revision `current.revision + 1`. Throws
 * BAD_INPUT for a malformed input (empty or overlong text, too many entries) and
 * INVALID_DAY_OFF_SCHEDULE, with every problem listed, for a schedule the Labour Code refuses.
 */
export function acceptScheduleLoad(
  input: ScheduleLoadInput,
  context: { officerId: string; now: Date; current?: LoadedSchedule | undefined },
): LoadedSchedule {
  checkShape(input);
  const source = cleanSource(input.source, 'source');
  const schedule: OfficialYearSchedule = {
    year: input.year,
    appliesTo: input.appliesTo?.trim() || DEFAULT_APPLIES_TO,
    breaks: input.breaks.map((b, index) => toBreak(b, b.source ? cleanSource(b.source, `breaks.${index}.source`) : source)),
    ...(input.notes?.length ? { notes: input.notes.map((note) => note.trim()) } : {}),
  };
  const problems = scheduleProblems(schedule);
  if (problems.length > 0) {
    throw new InvalidDayOffScheduleError(`The ${input.year} schedule does not meet the Labour Code:\n- ${problems.join('\n- ')}`, {
      year: input.year,
      problems,
    });
  }
  return {
    year: input.year,
    revision: (context.current?.revision ?? 0) + 1,
    schedule,
    source,
    loadedBy: context.officerId,
    loadedAt: context.now.toISOString(),
  };
}

/** The bundled schedules (schedules/<year>.ts) as the records a fresh province is seeded with. */
export function bundledSchedules(at: Date): LoadedSchedule[] {
  return OFFICIAL_SCHEDULES.map((schedule) => {
    const sources = [...new Set(schedule.breaks.map((b) => b.evidence.source))];
    const confirmed = schedule.breaks.every((b) => b.evidence.status === 'V');
    return {
      year: schedule.year,
      revision: 1,
      schedule,
      source: { document: sources.join('; '), status: confirmed ? 'V' : 'U' },
      loadedBy: 'seed',
      loadedAt: at.toISOString(),
    };
  });
}

/** Names a set of loaded schedules: the same years at the same revisions make the same key. */
export function schedulesKey(scope: string, loaded: readonly LoadedSchedule[]): string {
  const revisions = [...loaded].sort((a, b) => a.year - b.year).map((l) => `${l.year}r${l.revision}`);
  return `${scope}|${revisions.join(',')}`;
}

function toBreak(b: BreakInput, source: ScheduleSource): OfficialBreak {
  const evidence: Evidence = { status: source.status, source: source.document, ...(source.url ? { seenAt: [source.url] } : {}) };
  return {
    name: b.name.trim(),
    from: b.from,
    to: b.to,
    holidays: b.holidays.map(({ date, code }) => ({ date, code })),
    ...(b.compensatory?.length ? { compensatory: b.compensatory.map((c) => ({ date: c.date, for: c.for })) } : {}),
    ...(b.swaps?.length ? { swaps: b.swaps.map((s) => ({ dayOff: s.dayOff, workOn: s.workOn })) } : {}),
    evidence,
  };
}

function cleanSource(source: ScheduleSource, field: string): ScheduleSource {
  const document = source.document.trim();
  const url = source.url?.trim();
  if (url && !/^https?:\/\/\S+$/.test(url)) throw badInput(`${field}.url`, 'The source URL is an http(s) address');
  return { document, ...(url ? { url } : {}), status: source.status };
}

function checkShape(input: ScheduleLoadInput): void {
  const bad = (field: string, message: string): never => {
    throw badInput(field, message);
  };
  const text = (value: string, field: string, required = true) => {
    if (required && !value.trim()) bad(field, `${field} is required`);
    if (value.length > SCHEDULE_LIMITS.text) bad(field, `${field} is longer than ${SCHEDULE_LIMITS.text} characters`);
  };
  const list = (length: number, max: number, field: string) => {
    if (length > max) bad(field, `${field}: at most ${max} entries`);
  };
  if (!Number.isInteger(input.year)) bad('year', 'The year is a whole number');
  text(input.source.document, 'source.document');
  text(input.source.url ?? '', 'source.url', false);
  text(input.appliesTo ?? '', 'appliesTo', false);
  if (input.breaks.length === 0) bad('breaks', 'A schedule lists its breaks');
  list(input.breaks.length, SCHEDULE_LIMITS.breaks, 'breaks');
  list(input.notes?.length ?? 0, SCHEDULE_LIMITS.notes, 'notes');
  for (const [index, note] of (input.notes ?? []).entries()) text(note, `notes.${index}`);
  input.breaks.forEach((b, index) => {
    const at = `breaks.${index}`;
    text(b.name, `${at}.name`);
    if (b.source) {
      text(b.source.document, `${at}.source.document`);
      text(b.source.url ?? '', `${at}.source.url`, false);
    }
    list(b.holidays.length, SCHEDULE_LIMITS.daysPerList, `${at}.holidays`);
    list(b.compensatory?.length ?? 0, SCHEDULE_LIMITS.daysPerList, `${at}.compensatory`);
    list(b.swaps?.length ?? 0, SCHEDULE_LIMITS.daysPerList, `${at}.swaps`);
    const dates = [
      b.from,
      b.to,
      ...b.holidays.map((h) => h.date),
      ...(b.compensatory ?? []).flatMap((c) => [c.date, c.for]),
      ...(b.swaps ?? []).flatMap((s) => [s.dayOff, s.workOn]),
    ];
    if (dates.some((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date))) bad(at, `${at}: dates are YYYY-MM-DD`);
  });
}

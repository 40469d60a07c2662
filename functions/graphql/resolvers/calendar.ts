import {
  calendarOf,
  dueDateSource,
  type LoadedSchedule,
  type OfficialBreak,
  type ScheduleLoadInput,
  type ScheduleSource,
  type SpecialDay,
} from '#domain/calendar';
import { authorized } from '../context';
import type {
  CalendarDay,
  CalendarSource,
  DayOffBreak,
  DayOffSchedule,
  DayOffScheduleInput,
  Resolvers,
  ScheduleSourceInput,
  ScheduleSource as ScheduleSourceView,
} from '../generated/resolvers-types';

const SOURCES: Record<'official' | 'statutory-only', CalendarSource> = { official: 'OFFICIAL_SCHEDULE', 'statutory-only': 'STATUTE' };

export const calendarResolvers: Resolvers = {
  Query: {
    workingCalendar: async (_parent, { year }, context) => {
      authorized(context, 'CALENDAR_READ');
      const view = await context.services.calendar.workingCalendar(year);
      return {
        year: view.year,
        source: SOURCES[view.source],
        sourceLabel: view.label,
        schedule: view.schedule ? scheduleView(view.schedule) : null,
        specialDays: view.specialDays.map(dayView),
      };
    },
    dayOffSchedules: async (_parent, _args, context) => {
      authorized(context, 'CALENDAR_READ');
      return (await context.services.calendar.schedules()).map(scheduleView);
    },
  },
  Mutation: {
    loadDayOffSchedule: async (_parent, { input }, context) => {
      const caller = authorized(context, 'CALENDAR_LOAD');
      return scheduleView(await context.services.calendar.loadSchedule(caller.officerId, loadInput(input)));
    },
  },
  Dossier: {
    // The request's context installed the table's schedules (handler.ts), so the calendar is current.
    dueDateCalendar: (dossier) =>
      dossier.receivedAt && dossier.dueAt
        ? SOURCES[dueDateSource(calendarOf(dossier.officeHours), new Date(dossier.receivedAt), new Date(dossier.dueAt))]
        : null,
  },
};

const sourceInput = (source: ScheduleSourceInput): ScheduleSource => ({
  document: source.document,
  ...(source.url != null ? { url: source.url } : {}),
  status: source.confirmed ? 'V' : 'U',
});

function loadInput(input: DayOffScheduleInput): ScheduleLoadInput {
  return {
    year: input.year,
    ...(input.appliesTo != null ? { appliesTo: input.appliesTo } : {}),
    source: sourceInput(input.source),
    breaks: input.breaks.map((b) => ({
      name: b.name,
      from: b.from,
      to: b.to,
      holidays: b.holidays.map(({ date, code }) => ({ date, code })),
      ...(b.compensatory ? { compensatory: b.compensatory.map((c) => ({ date: c.date, for: c.forDate })) } : {}),
      ...(b.swaps ? { swaps: b.swaps.map(({ dayOff, workOn }) => ({ dayOff, workOn })) } : {}),
      ...(b.source ? { source: sourceInput(b.source) } : {}),
    })),
    ...(input.notes ? { notes: input.notes } : {}),
  };
}

const sourceView = (source: ScheduleSource): ScheduleSourceView => ({
  document: source.document,
  url: source.url ?? null,
  confirmed: source.status === 'V',
});

function breakView(b: OfficialBreak): DayOffBreak {
  return {
    name: b.name,
    from: b.from,
    to: b.to,
    holidays: b.holidays.map(({ date, code }) => ({ date, code })),
    compensatory: (b.compensatory ?? []).map((c) => ({ date: c.date, forDate: c.for })),
    swaps: (b.swaps ?? []).map(({ dayOff, workOn }) => ({ dayOff, workOn })),
    source: { document: b.evidence.source, url: b.evidence.seenAt?.[0] ?? null, confirmed: b.evidence.status === 'V' },
  };
}

function scheduleView(loaded: LoadedSchedule): DayOffSchedule {
  return {
    year: loaded.year,
    appliesTo: loaded.schedule.appliesTo,
    source: sourceView(loaded.source),
    breaks: loaded.schedule.breaks.map(breakView),
    notes: [...(loaded.schedule.notes ?? [])],
    loadedBy: loaded.loadedBy,
    loadedAt: loaded.loadedAt,
    revision: loaded.revision,
  };
}

function dayView(day: SpecialDay): CalendarDay {
  return {
    date: day.date,
    workingDay: day.isWorkingDay,
    reason: day.reason,
    holiday: day.code ?? null,
    name: day.name,
    citation: day.citation,
  };
}

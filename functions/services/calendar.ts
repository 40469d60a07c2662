import {
  acceptScheduleLoad,
  bundledSchedules,
  calendarOf,
  type LoadedSchedule,
  type ScheduleLoadInput,
  schedulesKey,
  useOfficialSchedules,
  type YearView,
  yearView,
} from '#domain/calendar';
import type { CalendarStore } from '#store/calendar-store';

/**
 * The working-day calendar as data: the official day-off schedules an administrator loads
 * (no release), and the calendar every other use case computes with.
 *
 * Caching: schedules change a few times a year, so each container keeps the set it read for
 * `ttlMs` (default 5 minutes) and installs it for the domain (`useOfficialSchedules`); a request
 * then costs no read at all. A load in this container refreshes at once (no stale set survives
 * it here); other containers see it within `ttlMs`. A dossier receipted in that window keeps the
 * due date it got, which the late-schedule rule covers (domain/calendar/appointment.ts).
 */
export interface CalendarService {
  /** Makes the table's schedules the ones domain calls use (reads the table at most once per `ttlMs`). */
  ready(): Promise<void>;
  /** The current schedule of every year loaded, by year. */
  schedules(): Promise<LoadedSchedule[]>;
  workingCalendar(year: number): Promise<YearView & { schedule: LoadedSchedule | null }>;
  /** Validates against the Labour Code, stores with its source, who and when; nothing changes on error. */
  loadSchedule(officerId: string, input: ScheduleLoadInput): Promise<LoadedSchedule>;
  /** The seed of a fresh province: the bundled schedules, for the years the table has none. */
  seedBundled(): Promise<number>;
}

export interface CalendarServiceOptions {
  now: () => Date;
  ttlMs?: number;
  /** A monotonic clock for the cache's age (not the domain's `now`, which tests may move). */
  monotonic?: () => number;
}

interface Cached {
  loaded: LoadedSchedule[];
  key: string;
  readAt: number;
}

export const CALENDAR_TTL_MS = 5 * 60_000;

/** The cache of each table's store, shared by every service object built over it (one per request is fine). */
const caches = new WeakMap<CalendarStore, { cached?: Cached | undefined; reading?: Promise<Cached> | undefined }>();

export function createCalendarService(store: CalendarStore, options: CalendarServiceOptions): CalendarService {
  const ttl = options.ttlMs ?? CALENDAR_TTL_MS;
  const monotonic = options.monotonic ?? (() => performance.now());
  let state = caches.get(store);
  if (!state) {
    state = {};
    caches.set(store, state);
  }
  const cache = state;

  const read = async (): Promise<Cached> => {
    const loaded = await store.loadDayOffSchedules();
    return { loaded, key: schedulesKey(store.scope, loaded), readAt: monotonic() };
  };

  const current = async (): Promise<Cached> => {
    const fresh = cache.cached;
    if (fresh && monotonic() - fresh.readAt < ttl) return fresh;
    // Concurrent requests of one process (the local platform) share one read.
    cache.reading ??= read().finally(() => {
      cache.reading = undefined;
    });
    try {
      cache.cached = await cache.reading;
    } catch (error) {
      // A failed refresh keeps the set this container last read (schedules change a few times a
      // year) and the next request tries again; with nothing read yet, `ready` leaves the bundled set.
      if (!cache.cached) throw error;
    }
    return cache.cached;
  };

  const ready = async () => {
    let cached: Cached;
    try {
      cached = await current();
    } catch {
      // Nothing read yet and the table unreachable: the bundled schedules the domain starts with
      // stay in force, so requests that need no stored data (the catalog's static parts, a typename
      // probe) still answer; anything that reads the table fails on its own read.
      return;
    }
    const { key, loaded } = cached;
    useOfficialSchedules(
      key,
      loaded.map((entry) => entry.schedule),
    );
  };

  return {
    ready,
    schedules: async () => (await current()).loaded,
    async workingCalendar(year) {
      await ready();
      const { loaded } = await current();
      return { ...yearView(calendarOf(), year), schedule: loaded.find((entry) => entry.year === year) ?? null };
    },
    async loadSchedule(officerId, input) {
      const existing = await store.loadDayOffSchedule(input.year);
      const loaded = acceptScheduleLoad(input, { officerId, now: options.now(), current: existing });
      await store.saveDayOffSchedule(loaded);
      // Read the whole set again right away (no stale set survives a load here); should that read
      // fail, the set in memory already carries the new year.
      const merged = [...(cache.cached?.loaded ?? []).filter((entry) => entry.year !== loaded.year), loaded].sort(
        (a, b) => a.year - b.year,
      );
      cache.cached = { loaded: merged, key: schedulesKey(store.scope, merged), readAt: Number.NEGATIVE_INFINITY };
      await ready();
      return loaded;
    },
    seedBundled: () => store.seedDayOffSchedules(bundledSchedules(options.now())),
  };
}

/**
 * Properties that must hold for any acceptance time, duration and pauses, in official years
 * (2024–2026) and statutory-only years (to 2030).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, type PauseInterval, vnTime } from './index';
import { toLocal } from './vn-time';

const calendar = createCalendar();
const RUNS = { numRuns: 400 };
const DAY = 86_400_000;
const HOUR = 3_600_000;

const FIRST = vnTime('2024-01-01').getTime();
const LAST = vnTime('2030-06-30').getTime();
/** Any instant 2024–mid 2030, to the second. */
const instant = fc.integer({ min: FIRST / 1000, max: LAST / 1000 }).map((s) => new Date(s * 1000));
const workingDayCount = fc.integer({ min: 0, max: 60 });
const cutoff = fc.constantFrom(undefined, '15:00');

const dayOf = (d: Date) => toLocal(d).day;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** Working days in (after, upTo], counted one by one with `dayInfo` (independent of the deadline code). */
function workingDaysBetween(after: number, upTo: number): number {
  let count = 0;
  for (let d = after + 1; d <= upTo; d++) if (calendar.dayInfo(iso(d)).isWorkingDay) count += 1;
  return count;
}

const pause = (base: Date) =>
  fc
    .tuple(fc.integer({ min: 0, max: 40 * DAY }), fc.integer({ min: 0, max: 15 * DAY }))
    .map(
      ([offset, length]): PauseInterval => ({ from: new Date(base.getTime() + offset), to: new Date(base.getTime() + offset + length) }),
    );

describe('due dates', () => {
  it('land on a working day, at the end of office hours', () => {
    fc.assert(
      fc.property(instant, workingDayCount, cutoff, (acceptedAt, n, c) => {
        const due = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' }, { cutoff: c });
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(calendar.isWithinOfficeHours(due)).toBe(true);
        expect(toLocal(due).msOfDay).toBe(17 * HOUR);
      }),
      RUNS,
    );
  });

  it('are exactly N working days after the acceptance day, counted one by one (the acceptance day itself not counted)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (acceptedAt, n) => {
        const due = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' });
        expect(workingDaysBetween(dayOf(acceptedAt), dayOf(due))).toBe(n);
        expect(workingDaysBetween(dayOf(acceptedAt), dayOf(due) - 1)).toBe(n - 1);
      }),
      RUNS,
    );
  });

  it('are never earlier than the naive count when no make-up Saturday intervenes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (acceptedAt, n) => {
        const due = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' });
        let naive = dayOf(acceptedAt);
        for (let left = n; left > 0; ) {
          naive += 1;
          const w = new Date(naive * DAY).getUTCDay();
          if (w !== 0 && w !== 6) left -= 1;
        }
        let makeUp = false;
        for (let d = dayOf(acceptedAt) + 1; d <= dayOf(due); d++) makeUp ||= calendar.dayInfo(iso(d)).kind === 'makeup-working';
        if (!makeUp) expect(dayOf(due)).toBeGreaterThanOrEqual(naive);
      }),
      RUNS,
    );
  });

  it('a cut-off never brings the due date earlier; one more day moves it later (or equal: 0 and 1 day coincide when accepted on a day off)', () => {
    fc.assert(
      fc.property(instant, workingDayCount, (acceptedAt, n) => {
        const plain = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' });
        const withCutoff = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' }, { cutoff: '15:00' });
        const oneMore = calendar.dueAt(acceptedAt, { value: n + 1, unit: 'WORKING_DAYS' });
        expect(withCutoff.getTime()).toBeGreaterThanOrEqual(plain.getTime());
        if (n > 0 || calendar.isWorkingDay(acceptedAt)) expect(oneMore.getTime()).toBeGreaterThan(plain.getTime());
        else expect(oneMore).toEqual(plain);
      }),
      RUNS,
    );
  });

  it('in working hours: exactly that much office time after acceptance, and within office hours', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 200 }), (acceptedAt, quarterHours) => {
        const hours = quarterHours / 4;
        const due = calendar.dueAt(acceptedAt, { value: hours, unit: 'WORKING_HOURS' });
        expect(calendar.workingTimeBetween(acceptedAt, due)).toBe(hours * HOUR);
        expect(calendar.isWithinOfficeHours(due)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('pauses', () => {
  it('adding a pause never brings the due date earlier', () => {
    fc.assert(
      fc.property(
        instant.chain((acceptedAt) =>
          fc.tuple(fc.constant(acceptedAt), workingDayCount, fc.array(pause(acceptedAt), { maxLength: 3 }), pause(acceptedAt)),
        ),
        ([acceptedAt, n, pauses, extra]) => {
          const duration = { value: n, unit: 'WORKING_DAYS' } as const;
          const before = calendar.dueAt(acceptedAt, duration, { pauses });
          const after = calendar.dueAt(acceptedAt, duration, { pauses: [...pauses, extra] });
          expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
        },
      ),
      RUNS,
    );
  });

  it('a pause before the due moment moves it by exactly the paused office time, and it stays in office hours', () => {
    fc.assert(
      fc.property(
        instant.chain((acceptedAt) => fc.tuple(fc.constant(acceptedAt), fc.integer({ min: 1, max: 30 }), pause(acceptedAt))),
        ([acceptedAt, n, p]) => {
          const duration = { value: n, unit: 'WORKING_DAYS' } as const;
          const base = calendar.dueAt(acceptedAt, duration);
          fc.pre(p.from.getTime() < base.getTime());
          const moved = calendar.dueAt(acceptedAt, duration, { pauses: [p] });
          expect(calendar.workingTimeBetween(base, moved)).toBe(calendar.workingTimeBetween(p.from, p.to));
          expect(calendar.isWorkingDay(moved)).toBe(true);
          expect(calendar.isWithinOfficeHours(moved)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('working-day and working-time arithmetic', () => {
  it('addWorkingDays(d, a + b) = addWorkingDays(addWorkingDays(d, a), b)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (d, a, b) => {
        expect(calendar.addWorkingDays(d, a + b)).toEqual(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b));
      }),
      RUNS,
    );
  });

  it('addWorkingDays lands on a working day and undoes itself from a working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const forward = calendar.addWorkingDays(d, n);
        expect(calendar.isWorkingDay(forward)).toBe(true);
        expect(calendar.addWorkingDays(forward, -n)).toEqual(
          calendar.isWorkingDay(d) ? d : calendar.addWorkingDays(calendar.addWorkingDays(d, 1), -1),
        );
      }),
      RUNS,
    );
  });

  it('workingTimeBetween is additive and addWorkingHours is its inverse', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * DAY }), fc.integer({ min: 0, max: 20 * DAY }), (a, x, y) => {
        const b = new Date(a.getTime() + x);
        const c = new Date(b.getTime() + y);
        expect(calendar.workingTimeBetween(a, b) + calendar.workingTimeBetween(b, c)).toBe(calendar.workingTimeBetween(a, c));
        const spent = calendar.workingTimeBetween(a, c);
        if (spent > 0) expect(calendar.workingTimeBetween(a, calendar.addWorkingHours(a, spent / HOUR))).toBe(spent);
      }),
      RUNS,
    );
  });
});

describe('verdicts and apologies', () => {
  // NOT_YET_DUE is for open work: `verdict` (finished work) never returns it.
  const order = { EARLY: 0, ON_TIME: 1, LATE: 2, NOT_YET_DUE: -1 } as const;

  it('a later completion never gets a better verdict', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: -10 * DAY, max: 10 * DAY }), (due, gap, offset) => {
        const first = new Date(due.getTime() + offset);
        const second = new Date(first.getTime() + gap);
        expect(order[calendar.verdict(first, due)]).toBeLessThanOrEqual(order[calendar.verdict(second, due)]);
        // A due date on a day that is (now) off holds until the end of the next working day (appointment.ts).
        expect(calendar.verdict(calendar.heldDueAt(due), due)).toBe('ON_TIME');
        if (calendar.isWorkingDay(due)) expect(calendar.heldDueAt(due)).toEqual(due);
      }),
      RUNS,
    );
  });

  it('the apology deadline is the close of the last working day before the due day', () => {
    fc.assert(
      fc.property(instant, workingDayCount, (acceptedAt, n) => {
        const due = calendar.dueAt(acceptedAt, { value: n, unit: 'WORKING_DAYS' });
        const latest = calendar.latestApologyAt(due);
        expect(calendar.isWorkingDay(latest)).toBe(true);
        expect(dayOf(latest)).toBeLessThan(dayOf(due));
        expect(workingDaysBetween(dayOf(latest), dayOf(due) - 1)).toBe(0);
        expect(calendar.isApologyAllowed(latest, due)).toBe(true);
        expect(calendar.isApologyAllowed(new Date(latest.getTime() + 1000), due)).toBe(false);
      }),
      RUNS,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { computeDueAt, createCalendar, type Duration, toVnIso, vnTime } from './index';

const calendar = createCalendar(); // 07:00–11:30, 13:30–17:00
const at = (date: string, clock: string) => vnTime(date, clock);
const workingDays = (value: number): Duration => ({ value, unit: 'WORKING_DAYS' });
const due = (date: string, clock: string, duration: Duration, options = {}) => toVnIso(calendar.dueAt(at(date, clock), duration, options));

describe('N working days: the day of acceptance is not counted (Civil Code art. 147), due at closing time', () => {
  it.each([
    // accepted, N, due — each expected date counted by hand on the official schedule
    ['2026-03-02 10:00', 5, '2026-03-09T17:00:00+07:00'], // Mon → Tue 3 … Fri 6, Mon 9
    ['2026-03-06 10:00', 1, '2026-03-09T17:00:00+07:00'], // Friday → Monday
    ['2026-03-01 10:00', 1, '2026-03-02T17:00:00+07:00'], // accepted on a Sunday → Monday is day 1
    // Tết 2025 break: Sat 25/01 – Sun 02/02
    ['2025-01-23 09:00', 3, '2025-02-04T17:00:00+07:00'], // Fri 24/01, Mon 03/02, Tue 04/02
    // Tết 2026 break: Sat 14/02 – Sun 22/02
    ['2026-02-13 10:00', 3, '2026-02-25T17:00:00+07:00'], // Mon 23, Tue 24, Wed 25
    ['2026-02-12 10:00', 1, '2026-02-13T17:00:00+07:00'],
    ['2026-02-12 10:00', 2, '2026-02-23T17:00:00+07:00'],
    // make-up Saturday 26/04/2025 counts; 30/04–04/05/2025 does not
    ['2025-04-25 10:00', 1, '2025-04-26T17:00:00+07:00'],
    ['2025-04-25 10:00', 2, '2025-04-28T17:00:00+07:00'],
    ['2025-04-25 10:00', 4, '2025-05-05T17:00:00+07:00'], // Sat 26, Mon 28, Tue 29, Mon 05/05
    // make-up Saturday 10/01/2026
    ['2026-01-08 10:00', 2, '2026-01-10T17:00:00+07:00'],
    ['2026-01-10 09:00', 1, '2026-01-12T17:00:00+07:00'], // accepted on the make-up Saturday itself
    // Hùng Kings 2026: Sunday 26/04, compensatory Monday 27/04; then 30/04–03/05
    ['2026-04-24 10:00', 1, '2026-04-28T17:00:00+07:00'],
    ['2026-04-24 10:00', 3, '2026-05-04T17:00:00+07:00'], // Tue 28, Wed 29, Mon 04/05
    // National Day 2026: Sat 29/08 – Wed 02/09, make-up Saturday 22/08
    ['2026-08-21 10:00', 1, '2026-08-22T17:00:00+07:00'],
    ['2026-08-28 10:00', 1, '2026-09-03T17:00:00+07:00'],
    // 0 working days ("trong ngày"): the same working day, or the next one
    ['2026-03-04 10:00', 0, '2026-03-04T17:00:00+07:00'],
    ['2026-02-14 10:00', 0, '2026-02-23T17:00:00+07:00'],
  ])('accepted %s + %i working days → %s', (accepted, n, expected) => {
    const [date, clock] = accepted.split(' ') as [string, string];
    expect(due(date, clock, workingDays(n))).toBe(expected);
  });

  it('computeDueAt is dueAt with the default options', () => {
    const acceptedAt = at('2026-02-13', '10:00');
    expect(computeDueAt(acceptedAt, 3)).toEqual(calendar.dueAt(acceptedAt, workingDays(3)));
    expect(toVnIso(computeDueAt(acceptedAt, 3))).toBe('2026-02-25T17:00:00+07:00');
  });

  it('SAME_CLOCK_TIME keeps the acceptance clock time, pulled into office hours', () => {
    const sameTime = { dueTime: 'SAME_CLOCK_TIME' as const };
    expect(due('2026-03-02', '09:15', workingDays(2), sameTime)).toBe('2026-03-04T09:15:00+07:00');
    expect(due('2026-03-02', '12:00', workingDays(2), sameTime)).toBe('2026-03-04T11:30:00+07:00');
    expect(due('2026-03-02', '18:00', workingDays(2), sameTime)).toBe('2026-03-04T17:00:00+07:00');
    expect(due('2026-03-02', '06:00', workingDays(2), sameTime)).toBe('2026-03-04T07:00:00+07:00');
  });

  it('refuses fractional or negative working days', () => {
    expect(() => calendar.dueAt(at('2026-03-02', '09:00'), workingDays(0.5))).toThrow(RangeError);
    expect(() => calendar.dueAt(at('2026-03-02', '09:00'), workingDays(-1))).toThrow(RangeError);
  });
});

describe('"received after 15:00 → next working day" where the procedure says so', () => {
  const cutoff = { cutoff: '15:00' };

  it.each([
    ['2026-03-06 14:59', '2026-03-09T17:00:00+07:00'], // Friday before the cut-off: Monday is day 1
    ['2026-03-06 15:00', '2026-03-09T17:00:00+07:00'], // at 15:00 is not after 15:00
    ['2026-03-06 15:01', '2026-03-10T17:00:00+07:00'], // deemed received Monday: Tuesday is day 1
    ['2026-02-13 15:30', '2026-02-24T17:00:00+07:00'], // Friday before Tết: deemed Monday 23/02
    ['2026-03-07 16:00', '2026-03-09T17:00:00+07:00'], // Saturday is not a working day: no cut-off effect
  ])('accepted %s, 1 working day → %s', (accepted, expected) => {
    const [date, clock] = accepted.split(' ') as [string, string];
    expect(due(date, clock, workingDays(1), cutoff)).toBe(expected);
  });

  it('a same-day procedure received on Friday after 15:00 before Tết is due on the next working day', () => {
    expect(due('2026-02-13', '15:30', workingDays(0), cutoff)).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-13', '14:30', workingDays(0), cutoff)).toBe('2026-02-13T17:00:00+07:00');
  });
});

describe('working hours (Civil Code art. 147(1): counted from the moment itself)', () => {
  const hours = (value: number): Duration => ({ value, unit: 'WORKING_HOURS' });

  it.each([
    ['2026-03-04 08:00', 2, {}, '2026-03-04T10:00:00+07:00'],
    ['2026-03-04 10:00', 2, {}, '2026-03-04T14:00:00+07:00'], // 1h30 before lunch, 30 min after
    ['2026-03-04 16:30', 2, {}, '2026-03-05T08:30:00+07:00'],
    ['2026-03-04 16:30', 2, { cutoff: '15:00' }, '2026-03-05T09:00:00+07:00'],
    ['2026-02-13 16:00', 2, {}, '2026-02-23T08:00:00+07:00'], // across Tết
    ['2026-02-13 16:00', 2, { cutoff: '15:00' }, '2026-02-23T09:00:00+07:00'],
    ['2026-03-04 10:00', 0.5, {}, '2026-03-04T10:30:00+07:00'],
  ])('accepted %s + %s h %j → %s', (accepted, value, options, expected) => {
    const [date, clock] = accepted.split(' ') as [string, string];
    expect(due(date, clock, hours(value as number), options)).toBe(expected);
  });
});

describe('calendar days and months: a last day off moves to the end of the next working day (art. 148)', () => {
  it.each([
    [['2026-03-02', '10:00'], { value: 10, unit: 'DAYS' }, '2026-03-12T17:00:00+07:00'],
    [['2026-02-06', '10:00'], { value: 10, unit: 'DAYS' }, '2026-02-23T17:00:00+07:00'], // 16/02 is Tết
    [['2025-04-20', '10:00'], { value: 10, unit: 'DAYS' }, '2025-05-05T17:00:00+07:00'], // 30/04, break to 04/05
    [['2026-03-02', '10:00'], { value: 5, unit: 'DAYS' }, '2026-03-09T17:00:00+07:00'], // Sat 07/03 → Mon
    [['2026-01-31', '10:00'], { value: 1, unit: 'MONTHS' }, '2026-03-02T17:00:00+07:00'], // 28/02 (Sat) → Mon 02/03
    [['2025-07-31', '10:00'], { value: 1, unit: 'MONTHS' }, '2025-09-03T17:00:00+07:00'], // 31/08 Sun, 01–02/09 off
    [['2026-03-16', '10:00'], { value: 2, unit: 'MONTHS' }, '2026-05-18T17:00:00+07:00'], // 16/05 Sat → Mon 18
  ] as const)('accepted %j + %j → %s', ([date, clock], duration, expected) => {
    expect(due(date, clock, duration)).toBe(expected);
  });
});

describe('pauses move the due moment by the working time the clock stood still', () => {
  const accepted = at('2026-02-09', '09:00'); // Monday; 5 working days → Mon 23/02/2026 17:00
  const base = calendar.dueAt(accepted, workingDays(5));

  it('a supplement pause across Tết 2026', () => {
    expect(toVnIso(base)).toBe('2026-02-23T17:00:00+07:00');
    // Requested Thu 12/02 09:00, received Tue 24/02 09:00: 6 h (Thu) + 8 h (Fri) + 8 h (Mon) + 2 h (Tue) = 24 h.
    const pauses = [{ from: at('2026-02-12', '09:00'), to: at('2026-02-24', '09:00'), reason: 'SUPPLEMENT' }];
    expect(calendar.workingTimeBetween(pauses[0]!.from, pauses[0]!.to)).toBe(24 * 3_600_000);
    // 24 h of office time after Mon 23/02 17:00 → Thu 26/02 17:00.
    expect(toVnIso(calendar.dueAt(accepted, workingDays(5), { pauses }))).toBe('2026-02-26T17:00:00+07:00');
  });

  it('overlapping pauses (supplement and financial obligation) count once', () => {
    const pauses = [
      { from: at('2026-02-10', '08:00'), to: at('2026-02-10', '10:00'), reason: 'SUPPLEMENT' },
      { from: at('2026-02-10', '09:00'), to: at('2026-02-10', '11:00'), reason: 'FINANCIAL_OBLIGATION' },
    ];
    // Union 08:00–11:00 = 3 h → Tue 24/02 10:00.
    expect(toVnIso(calendar.dueAt(accepted, workingDays(5), { pauses }))).toBe('2026-02-24T10:00:00+07:00');
  });

  it('a pause entirely outside office hours moves nothing', () => {
    const pauses = [{ from: at('2026-02-14', '08:00'), to: at('2026-02-22', '20:00') }];
    expect(calendar.dueAt(accepted, workingDays(5), { pauses })).toEqual(base);
  });

  it('a pause that starts after the due moment does not rescue a late dossier', () => {
    const pauses = [{ from: at('2026-02-24', '08:00'), to: at('2026-02-26', '08:00') }];
    expect(calendar.dueAt(accepted, workingDays(5), { pauses })).toEqual(base);
  });

  it('time before acceptance is not counted', () => {
    const pauses = [{ from: at('2026-02-06', '08:00'), to: at('2026-02-09', '10:00') }];
    // Only 09:00–10:00 on 09/02 counts: Tue 24/02 08:00.
    expect(toVnIso(calendar.dueAt(accepted, workingDays(5), { pauses }))).toBe('2026-02-24T08:00:00+07:00');
  });

  it('refuses a pause that ends before it starts', () => {
    const pauses = [{ from: at('2026-02-10', '10:00'), to: at('2026-02-10', '09:00') }];
    expect(() => calendar.dueAt(accepted, workingDays(5), { pauses })).toThrow(RangeError);
  });
});

describe('verdict against the due moment (domain.md §f.7)', () => {
  const dueAt = at('2026-02-25', '17:00');

  it.each([
    [['2026-02-13', '16:00'], 'EARLY'], // before Tết, days ahead
    [['2026-02-24', '16:59'], 'EARLY'], // the day before the due day
    [['2026-02-25', '08:00'], 'ON_TIME'], // on the due day
    [['2026-02-25', '17:00'], 'ON_TIME'], // at the due moment
    [['2026-02-25', '17:01'], 'LATE'], // after it, even on the same day
    [['2026-02-26', '08:00'], 'LATE'],
  ] as const)('completed %j → %s', ([date, clock], expected) => {
    expect(calendar.verdict(at(date, clock), dueAt)).toBe(expected);
  });

  it('minute granularity for per-step budgets: early means before the due minute', () => {
    const stepDue = at('2026-03-04', '10:00');
    expect(calendar.verdict(at('2026-03-04', '09:59'), stepDue, 'minute')).toBe('EARLY');
    expect(calendar.verdict(new Date(stepDue.getTime() + 30_000), stepDue, 'minute')).toBe('ON_TIME');
    expect(calendar.verdict(at('2026-03-04', '10:01'), stepDue, 'minute')).toBe('LATE');
  });
});

describe('apology (Form 04): only until one working day before the due date', () => {
  it.each([
    // due, latest apology
    [['2026-03-05', '17:00'], '2026-03-04T17:00:00+07:00'], // Thursday → Wednesday
    [['2026-03-09', '17:00'], '2026-03-06T17:00:00+07:00'], // Monday → Friday
    [['2026-02-23', '17:00'], '2026-02-13T17:00:00+07:00'], // first day after Tết → the Friday before it
    [['2026-01-12', '17:00'], '2026-01-10T17:00:00+07:00'], // Monday after the make-up Saturday
    [['2026-09-03', '10:00'], '2026-08-28T17:00:00+07:00'], // after the National Day break
  ] as const)('due %j → latest %s', ([date, clock], expected) => {
    expect(toVnIso(calendar.latestApologyAt(at(date, clock)))).toBe(expected);
  });

  it('isApologyAllowed flips at the close of the previous working day', () => {
    const dueAt = at('2026-02-23', '17:00');
    expect(calendar.isApologyAllowed(at('2026-02-13', '16:59'), dueAt)).toBe(true);
    expect(calendar.isApologyAllowed(at('2026-02-13', '17:00'), dueAt)).toBe(true);
    expect(calendar.isApologyAllowed(at('2026-02-13', '17:01'), dueAt)).toBe(false);
    expect(calendar.isApologyAllowed(at('2026-02-20', '09:00'), dueAt)).toBe(false);
  });
});

describe('day helpers', () => {
  it('nextWorkingDay / previousWorkingDay skip breaks and include make-up Saturdays', () => {
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(calendar.previousWorkingDay('2026-02-23')).toBe('2026-02-13');
    expect(calendar.nextWorkingDay('2026-01-09')).toBe('2026-01-10');
    expect(calendar.previousWorkingDay('2026-09-03')).toBe('2026-08-28');
  });

  it('addWorkingDays keeps the clock time and goes both ways', () => {
    expect(toVnIso(calendar.addWorkingDays(at('2026-02-12', '10:20'), 2))).toBe('2026-02-23T10:20:00+07:00');
    expect(toVnIso(calendar.addWorkingDays(at('2026-02-23', '10:20'), -2))).toBe('2026-02-12T10:20:00+07:00');
    expect(toVnIso(calendar.addWorkingDays(at('2026-02-15', '10:20'), 0))).toBe('2026-02-15T10:20:00+07:00');
  });

  it('toVnIso and vnTime speak Vietnamese wall-clock time (UTC+7)', () => {
    expect(vnTime('2026-02-23', '17:00').toISOString()).toBe('2026-02-23T10:00:00.000Z');
    expect(toVnIso(new Date('2026-02-22T20:30:15.999Z'))).toBe('2026-02-23T03:30:15+07:00');
  });
});

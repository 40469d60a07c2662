import { describe, expect, it } from 'vitest';
import { createCalendar, toVnIso, vnTime } from './index';

const calendar = createCalendar(); // 07:00–11:30, 13:30–17:00
const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (date: string, clock: string) => vnTime(date, clock);

describe('workingTimeBetween (default office hours 07:00–11:30, 13:30–17:00)', () => {
  it.each([
    ['inside one session', ['2026-03-04', '08:00'], ['2026-03-04', '10:15'], 2 * HOUR + 15 * MINUTE],
    ['across lunch', ['2026-03-04', '11:00'], ['2026-03-04', '14:00'], HOUR],
    ['lunch break only', ['2026-03-04', '11:30'], ['2026-03-04', '13:30'], 0],
    ['a whole office day', ['2026-03-04', '00:00'], ['2026-03-05', '00:00'], 8 * HOUR],
    ['evening to next morning', ['2026-03-04', '16:00'], ['2026-03-05', '08:00'], 2 * HOUR],
    ['over a weekend', ['2026-03-06', '16:00'], ['2026-03-09', '08:00'], 2 * HOUR],
    // Friday 13/02/2026 is the last working day before the Tết break (14–22/02).
    ['over Tết 2026', ['2026-02-13', '16:00'], ['2026-02-23', '08:00'], 2 * HOUR],
    // Saturday 10/01/2026 is a make-up working day: a full office day.
    ['over the make-up Saturday 10/01/2026', ['2026-01-09', '16:00'], ['2026-01-12', '08:00'], 10 * HOUR],
    ['within a holiday', ['2026-04-30', '08:00'], ['2026-05-01', '16:00'], 0],
  ])('%s', (_label, [d1, c1], [d2, c2], expected) => {
    expect(calendar.workingTimeBetween(at(d1!, c1!), at(d2!, c2!))).toBe(expected);
  });

  it('is negative when the end is before the start', () => {
    expect(calendar.workingTimeBetween(at('2026-03-04', '10:00'), at('2026-03-04', '08:00'))).toBe(-2 * HOUR);
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['within a session', ['2026-03-04', '08:00'], 2, '2026-03-04T10:00:00+07:00'],
    ['up to the end of the morning stays at 11:30', ['2026-03-04', '10:30'], 1, '2026-03-04T11:30:00+07:00'],
    ['across lunch', ['2026-03-04', '10:30'], 2, '2026-03-04T14:30:00+07:00'],
    ['starting in the lunch break', ['2026-03-04', '12:00'], 1, '2026-03-04T14:30:00+07:00'],
    ['starting before opening', ['2026-03-04', '05:00'], 1, '2026-03-04T08:00:00+07:00'],
    ['across the night', ['2026-03-04', '16:30'], 2, '2026-03-05T08:30:00+07:00'],
    ['from a Saturday', ['2026-03-07', '09:00'], 2, '2026-03-09T09:00:00+07:00'],
    ['across Tết 2026', ['2026-02-13', '16:00'], 2, '2026-02-23T08:00:00+07:00'],
    ['onto the make-up Saturday 22/08/2026', ['2026-08-21', '16:00'], 2, '2026-08-22T08:00:00+07:00'],
    ['over the National Day break 2026 (Sat 29/08 – Wed 02/09)', ['2026-08-28', '16:00'], 4, '2026-09-03T10:00:00+07:00'],
  ])('%s', (_label, [date, clock], hours, expected) => {
    expect(toVnIso(calendar.addWorkingHours(at(date!, clock!), hours as number))).toBe(expected);
  });

  it('adding 0 hours returns the same instant', () => {
    const start = at('2026-03-07', '09:00');
    expect(calendar.addWorkingHours(start, 0)).toEqual(start);
  });

  it('refuses negative amounts', () => {
    expect(() => calendar.addWorkingHours(at('2026-03-04', '08:00'), -1)).toThrow(RangeError);
  });
});

describe('office hours are per receiving point', () => {
  const longDay = createCalendar({
    officeHours: [
      { start: '07:30', end: '12:00' },
      { start: '13:00', end: '16:30' },
    ],
  });

  it('uses the configured sessions', () => {
    expect(longDay.workingTimeBetween(at('2026-03-04', '00:00'), at('2026-03-05', '00:00'))).toBe(8 * HOUR);
    expect(toVnIso(longDay.addWorkingHours(at('2026-03-04', '11:00'), 2))).toBe('2026-03-04T14:00:00+07:00');
    expect(toVnIso(longDay.dueAt(at('2026-03-04', '09:00'), { value: 1, unit: 'WORKING_DAYS' }))).toBe('2026-03-05T16:30:00+07:00');
  });

  it('isWithinOfficeHours follows the sessions and the calendar', () => {
    expect(calendar.isWithinOfficeHours(at('2026-03-04', '07:00'))).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-03-04', '12:00'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-01-10', '09:00'))).toBe(true); // make-up Saturday
    expect(calendar.isWithinOfficeHours(at('2026-02-17', '09:00'))).toBe(false); // Tết
  });

  it.each([
    [[], /at least one session/],
    [[{ start: '11:00', end: '10:00' }], /empty/],
    [
      [
        { start: '07:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
      /overlap/,
    ],
    [[{ start: '7:00', end: '12:00' }], /HH:MM/],
  ])('rejects invalid office hours %j', (officeHours, message) => {
    expect(() => createCalendar({ officeHours })).toThrow(message);
  });
});

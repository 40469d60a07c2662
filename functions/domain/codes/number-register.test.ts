import { describe, expect, it } from 'vitest';
import { sweepable, sweepVoids, unrecordedNumbers } from './number-register';

describe('the day numbers the register accounts for', () => {
  it('finds the numbers reserved but never recorded, up to the last one and the day limit', () => {
    expect(unrecordedNumbers(6, new Set([1, 2, 4, 6]), 9999)).toEqual([3, 5]);
    expect(unrecordedNumbers(0, new Set(), 9999)).toEqual([]);
    // Above the day's limit no code was ever written: not a gap.
    expect(unrecordedNumbers(10_002, new Set(Array.from({ length: 9999 }, (_, index) => index + 1)), 9999)).toEqual([]);
  });

  it('voids each as stopped, for that agency and day', () => {
    const at = new Date('2026-12-03T20:30:00.000Z');
    expect(sweepVoids({ agencyCode: 'A', day: '261203', last: 3, recorded: new Set([2]) }, 9999, at)).toEqual([
      { agencyCode: 'A', day: '261203', number: 1, reason: 'PROCESS_STOPPED', at: at.toISOString() },
      { agencyCode: 'A', day: '261203', number: 3, reason: 'PROCESS_STOPPED', at: at.toISOString() },
    ]);
  });

  it('sweeps only a day already over', () => {
    expect(sweepable('261202', '261203')).toBe(true);
    expect(sweepable('261203', '261203')).toBe(false);
  });
});

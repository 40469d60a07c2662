import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff';

describe('back-off between receives of a failed portal sync', () => {
  const settings = { baseSeconds: 30, maxSeconds: 900 };
  it('doubles from the base, with jitter in the upper half, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((count) => backoffSeconds(count, settings, () => 1))).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(backoffSeconds(3, settings, () => 0)).toBe(60);
  });
  it('rides out about four hours of outage in the 20 receives before the DLQ', () => {
    const total = Array.from({ length: 19 }, (_, index) => backoffSeconds(index + 1, settings, () => 1)).reduce((sum, s) => sum + s, 0);
    expect(total / 3600).toBeGreaterThan(3.5);
  });
});

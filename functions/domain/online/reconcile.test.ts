import { describe, expect, it } from 'vitest';
import { portalDossierId } from './filing';
import { checkDay, isClean, reconcile } from './reconcile';

const scope = { day: '2026-12-01', agencyCode: '19.01', ranAt: new Date('2026-12-02T00:00:00Z') };

describe('reconciliation', () => {
  it('puts each dossier in exactly one of matching, missing, mismatched or unknown', () => {
    const report = reconcile(
      scope,
      [
        { dossierId: 'a', code: 'A', version: 3, portalStatus: 2, acknowledgedVersion: 3 },
        { dossierId: 'b', code: 'B', version: 4, portalStatus: 5, acknowledgedVersion: 2 },
        { dossierId: 'c', code: 'C', version: 2, portalStatus: 2 },
      ],
      [
        { code: 'A', version: 3, portalStatus: 2 },
        { code: 'B', version: 2, portalStatus: 2 },
        { code: 'X', version: 1, portalStatus: 1 },
      ],
    );
    expect(report.counts).toEqual({ province: 3, portal: 3, matching: 1, missing: 1, mismatched: 1, unknown: 1, unacknowledged: 2 });
    expect(report.missing).toEqual([{ dossierId: 'c', code: 'C', version: 2, portalStatus: 2 }]);
    expect(report.mismatched).toEqual([{ dossierId: 'b', code: 'B', ourVersion: 4, portalVersion: 2, ourStatus: 5, portalStatus: 2 }]);
    expect(report.unknown).toEqual([{ code: 'X', version: 1, portalStatus: 1 }]);
    expect(isClean(report)).toBe(false);
    expect(isClean(reconcile(scope, [], []))).toBe(true);
  });

  it('takes days as YYYY-MM-DD only', () => {
    expect(checkDay('2026-12-01')).toBe('2026-12-01');
    for (const bad of ['2026-02-30', '20261201', '2026-1-1'])
      expect(() => checkDay(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('names a portal code’s dossier the same way every time, UUID-shaped', () => {
    const id = portalDossierId('H55-260125-QG0001');
    expect(id).toBe(portalDossierId('H55-260125-QG0001'));
    expect(id).not.toBe(portalDossierId('H55-260125-QG0002'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

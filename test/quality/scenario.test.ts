import { describe, expect, it } from 'vitest';
import {
  type Cell,
  dossiersOf,
  type Figures,
  figuresOf,
  foldEvents,
  formatRate,
  INDEX_VERSIONS,
  type IndexVersion,
  ii06aCsv,
  ii06aRows,
  localRates,
  periodOf,
  scoreIndex,
} from '#domain/quality';
import { FIELDS, scenarioEvents } from './scenario';

const { cells: cellMap } = foldEvents(scenarioEvents());
const cells = [...cellMap.values()];
const ofAgency = (agency: string): Cell[] => cells.filter((cell) => cell.agency === agency);
const january = periodOf('MONTH', 2026, 1);
const pick = (f: Figures, names: (keyof Figures)[]) => Object.fromEntries(names.map((name) => [name, f[name]]));
const MAIN: (keyof Figures)[] = [
  'receivedDirect',
  'receivedOnline',
  'receivedPostal',
  'received',
  'carriedOver',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'resolved',
  'inProcess',
  'inProcessOnTime',
  'inProcessOverdue',
];

describe('the hand-computed scenario, January 2026', () => {
  it('counts each agency as written by hand', () => {
    const a = figuresOf(ofAgency('06.SOTP'), january);
    expect(pick(a, MAIN)).toEqual({
      receivedDirect: 11,
      receivedOnline: 4,
      receivedPostal: 0,
      received: 15,
      carriedOver: 2,
      resolvedEarly: 4,
      resolvedOnTime: 3,
      resolvedLate: 5,
      resolved: 12,
      inProcess: 5,
      inProcessOnTime: 3,
      inProcessOverdue: 2,
    });
    expect(
      pick(a, [
        'supplements',
        'apologies',
        'withdrawals',
        'stops',
        'refusals',
        'ratings',
        'feeBearing',
        'paidOnline',
        'digitised',
        'reused',
        'eResults',
      ]),
    ).toEqual({
      supplements: 4,
      apologies: 2,
      withdrawals: 1,
      stops: 1,
      refusals: 1,
      ratings: 3,
      feeBearing: 2,
      paidOnline: 1,
      digitised: 2,
      reused: 1,
      eResults: 2,
    });
    const b = figuresOf(ofAgency('06.XA1'), january);
    expect(pick(b, MAIN)).toEqual({
      receivedDirect: 6,
      receivedOnline: 2,
      receivedPostal: 1,
      received: 9,
      carriedOver: 0,
      resolvedEarly: 1,
      resolvedOnTime: 2,
      resolvedLate: 1,
      resolved: 4,
      inProcess: 5,
      inProcessOnTime: 3,
      inProcessOverdue: 2,
    });
    expect(
      pick(b, ['supplements', 'apologies', 'refusals', 'ratings', 'ratedVerySatisfied', 'ratedSatisfied', 'ratedDissatisfied']),
    ).toEqual({
      supplements: 2,
      apologies: 1,
      refusals: 1,
      ratings: 4,
      ratedVerySatisfied: 2,
      ratedSatisfied: 1,
      ratedDissatisfied: 1,
    });
  });

  it('scores the 766 index per agency and for the province, portal-only indicators left to the portal', () => {
    const a = scoreIndex(figuresOf(ofAgency('06.SOTP'), january), january.to);
    expect(a.version).toBe('766-2022');
    expect(a.groups.map((group) => group.points)).toEqual([0, 10, 9.2, 1.84, 0]);
    expect(a.points).toBe(21.04);
    expect(a.computedMax).toBe(44);
    const indicator = (score: typeof a, code: string) =>
      score.groups.flatMap((group) => group.indicators).find((item) => item.code === code);
    expect(indicator(a, '2.1')).toMatchObject({ status: 'COMPUTED', points: 10, rate: { numerator: 7, denominator: 14 } });
    expect(indicator(a, '3.3')).toMatchObject({ points: 3.2, rate: { numerator: 4, denominator: 15 } });
    expect(indicator(a, '3.6')).toMatchObject({ points: 6, rate: { numerator: 1, denominator: 2 } });
    expect(indicator(a, '4.1')).toMatchObject({ points: 1, rate: { numerator: 2, denominator: 12 } });
    expect(indicator(a, '4.2')?.points).toBe(0.67);
    expect(indicator(a, '4.3')?.points).toBe(0.17);
    expect(indicator(a, '5.4')).toMatchObject({ status: 'PORTAL_ONLY', points: null });
    expect(indicator(a, '1.2')).toMatchObject({ status: 'PORTAL_ONLY', points: null });
    expect(formatRate(a.satisfaction)).toBe('66.67 %');

    const b = scoreIndex(figuresOf(ofAgency('06.XA1'), january), january.to);
    expect(b.points).toBe(12.67);
    expect(b.computedMax).toBe(38);
    // No fee-bearing dossier: "N/A", not zero, and not counted in the computed maximum.
    expect(indicator(b, '3.6')).toMatchObject({ status: 'NOT_APPLICABLE', points: null, rate: { value: null } });
    expect(formatRate(localRates(figuresOf(ofAgency('06.XA1'), january)).paidOnline)).toBe('N/A');
    expect(formatRate(b.satisfaction)).toBe('75.00 %');

    const province = figuresOf(cells, january);
    expect(pick(province, MAIN)).toEqual({
      receivedDirect: 17,
      receivedOnline: 6,
      receivedPostal: 1,
      received: 24,
      carriedOver: 2,
      resolvedEarly: 5,
      resolvedOnTime: 5,
      resolvedLate: 6,
      resolved: 16,
      inProcess: 10,
      inProcessOnTime: 6,
      inProcessOverdue: 4,
    });
    const p = scoreIndex(province, january.to);
    expect(p.groups.map((group) => group.points)).toEqual([0, 10, 9, 1.27, 0]);
    expect(p.points).toBe(20.27);
    expect(formatRate(p.satisfaction)).toBe('71.43 %');
  });

  it('drills down from an agency to the dossiers behind a figure', () => {
    const a = ofAgency('06.SOTP');
    expect(dossiersOf(a, january, 'resolvedLate')).toEqual(['a03', 'a05', 'a10', 'a12', 'a19']);
    expect(dossiersOf(a, january, 'inProcessOverdue')).toEqual(['a07', 'a16']);
    expect(dossiersOf(a, january, 'inProcessOnTime')).toEqual(['a06', 'a08', 'a15']);
    expect(dossiersOf(a, january, 'carriedOver')).toEqual(['a12', 'a13']);
    expect(
      dossiersOf(
        a.filter((cell) => cell.procedure === 'A3'),
        january,
        'resolved',
      ),
    ).toEqual(['a17', 'a18', 'a19']);
    expect(dossiersOf(a, january, 'apologies')).toEqual(['a03', 'a15']);
  });

  it('fills Form II.06a per level and field, 13 columns', () => {
    const rows = ii06aRows(cells, january, (procedure) => FIELDS[procedure] ?? { code: procedure, name: procedure });
    const line = (row: (typeof rows)[number]) => [
      row.row,
      row.field,
      row.receivedTotal,
      row.receivedOnline,
      row.receivedDirect,
      row.carriedOver,
      row.resolvedTotal,
      row.resolvedEarly,
      row.resolvedOnTime,
      row.resolvedLate,
      row.inProcessTotal,
      row.inProcessOnTime,
      row.inProcessOverdue,
    ];
    expect(rows.map(line)).toEqual([
      ['I', 'Cấp tỉnh', 17, 4, 11, 2, 12, 4, 3, 5, 5, 3, 2],
      ['1', 'Chứng thực', 14, 3, 9, 2, 9, 3, 2, 4, 5, 3, 2],
      ['2', 'Đất đai', 3, 1, 2, 0, 3, 1, 1, 1, 0, 0, 0],
      ['II', 'Cấp xã', 9, 2, 7, 0, 4, 1, 2, 1, 5, 3, 2],
      ['1', 'Hộ tịch', 9, 2, 7, 0, 4, 1, 2, 1, 5, 3, 2],
      ['', 'Tổng cộng', 26, 6, 18, 2, 16, 5, 5, 6, 10, 6, 4],
    ]);
    const csv = ii06aCsv(rows).split('\r\n');
    expect(csv[0]?.match(/"[^"]*"/g)).toHaveLength(13);
    expect(csv[6]).toBe('"","Tổng cộng",26,6,18,2,16,5,5,6,10,6,4');
  });

  it('cuts periods off on the 15th when asked (default of II.06a), on calendar months otherwise', () => {
    expect(periodOf('MONTH', 2026, 1, 15)).toMatchObject({ from: '2025-12-15', to: '2026-01-14' });
    expect(periodOf('QUARTER', 2026, 1, 15)).toMatchObject({ from: '2025-12-15', to: '2026-03-14' });
    expect(periodOf('HALF_YEAR', 2026, 2)).toMatchObject({ from: '2026-07-01', to: '2026-12-31' });
    expect(periodOf('YEAR', 2026, undefined, 15)).toMatchObject({ from: '2025-12-15', to: '2026-12-14' });
    expect(periodOf('MONTH', 2024, 2)).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    const b = figuresOf(ofAgency('06.XA1'), periodOf('MONTH', 2026, 1, 15));
    // b01–b06 received; b05 waits on a request made before its due, b06 on one made after.
    expect(pick(b, ['received', 'resolved', 'inProcessOnTime', 'inProcessOverdue'])).toEqual({
      received: 6,
      resolved: 4,
      inProcessOnTime: 1,
      inProcessOverdue: 1,
    });
    expect(() => periodOf('MONTH', 2026, 13)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('scores a past period with the version then in force', () => {
    const base = INDEX_VERSIONS[0] as IndexVersion;
    const versions: IndexVersion[] = [
      base,
      {
        ...base,
        id: 'future',
        validFrom: '2026-02-01',
        groups: base.groups.map((group) =>
          group.code === 2 ? { ...group, indicators: group.indicators.map((item) => ({ ...item, max: 10 })) } : group,
        ),
      },
    ];
    const a = figuresOf(ofAgency('06.SOTP'), january);
    expect(scoreIndex(a, january.to, versions)).toMatchObject({
      version: '766-2022',
      groups: expect.arrayContaining([expect.objectContaining({ code: 2, points: 10 })]),
    });
    expect(scoreIndex(a, '2026-02-28', versions)).toMatchObject({
      version: 'future',
      groups: expect.arrayContaining([expect.objectContaining({ code: 2, points: 5 })]),
    });
    expect(() => scoreIndex(a, '2021-12-31')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

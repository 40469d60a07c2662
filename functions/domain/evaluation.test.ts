import { describe, expect, it } from 'vitest';
import { checkAgencyScores, EVALUATION_RULES, type EvaluationRules, evaluate, gradeOf, quarterDays, rulesFor } from './evaluation';

const v1 = EVALUATION_RULES[0]!;

describe('the quarterly agency evaluation', () => {
  it('has nine criteria of two points (18) in its first version', () => {
    expect(v1.criteria).toHaveLength(9);
    expect(v1.criteria.every((criterion) => criterion.maxPoints === 2)).toBe(true);
  });

  it('grades > 15 excellent, 12–15 good, 9–12 fair, 6–9 average, < 6 weak (a shared edge goes up)', () => {
    const grade = (total: number) => gradeOf(v1, total).grade;
    expect([18, 15.5, 15, 12, 11.5, 9, 8.5, 6, 5.5, 0].map(grade)).toEqual([
      'EXCELLENT',
      'EXCELLENT',
      'GOOD',
      'GOOD',
      'FAIR',
      'FAIR',
      'AVERAGE',
      'AVERAGE',
      'WEAK',
      'WEAK',
    ]);
  });

  it('scores a past quarter with the version that applied then', () => {
    const v2: EvaluationRules = { ...v1, version: 2, from: '2027-Q1', grades: [{ grade: 'WEAK', label: 'Yếu', atLeast: 0 }] };
    expect(rulesFor('2026-Q4', [v1, v2]).version).toBe(1);
    expect(rulesFor('2027-Q2', [v1, v2]).version).toBe(2);
    expect(() => rulesFor('2024-Q4', [v1, v2])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(quarterDays('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterDays('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterDays('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('takes figures where measured, the agency’s scores elsewhere, and grades only when complete', () => {
    const agency = v1.criteria.filter((criterion) => !criterion.figure).map((criterion) => ({ criterion: criterion.code, points: 2 }));
    const partial = evaluate('2026-Q4', v1, { SATISFIED_PERCENT: 90 }, agency.slice(1));
    // Without the on-time source, the agency scores TOTAL_TIME.
    expect(partial.criteria.find((row) => row.criterion.code === 'TOTAL_TIME')).toMatchObject({ source: 'MISSING', points: null });
    expect(partial).toMatchObject({ complete: false, grade: null });
    const full = evaluate('2026-Q4', v1, { ON_TIME_PERCENT: 100, SATISFIED_PERCENT: 90, FEEDBACK_ON_TIME_PERCENT: null }, [
      ...agency,
      { criterion: 'FEEDBACK_HANDLING', points: 1 },
    ]);
    expect(full.criteria.find((row) => row.criterion.code === 'TOTAL_TIME')).toMatchObject({ source: 'FIGURE', points: 2 });
    expect(full.criteria.find((row) => row.criterion.code === 'STAFF_ATTITUDE')).toMatchObject({ source: 'FIGURE', points: 1.8 });
    expect(full.criteria.find((row) => row.criterion.code === 'FEEDBACK_HANDLING')).toMatchObject({
      source: 'AGENCY',
      points: 1,
      figurePercent: null,
    });
    expect(full).toMatchObject({ complete: true, total: 16.8, maxTotal: 18, grade: { grade: 'EXCELLENT' } });
  });

  it('refuses unknown criteria, repeated ones and points outside 0..2 in halves', () => {
    for (const scores of [
      [{ criterion: 'NOPE', points: 1 }],
      [{ criterion: 'PUBLICITY', points: 2.5 }],
      [{ criterion: 'PUBLICITY', points: 0.3 }],
      [
        { criterion: 'PUBLICITY', points: 1 },
        { criterion: 'PUBLICITY', points: 1 },
      ],
    ])
      expect(() => checkAgencyScores(v1, scores)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

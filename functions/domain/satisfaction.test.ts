import { describe, expect, it } from 'vitest';
import type { Dossier, DossierEvent } from './dossier';
import { APPLICANT_ACTOR, addCounts, checkRating, NO_RATINGS, officerHistory, rate, satisfactionFigures } from './satisfaction';

const returned = { id: 'd1', status: 'RETURNED', version: 9, updatedAt: '2026-12-01T02:00:00.000Z' } as unknown as Dossier;
const now = new Date('2026-12-02T03:00:00.000Z');

describe('a rating', () => {
  it('needs a reason when not satisfied, and a known level', () => {
    expect(() => checkRating({ level: 'DISSATISFIED', channel: 'ONLINE' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => checkRating({ level: 'DISSATISFIED', reason: '   ', channel: 'ONLINE' })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    expect(() => checkRating({ level: 'MEH' as 'SATISFIED', channel: 'ONLINE' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(checkRating({ level: 'DISSATISFIED', reason: ' Chờ lâu ', channel: 'COUNTER' })).toEqual({
      level: 'DISSATISFIED',
      reason: 'Chờ lâu',
    });
  });

  it('is one RATED event on a returned dossier, once', () => {
    const { dossier, event } = rate(returned, { level: 'SATISFIED', channel: 'ONLINE' }, { now, actor: APPLICANT_ACTOR });
    expect(event).toMatchObject({ type: 'RATED', version: 10, level: 'SATISFIED', channel: 'ONLINE', statusAfter: 'RETURNED' });
    expect(dossier).toMatchObject({ version: 10, ratedAt: now.toISOString() });
    expect(dossier).not.toHaveProperty('level');
    expect(() => rate(dossier, { level: 'SATISFIED', channel: 'ONLINE' }, { now, actor: APPLICANT_ACTOR })).toThrow(
      expect.objectContaining({ code: 'ALREADY_RATED' }),
    );
    expect(() =>
      rate({ ...returned, status: 'RESOLVED' } as Dossier, { level: 'SATISFIED', channel: 'COUNTER' }, { now, actor: APPLICANT_ACTOR }),
    ).toThrow(expect.objectContaining({ code: 'RATING_NOT_OPEN' }));
  });

  it('is left out of the history officers see (neither how nor when)', () => {
    const { event } = rate(returned, { level: 'DISSATISFIED', reason: 'Thái độ', channel: 'ONLINE' }, { now, actor: APPLICANT_ACTOR });
    const returnedEvent = { ...event, type: 'RESULT_RETURNED', version: 9, deliveryMode: 'COUNTER' } as unknown as DossierEvent;
    expect(officerHistory([returnedEvent, event as DossierEvent])).toEqual([returnedEvent]);
  });
});

describe('satisfaction figures', () => {
  it('are counts and percentages with 2 decimals; nothing rated reads N/A (null)', () => {
    expect(satisfactionFigures(NO_RATINGS)).toMatchObject({ total: 0, satisfiedPercent: null, percents: { SATISFIED: null } });
    const counts = addCounts({ VERY_SATISFIED: 1, SATISFIED: 1, DISSATISFIED: 0 }, { VERY_SATISFIED: 0, SATISFIED: 0, DISSATISFIED: 1 });
    expect(satisfactionFigures(counts)).toEqual({
      total: 3,
      counts,
      percents: { VERY_SATISFIED: 33.33, SATISFIED: 33.33, DISSATISFIED: 33.33 },
      satisfiedPercent: 66.67,
    });
  });
});

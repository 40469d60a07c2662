import { describe, expect, it } from 'vitest';
import { getDefaultCalendar, toVnIso, vnTime } from './calendar';
import { type Feedback, type FeedbackEvent, foldFeedback, handleFeedback, receiveFeedback } from './feedback';
import { FEEDBACK_DEADLINES } from './feedback-deadlines';

const calendar = getDefaultCalendar();
const actor = { officerId: 'cv', agencyCode: '06.063.02014', role: 'HANDLING_OFFICER' };
const received = (topic: 'DOSSIER' | 'PROCEDURE' = 'PROCEDURE') =>
  receiveFeedback(
    { content: 'Ý kiến', topic, intakeAgency: '06.063.02014' },
    { id: 'f-1', now: vnTime('2026-04-23', '09:00'), actor, calendar, receivedDay: '2026-04-23' },
  );

describe('feedback (PAKN) steps', () => {
  it('has every deadline as data with its marker and source', () => {
    for (const rule of Object.values(FEEDBACK_DEADLINES)) {
      expect(rule.workingDays).toBeGreaterThan(0);
      expect(['V', 'P', 'U']).toContain(rule.marker);
      expect(rule.source.length).toBeGreaterThan(10);
    }
  });

  it('the head is the fold of its events through every step', () => {
    const events: FeedbackEvent[] = [];
    let step = received();
    events.push(step.event);
    const apply = (command: Parameters<typeof handleFeedback>[1], at: string) => {
      step = handleFeedback(step.feedback, command, { now: vnTime(at, '09:00'), actor, calendar });
      events.push(step.event);
      return step.feedback;
    };
    apply({ step: 'CLASSIFY', classification: 'OUTSIDE_AUTHORITY' }, '2026-04-24');
    const forwarded = apply({ step: 'FORWARD', toAgency: '06.063' }, '2026-04-28');
    expect(forwarded).toMatchObject({
      status: 'IN_HANDLING',
      holderAgency: '06.063',
      routedAt: vnTime('2026-04-28', '09:00').toISOString(),
    });
    expect(toVnIso(new Date(forwarded.deadline!.at))).toBe('2026-05-21T09:00:00+07:00'); // 15 working days from Tuesday 28/4 (30/4–3/5 off)
    const answered = apply({ step: 'ANSWER', answer: 'Trả lời' }, '2026-05-22');
    expect(answered.answer?.onTime).toBe(false);
    const published = apply({ step: 'PUBLISH' }, '2026-05-25');
    expect(foldFeedback(events)).toEqual(published);
    expect(published.deadline).toBeUndefined();
  });

  it('refuses a step from the wrong status, and half-named forwards', () => {
    const { feedback } = received();
    const context = { now: vnTime('2026-04-24', '09:00'), actor, calendar };
    expect(() => handleFeedback(feedback, { step: 'ANSWER', answer: 'x' }, context)).toThrow(
      expect.objectContaining({ code: 'FEEDBACK_STEP_NOT_ALLOWED' }),
    );
    const waiting: Feedback = handleFeedback(feedback, { step: 'CLASSIFY', classification: 'OUTSIDE_AUTHORITY' }, context).feedback;
    for (const command of [{ step: 'FORWARD' as const }, { step: 'FORWARD' as const, toAgency: '06.063', externalBody: 'Bộ' }])
      expect(() => handleFeedback(waiting, command, context)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('answers feedback on a dossier within 10 working days, on a regulation within 15', () => {
    const context = { now: vnTime('2026-04-24', '09:00'), actor, calendar };
    const dossier = handleFeedback(
      received('DOSSIER').feedback,
      { step: 'CLASSIFY', classification: 'WITHIN_AUTHORITY' },
      context,
    ).feedback;
    const regulation = handleFeedback(received().feedback, { step: 'CLASSIFY', classification: 'WITHIN_AUTHORITY' }, context).feedback;
    expect(dossier.deadline?.step).toBe('ANSWER_DOSSIER');
    expect(toVnIso(new Date(dossier.deadline!.at))).toBe('2026-05-13T09:00:00+07:00');
    expect(regulation.deadline?.step).toBe('ANSWER_REGULATION');
  });
});

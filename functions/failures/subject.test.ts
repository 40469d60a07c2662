import { describe, expect, it } from 'vitest';
import { HANDOFF_MESSAGE_SCHEMA } from '#queue/handoff-message';
import { agencyOfQueueArn } from '#queue/names';
import { failureSubjectOf } from './subject';

const valid = {
  schema: HANDOFF_MESSAGE_SCHEMA,
  kind: 'HANDOFF',
  handoffId: 'd1-3',
  dossierId: 'd1',
  dossierCode: null,
  procedureCode: '1.001776',
  fromAgency: '06.063.02014',
  toAgency: '06.063',
  routeStep: 1,
  sentAt: '2026-11-21T03:00:00.000Z',
  dossierVersion: 3,
};

describe('what a failure record is about', () => {
  it('keys a readable message by its handoff, whatever copy of it failed', () => {
    expect(failureSubjectOf(JSON.stringify(valid)).key).toBe('HANDOFF#d1-3');
    expect(failureSubjectOf(JSON.stringify({ ...valid, sentAt: '2026-11-22T00:00:00.000Z' })).key).toBe('HANDOFF#d1-3');
  });

  it('keys an unreadable message by its body, the same on every receive and after a redrive', () => {
    const poison = failureSubjectOf('not json');
    expect(poison).toEqual({ key: expect.stringMatching(/^BODY#[0-9a-f]{32}$/) });
    expect(failureSubjectOf('not json').key).toBe(poison.key);
    expect(failureSubjectOf('not json either').key).not.toBe(poison.key);
  });

  it('reads the agency from the queue the message sits in', () => {
    const arn = (name: string) => `arn:aws:sqs:ap-southeast-1:123456789012:${name}`;
    expect(agencyOfQueueArn(arn('lienthong-06-prod-06-063.fifo'), 'lienthong-06-prod-')).toBe('06.063');
    expect(agencyOfQueueArn(arn('lienthong-06-prod-06-063-02014.fifo'), 'lienthong-06-prod-')).toBe('06.063.02014');
    expect(agencyOfQueueArn(arn('lienthong-06-prod-06-063-dlq.fifo'), 'lienthong-06-prod-')).toBeUndefined();
    expect(agencyOfQueueArn(arn('other-06-063.fifo'), 'lienthong-06-prod-')).toBeUndefined();
  });
});

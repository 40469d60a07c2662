import { describe, expect, it } from 'vitest';
import { onlyResource, synthProvince } from './synth';

const { root } = synthProvince('06');

/** Issue 10, inbound: the scheduled pull of online filings and the daily reconciliation, on the sync's secret. */
describe('national portal intake and reconciliation', () => {
  const fn = (text: string) => onlyResource([root], 'AWS::Lambda::Function', (_, r) => String(r.Properties?.Description).includes(text))[1];
  const rule = (text: string) => onlyResource([root], 'AWS::Events::Rule', (_, r) => String(r.Properties?.Description).includes(text))[1];

  it('pulls online filings every two minutes and reconciles daily at 03:30 Vietnam time', () => {
    expect(rule('Pull dossiers filed online').Properties).toMatchObject({ ScheduleExpression: 'rate(2 minutes)', State: 'ENABLED' });
    expect(rule('Daily reconciliation').Properties).toMatchObject({ ScheduleExpression: 'cron(30 20 * * ? *)' });
  });

  it('gives both functions the portal secret by ARN (the sync’s, one for both directions) and nothing of its value', () => {
    for (const text of ['Pulls dossiers filed online', 'Reconciles yesterday']) {
      expect(fn(text).Properties!.Environment.Variables).toMatchObject({
        PORTAL_SECRET_ARN: { Ref: expect.stringMatching(/^PortalSyncPortalSecret/) },
      });
    }
    expect(fn('Pulls dossiers filed online').Properties!.Environment.Variables.PERSONAL_DATA_KEY_ARN).toBeDefined();
  });
});

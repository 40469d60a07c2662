import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler, officerClaims } from './handler';

const event = (attributes: Record<string, string>): PreTokenGenerationV2TriggerEvent =>
  ({
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_x',
    userName: 'nguyen.van.a',
    callerContext: { awsSdkVersion: 'x', clientId: 'c' },
    request: {
      userAttributes: { sub: 's1', email: 'nguyen.van.a@backan.gov.vn', name: 'Nguyễn Văn A', ...attributes },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response: { claimsAndScopeOverrideDetails: {} },
  }) as unknown as PreTokenGenerationV2TriggerEvent;

describe('pre-token-generation trigger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('copies agency and roles into the ID and access tokens', async () => {
    const result = await handler(event({ 'custom:agency': '06.063.01840', 'custom:roles': 'RECEPTION_OFFICER HANDLING_OFFICER' }));
    const claims = { agency: '06.063.01840', roles: 'RECEPTION_OFFICER HANDLING_OFFICER' };
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    });
  });

  it('drops unknown and duplicate roles, accepts commas', () => {
    expect(officerClaims({ 'custom:agency': '06', 'custom:roles': 'APPROVER,ROOT, approver APPROVER AUDITOR' }, '06')).toEqual({
      agency: '06',
      roles: ['APPROVER', 'AUDITOR'],
      droppedRoles: 2,
    });
  });

  it('leaves out an agency that is not an agency code of this province', () => {
    for (const bad of ['', '6', '06.63', '06.063.1840', '06.063.01840.1', 'x06', '06; DROP', '38.389.15004']) {
      expect(officerClaims({ 'custom:agency': bad, 'custom:roles': 'AUDITOR' }, '06').agency, bad).toBeUndefined();
    }
    expect(officerClaims({ 'custom:roles': 'AUDITOR' }, '06')).toEqual({ roles: ['AUDITOR'], droppedRoles: 0 });
  });

  it('accepts the two-tier and configured agency codes of the province', () => {
    for (const good of ['19', '19.02014', '19.02014.TTPVHCC', '19.STP', '19.SNNMT.VPDKDD']) {
      expect(officerClaims({ 'custom:agency': good, 'custom:roles': 'AUDITOR' }, '19').agency, good).toBe(good);
    }
    for (const bad of ['19.stp', '19.STP.X.Y', '06.STP', '19.02014.1']) {
      expect(officerClaims({ 'custom:agency': bad, 'custom:roles': 'AUDITOR' }, '19').agency, bad).toBeUndefined();
    }
  });

  it('issues an empty roles claim and no agency without attributes', async () => {
    const result = await handler(event({}));
    expect(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ roles: '' });
  });

  it('logs no personal data or attribute value when it rejects something', async () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const info = vi.spyOn(console, 'info').mockImplementation((...a) => void lines.push(a.join(' ')));
    const warn = vi.spyOn(console, 'warn').mockImplementation((...a) => void lines.push(a.join(' ')));
    await handler(event({ 'custom:agency': '99.999', 'custom:roles': 'SUPERUSER' }));
    expect(info.mock.calls.length + warn.mock.calls.length + lines.length).toBeGreaterThan(0);
    const logged = lines.join('\n');
    for (const secret of ['nguyen.van.a', 'Nguyễn', '99.999', 'SUPERUSER', 's1']) expect(logged).not.toContain(secret);
  });
});

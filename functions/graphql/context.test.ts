import { describe, expect, it } from 'vitest';
import { callerFromClaims } from './context';

describe('the caller from verified JWT claims', () => {
  it('reads roles as a space-separated string', () => {
    expect(callerFromClaims({ sub: 'u1', name: 'Lan', agency: '06.063', roles: 'HANDLING_OFFICER APPROVER' })).toEqual({
      officerId: 'u1',
      name: 'Lan',
      agencyCode: '06.063',
      roles: ['HANDLING_OFFICER', 'APPROVER'],
    });
  });

  it('reads roles the way API Gateway flattens a list claim', () => {
    expect(callerFromClaims({ sub: 'u1', agency: '06', roles: '[PROVINCE_ADMIN AUDITOR]' })?.roles).toEqual(['PROVINCE_ADMIN', 'AUDITOR']);
  });

  it('has no caller without a subject or an agency', () => {
    expect(callerFromClaims(undefined)).toBeNull();
    expect(callerFromClaims({ sub: 'u1', roles: 'AUDITOR' })).toBeNull();
    expect(callerFromClaims({ agency: '06', roles: 'AUDITOR' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { callerFromClaims, withClientKey } from './context';

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

  it('has no caller for a token of an agency outside the deployment’s province, whatever its roles', () => {
    const claims = { sub: 'admin-79', agency: '79', roles: 'PROVINCE_ADMIN AUDITOR' };
    expect(callerFromClaims(claims, '06')).toBeNull();
    expect(callerFromClaims({ ...claims, agency: '79.760.26734' }, '06')).toBeNull();
    // A code that only starts with the same digits is another province too.
    expect(callerFromClaims({ ...claims, agency: '060' }, '06')).toBeNull();
    expect(callerFromClaims({ ...claims, agency: '06.063' }, '06')?.agencyCode).toBe('06.063');
    expect(callerFromClaims({ ...claims, agency: '06' }, '06')?.roles).toEqual(['PROVINCE_ADMIN', 'AUDITOR']);
  });
});

describe('the client key', () => {
  it('is computed only when asked for, once, and survives the copy Apollo makes of the context', async () => {
    const computed: string[] = [];
    const keyOf = async (address: string) => {
      computed.push(address);
      return `key:${address}`;
    };
    const context = withClientKey({ requestId: 'r1' }, '203.0.113.9', keyOf);
    // What Apollo Server does with the context value for each operation.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(context) as object) as typeof context, context);
    expect(copy.requestId).toBe('r1');
    expect(computed).toEqual([]);
    await expect(copy.clientKey()).resolves.toBe('key:203.0.113.9');
    await expect(context.clientKey()).resolves.toBe('key:203.0.113.9');
    expect(computed).toEqual(['203.0.113.9']);
  });

  it('waits for a key still being read rather than failing', async () => {
    let release: (key: string) => void = () => undefined;
    const pending = new Promise<string>((resolve) => {
      release = resolve;
    });
    const context = withClientKey({ requestId: 'r3' }, '203.0.113.10', () => pending);
    const asked = context.clientKey();
    release('key:late');
    await expect(asked).resolves.toBe('key:late');
  });

  it('is undefined without a source address, and nothing is computed', async () => {
    await expect(
      withClientKey({ requestId: 'r2' }, undefined, () => Promise.reject(new Error('never'))).clientKey(),
    ).resolves.toBeUndefined();
  });
});

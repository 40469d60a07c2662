import { afterEach, describe, expect, it } from 'vitest';
import { hashKey } from './keys-config';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('hashing keys', () => {
  it('uses the configured key, and a development key only when running locally', () => {
    process.env.LOOKUP_SECRET_KEY = 'configured';
    expect(hashKey('LOOKUP_SECRET_KEY')).toBe('configured');
    delete process.env.PERSONAL_DATA_KEY;
    process.env.STAGE = 'local';
    expect(hashKey('PERSONAL_DATA_KEY')).toMatch(/development/);
  });

  it('refuses to hash with no key in production', () => {
    delete process.env.PERSONAL_DATA_KEY;
    process.env.STAGE = 'prod';
    expect(() => hashKey('PERSONAL_DATA_KEY')).toThrow(/PERSONAL_DATA_KEY/);
  });
});

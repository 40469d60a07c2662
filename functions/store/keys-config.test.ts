import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientKeyOf } from '#services/lookup';
import { checkHashKeyEnvironment, forgetHashKeys, HashKeyNotReady, hashKey, hashKeyOf, hashKeysReady } from './keys-config';

// The Secrets Manager adapter's one call, stubbed: this unit is the lazy read around it.
const sent = vi.hoisted(() => ({ calls: [] as string[], fail: false }));
vi.mock('@aws-sdk/client-secrets-manager', () => ({
  GetSecretValueCommand: class {
    constructor(readonly input: { SecretId: string }) {}
  },
  SecretsManagerClient: class {
    async send(command: { input: { SecretId: string } }) {
      sent.calls.push(command.input.SecretId);
      if (sent.fail) throw new Error('AccessDenied');
      return { SecretString: `secret-of:${command.input.SecretId}` };
    }
    destroy() {}
  },
}));

const saved = { ...process.env };
const LOOKUP_ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:lienthong/19/prod/lookup-secret-key-AbCdEf';
const PERSONAL_ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:lienthong/19/prod/personal-data-key-AbCdEf';

beforeEach(() => {
  forgetHashKeys();
  sent.calls = [];
  sent.fail = false;
});
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
    delete process.env.PERSONAL_DATA_KEY_ARN;
    process.env.STAGE = 'prod';
    expect(() => hashKey('PERSONAL_DATA_KEY')).toThrow(/PERSONAL_DATA_KEY/);
  });
});

describe('keys held in Secrets Manager', () => {
  beforeEach(() => {
    process.env.STAGE = 'prod';
    delete process.env.LOOKUP_SECRET_KEY;
    delete process.env.PERSONAL_DATA_KEY;
    process.env.LOOKUP_SECRET_KEY_ARN = LOOKUP_ARN;
    process.env.PERSONAL_DATA_KEY_ARN = PERSONAL_ARN;
  });

  it('are read on first use, both at once and once per container', async () => {
    expect(sent.calls).toEqual([]);
    await expect(hashKeyOf('LOOKUP_SECRET_KEY')).resolves.toBe(`secret-of:${LOOKUP_ARN}`);
    expect(hashKey('PERSONAL_DATA_KEY')).toBe(`secret-of:${PERSONAL_ARN}`);
    await Promise.all([hashKeyOf('PERSONAL_DATA_KEY'), hashKeysReady()]);
    expect(sent.calls.sort()).toEqual([LOOKUP_ARN, PERSONAL_ARN].sort());
  });

  it('are not handed out synchronously before the read, which that attempt starts', async () => {
    expect(() => hashKey('LOOKUP_SECRET_KEY')).toThrow(HashKeyNotReady);
    await hashKeysReady();
    expect(hashKey('LOOKUP_SECRET_KEY')).toBe(`secret-of:${LOOKUP_ARN}`);
  });

  it("wait for the read where no table request came first: the public lookup's client key", async () => {
    // A new container's first public lookup computes the client key before any DynamoDB command.
    const key = await clientKeyOf('203.0.113.9');
    expect(key).toBe(createHmac('sha256', `secret-of:${LOOKUP_ARN}`).update('client:203.0.113.9').digest('base64url').slice(0, 22));
    expect(sent.calls).toContain(LOOKUP_ARN);
  });

  it('fail with a typed error that keeps the cause, and are read again next time', async () => {
    sent.fail = true;
    const failure = await hashKeyOf('LOOKUP_SECRET_KEY').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'CONFIGURATION', cause: expect.objectContaining({ message: 'AccessDenied' }) });
    sent.fail = false;
    await expect(hashKeyOf('LOOKUP_SECRET_KEY')).resolves.toBe(`secret-of:${LOOKUP_ARN}`);
  });
});

describe('the startup check', () => {
  it('refuses an ARN that names no secret, and a needed key with neither ARN nor value', () => {
    expect(() => checkHashKeyEnvironment({ STAGE: 'prod', LOOKUP_SECRET_KEY_ARN: 'lookup-key' })).toThrow(
      /not a Secrets Manager secret ARN/,
    );
    expect(() =>
      checkHashKeyEnvironment({
        STAGE: 'prod',
        HASH_KEY_ARN_VARIABLES: 'LOOKUP_SECRET_KEY_ARN,PERSONAL_DATA_KEY_ARN',
        LOOKUP_SECRET_KEY_ARN: LOOKUP_ARN,
      }),
    ).toThrow(/needs PERSONAL_DATA_KEY/);
    expect(() =>
      checkHashKeyEnvironment({ STAGE: 'prod', HASH_KEY_ARN_VARIABLES: 'LOOKUP_SECRET_KEY_ARN', LOOKUP_SECRET_KEY_ARN: LOOKUP_ARN }),
    ).not.toThrow();
    expect(() => checkHashKeyEnvironment({ STAGE: 'local', HASH_KEY_ARN_VARIABLES: 'PERSONAL_DATA_KEY_ARN' })).not.toThrow();
  });
});

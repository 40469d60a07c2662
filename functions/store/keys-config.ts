import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requireEnv } from './clients';
import { ConfigurationError } from './errors';

/**
 * Keys for keyed hashes (the receipt's lookup secret, the citizen-ID search hash). On AWS the
 * stack keeps them in Secrets Manager and gives each function the secret's ARN
 * (`<NAME>_ARN`); `loadHashKeys` reads them once per cold start. Locally and in tests a
 * development key is used, and only there: a production function without its key refuses to work.
 */
export type HashKeyName = 'LOOKUP_SECRET_KEY' | 'PERSONAL_DATA_KEY';

const DEVELOPMENT_KEY = 'lienthong-local-development-key';
const loaded = new Map<HashKeyName, string>();

export function hashKey(name: HashKeyName): string {
  const key = loaded.get(name) ?? process.env[name];
  if (key) return key;
  if (process.env.STAGE === 'local') return `${DEVELOPMENT_KEY}:${name}`;
  return requireEnv(name);
}

/** Fetches the keys whose secret ARN the function was given; a no-op where none was. */
export async function loadHashKeys(names: readonly HashKeyName[] = ['LOOKUP_SECRET_KEY', 'PERSONAL_DATA_KEY']): Promise<void> {
  const wanted = names.filter((name) => process.env[`${name}_ARN`] && !loaded.has(name));
  if (wanted.length === 0) return;
  const client = new SecretsManagerClient({});
  try {
    await Promise.all(
      wanted.map(async (name) => {
        const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: process.env[`${name}_ARN`] }));
        if (!SecretString) throw new ConfigurationError(`Secret for ${name} is empty`);
        loaded.set(name, SecretString);
      }),
    );
  } finally {
    client.destroy();
  }
}

// Every module that hashes imports this one, so the keys are in place before the first request.
await loadHashKeys();

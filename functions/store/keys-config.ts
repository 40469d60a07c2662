import { ConfigurationError } from './errors';

/**
 * Keys for keyed hashes (the receipt's lookup secret, the citizen-ID search hash). On AWS the
 * stack keeps them in Secrets Manager and gives each function the secret's ARN (`<NAME>_ARN`);
 * they are read on first use, not at init (issue 14: most requests never hash, and the Secrets
 * Manager client is a lazy chunk of the bundle). Locally and in tests a development key is used,
 * and only there: a production function without its key refuses to work.
 *
 * First use, concretely: `hashKeyOf` awaits the read; and every DynamoDB command waits for it
 * (functions/store/clients.ts), so code that has read or written the table may call the
 * synchronous `hashKey`. A synchronous call before that throws HashKeyNotReady and starts the read,
 * so a retry succeeds. Code that may run before any table request (the public lookup's client key,
 * computed from the source address first thing) uses `hashKeyOf`; so does the lookup's secret
 * check, so it does not lean on the order of its requests.
 */
export type HashKeyName = 'LOOKUP_SECRET_KEY' | 'PERSONAL_DATA_KEY';

const HASH_KEY_NAMES: readonly HashKeyName[] = ['LOOKUP_SECRET_KEY', 'PERSONAL_DATA_KEY'];
const DEVELOPMENT_KEY = 'lienthong-local-development-key';
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+$/;
const loaded = new Map<HashKeyName, string>();
let loading: Promise<void> | undefined;

/** Thrown when a key held in Secrets Manager is asked for synchronously before it was read. */
export class HashKeyNotReady extends ConfigurationError {
  readonly reason = 'HASH_KEY_NOT_READY';
  constructor(name: HashKeyName) {
    super(`${name} is read from Secrets Manager on first use: await hashKeyOf('${name}') (or any DynamoDB command) before hashKey()`);
    this.name = 'HashKeyNotReady';
  }
}

const fromSecretsManager = (name: HashKeyName, env: NodeJS.ProcessEnv = process.env) =>
  Boolean(env[`${name}_ARN`]) && !env[name] && !loaded.has(name);

/** The key, once known (an environment value, a key already read, or the local development key). */
export function hashKey(name: HashKeyName): string {
  const key = loaded.get(name) ?? process.env[name];
  if (key) return key;
  if (fromSecretsManager(name)) {
    void hashKeysReady().catch(() => undefined);
    throw new HashKeyNotReady(name);
  }
  if (process.env.STAGE === 'local') return `${DEVELOPMENT_KEY}:${name}`;
  throw new ConfigurationError(`Environment variable ${name} is not set`);
}

/** The key, reading it from Secrets Manager first if this container has not yet. */
export async function hashKeyOf(name: HashKeyName): Promise<string> {
  await hashKeysReady();
  return hashKey(name);
}

/**
 * Reads every key this function has an ARN for, once per container (one client, both reads at
 * once); resolves at once where there is nothing to read. A failed read is not remembered: the
 * next call tries again.
 */
export function hashKeysReady(): Promise<void> {
  const wanted = HASH_KEY_NAMES.filter((name) => fromSecretsManager(name));
  if (wanted.length === 0) return Promise.resolve();
  loading ??= readSecrets(wanted).finally(() => {
    loading = undefined;
  });
  return loading;
}

async function readSecrets(names: readonly HashKeyName[]): Promise<void> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    await Promise.all(
      names.map(async (name) => {
        const { SecretString } = await client
          .send(new GetSecretValueCommand({ SecretId: process.env[`${name}_ARN`] }))
          .catch((error: unknown) => {
            throw new ConfigurationError(`Could not read the secret for ${name}`, { cause: error });
          });
        if (!SecretString) throw new ConfigurationError(`Secret for ${name} is empty`);
        loaded.set(name, SecretString);
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * The startup check the lazy read needs, so a misconfigured function fails at init rather than at
 * its first hash: every `<NAME>_ARN` set must name a Secrets Manager secret, and outside local runs
 * every ARN variable the function was given (HASH_KEY_ARN_VARIABLES, written by infra/hash-keys.ts)
 * must be set (or the key's value itself, as a bench or a test may give it).
 */
export function checkHashKeyEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of HASH_KEY_NAMES) {
    const arn = env[`${name}_ARN`];
    if (arn !== undefined && !SECRET_ARN.test(arn))
      throw new ConfigurationError(`${name}_ARN is not a Secrets Manager secret ARN: "${arn}"`);
  }
  if (env.STAGE === 'local') return;
  const required = (env.HASH_KEY_ARN_VARIABLES ?? '').split(',').filter(Boolean);
  for (const variable of required) {
    const name = variable.replace(/_ARN$/, '');
    if (!(HASH_KEY_NAMES as readonly string[]).includes(name) || !variable.endsWith('_ARN')) {
      throw new ConfigurationError(`HASH_KEY_ARN_VARIABLES names an unknown variable: ${variable}`);
    }
    if (!env[name] && !env[variable]) throw new ConfigurationError(`This function needs ${name}: neither ${variable} nor ${name} is set`);
  }
}

checkHashKeyEnvironment();

/** For tests: forget what was read. */
export function forgetHashKeys(): void {
  loaded.clear();
  loading = undefined;
}

import { requireEnv } from './clients';

/**
 * Keys for keyed hashes (the receipt's lookup secret, the citizen-ID search hash). On AWS they
 * come from the stack's secret through the environment; locally and in tests a development key
 * is used, and only there: a production function without its key refuses to start.
 */
const DEVELOPMENT_KEY = 'lienthong-local-development-key';

export function hashKey(name: 'LOOKUP_SECRET_KEY' | 'PERSONAL_DATA_KEY'): string {
  if (process.env[name]) return process.env[name]!;
  if (process.env.STAGE === 'local') return `${DEVELOPMENT_KEY}:${name}`;
  return requireEnv(name);
}

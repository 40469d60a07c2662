import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { secretMatches } from '#domain/lookup-secret';
import { hashKey, type LookupThrottle } from '../store';
import type { ServiceDeps } from './deps';

/**
 * The public status lookup: dossier code + the secret printed on the receipt. Wrong secrets are
 * counted per code; after a few, each further try must wait longer (doubling, capped), so the
 * secret cannot be guessed by brute force. A right secret resets the count.
 */
const FREE_ATTEMPTS = 5;
const MAX_WAIT_SECONDS = 3600;

export async function publicLookup(deps: ServiceDeps, code: string, secret: string): Promise<Dossier | null> {
  const { dossiers } = deps.store;
  const throttle = await notBlocked(deps, code);
  const dossier = await dossiers.findByCode(code);
  if (dossier?.code && secretMatches(dossier.code, secret, hashKey('LOOKUP_SECRET_KEY'))) {
    if (throttle) await dossiers.clearLookupThrottle(code);
    return dossier;
  }
  // Unknown codes are throttled like known ones: the answer never tells which codes exist.
  await countAttempt(deps, code, throttle);
  return null;
}

/**
 * The same limit for other public writes (feedback without a dossier code): every attempt under
 * `key` counts, and after the free ones each must wait longer. The counts expire by TTL.
 */
export async function spendPublicAttempt(deps: ServiceDeps, key: string): Promise<void> {
  await countAttempt(deps, key, await notBlocked(deps, key));
}

async function notBlocked(deps: ServiceDeps, key: string): Promise<LookupThrottle | undefined> {
  const throttle = await deps.store.dossiers.lookupThrottle(key);
  if (throttle && Date.parse(throttle.blockedUntil) > deps.now().getTime()) {
    throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many attempts (wrong secrets, or public submissions from one place); try again later', {
      retryAfter: throttle.blockedUntil,
    });
  }
  return throttle;
}

async function countAttempt(deps: ServiceDeps, key: string, throttle: LookupThrottle | undefined): Promise<void> {
  const failures = (throttle?.failures ?? 0) + 1;
  const waitSeconds = failures <= FREE_ATTEMPTS ? 0 : Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS));
  await deps.store.dossiers.recordLookupFailure(key, failures, new Date(deps.now().getTime() + waitSeconds * 1000));
}

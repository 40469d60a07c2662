import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { secretMatches } from '#domain/lookup-secret';
import { hashKey } from '../store';
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
  const now = deps.now();
  const throttle = await dossiers.lookupThrottle(code);
  if (throttle && Date.parse(throttle.blockedUntil) > now.getTime()) {
    throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many wrong secrets for this code; try again later', {
      retryAfter: throttle.blockedUntil,
    });
  }
  const dossier = await dossiers.findByCode(code);
  if (dossier?.code && secretMatches(dossier.code, secret, hashKey('LOOKUP_SECRET_KEY'))) {
    if (throttle) await dossiers.clearLookupThrottle(code);
    return dossier;
  }
  // Unknown codes are throttled like known ones: the answer never tells which codes exist.
  const failures = (throttle?.failures ?? 0) + 1;
  const waitSeconds = failures <= FREE_ATTEMPTS ? 0 : Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS));
  await dossiers.recordLookupFailure(code, failures, new Date(now.getTime() + waitSeconds * 1000));
  return null;
}

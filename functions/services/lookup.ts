import { createHmac } from 'node:crypto';
import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { secretMatches } from '#domain/lookup-secret';
import { hashKeyOf } from '../store';
import type { ServiceDeps } from './deps';

/**
 * The public status lookup: dossier code + the secret printed on the receipt.
 *
 * Every attempt is counted BEFORE the secret is checked, atomically (one ADD each), so a burst of
 * concurrent guesses cannot slip through between a read and a write:
 * - per client and code (client = a keyed hash of the source address): FREE_ATTEMPTS a day are
 *   checked at once; attempt n after them only once 2 + 4 + … + 2^(n − FREE_ATTEMPTS) seconds
 *   (each step capped at MAX_WAIT_SECONDS) have passed since the first; earlier ones are refused
 *   with TOO_MANY_ATTEMPTS and still count. Someone guessing from elsewhere never blocks the
 *   applicant: the count is theirs, not the code's.
 * - per client over all codes: CLIENT_ATTEMPTS_PER_HOUR; a right secret gives its attempt back.
 * A right secret also starts the client's count at that code over.
 */
export const FREE_ATTEMPTS = 5;
const MAX_WAIT_SECONDS = 3600;
export const CLIENT_ATTEMPTS_PER_HOUR = 30;

/**
 * The client key of a source address (keyed, so the table never holds addresses). Async: in a new
 * container the key may still be on its way from Secrets Manager, and this runs before any table read.
 */
export async function clientKeyOf(sourceAddress: string): Promise<string> {
  const key = await hashKeyOf('LOOKUP_SECRET_KEY');
  return createHmac('sha256', key).update(`client:${sourceAddress}`).digest('base64url').slice(0, 22);
}

/** Seconds after the first attempt from which attempt `n` is checked. */
export function secondsBeforeAttempt(n: number): number {
  let total = 0;
  for (let step = 1; step <= n - FREE_ATTEMPTS; step += 1) total += Math.min(MAX_WAIT_SECONDS, 2 ** step);
  return total;
}

const UNKNOWN_CLIENT = 'unknown';

/**
 * One counted attempt, then the answer. Requests: one UpdateItem (both counts, on the client's
 * item) for a refused attempt or a wrong secret; after a right secret one more round trip, the
 * dossier by code (a Query on its index) beside the UpdateItem that gives the attempt back.
 * The secret is derived from the code (domain/lookup-secret.ts), so it is checked without a read,
 * and only after the count allowed it: what is sent before the verdict is the same whatever the
 * secret, so neither the answer, its timing nor the counts tell a refused right guess from a
 * refused wrong one.
 */
export async function publicLookup(
  deps: ServiceDeps,
  code: string,
  secret: string,
  clientKey: string = UNKNOWN_CLIENT,
): Promise<Dossier | null> {
  const { dossiers } = deps.store;
  const now = deps.now();
  const hour = now.toISOString().slice(0, 13);
  const tooMany = (retryAfter: Date) =>
    new DomainError('TOO_MANY_ATTEMPTS', 'Too many attempts for this code; try again later', { retryAfter: retryAfter.toISOString() });

  const count = await dossiers.countLookupAttempt(code, clientKey, hour, CLIENT_ATTEMPTS_PER_HOUR, now);
  if (!count.counted) throw tooMany(new Date(Date.parse(`${hour}:00:00.000Z`) + 3_600_000));
  const { attempts, since } = count;
  const allowedFrom = Date.parse(since) + secondsBeforeAttempt(attempts) * 1000;
  if (allowedFrom > now.getTime()) throw tooMany(new Date(Date.parse(since) + secondsBeforeAttempt(attempts + 1) * 1000));

  // Unknown codes are counted like known ones: the answer never tells which codes exist. The key
  // is awaited, not assumed loaded by the count's write (no DynamoDB request is added: where the
  // key is known this resolves at once).
  if (!secretMatches(code, secret, await hashKeyOf('LOOKUP_SECRET_KEY'))) return null;
  const [dossier] = await Promise.all([dossiers.findByCode(code), dossiers.clearLookupAttempts(code, clientKey, hour)]);
  return dossier?.code === code ? dossier : null;
}

/**
 * Public writes (feedback, online ratings) spend the same per-client hourly budget as lookups, so
 * one client cannot flood an inbox: CLIENT_ATTEMPTS_PER_HOUR, counted atomically, expiring by TTL.
 */
export async function spendPublicAttempt(deps: ServiceDeps, clientKey: string = UNKNOWN_CLIENT): Promise<void> {
  const now = deps.now();
  const hour = now.toISOString().slice(0, 13);
  if (!(await deps.store.dossiers.countClientAttempt(clientKey, hour, CLIENT_ATTEMPTS_PER_HOUR, now))) {
    throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many public submissions from one place; try again later', {
      retryAfter: new Date(Date.parse(`${hour}:00:00.000Z`) + 3_600_000).toISOString(),
    });
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { type PortalAnswer, type PortalClient, PortalRefusedError, PortalUnavailableError } from '#portal/client';
import type { PortalDossierRequest, PortalStepsRequest } from '#portal/payloads';
import type { PortalConnection } from './portal-config';

export interface RetryPolicy {
  /** Calls per request at most (the first included). */
  attempts: number;
  /** Back-off before retry n: a random wait up to baseMs × 2^n (full jitter), at most maxMs. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 200, maxMs: 2_000 };

/**
 * The portal over HTTPS: JSON bodies, HTTP Basic credentials from the secret [U: the portal may
 * want a token from LGSP first], a time-out per call, and retries with exponential back-off and
 * jitter for what may pass (network errors, time-outs, 5xx, 429, 401/403). A 4xx with a reason is
 * a refusal, not retried here: the message's own retries, then the DLQ, carry it.
 */
export function httpPortalClient(connection: () => Promise<PortalConnection>, retry: RetryPolicy = DEFAULT_RETRY): PortalClient {
  const call = async (path: 'dossierPath' | 'stepsPath', body: PortalDossierRequest | PortalStepsRequest): Promise<PortalAnswer> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await callOnce(await connection(), path, body);
      } catch (error) {
        if (!(error instanceof PortalUnavailableError) || attempt + 1 >= retry.attempts) throw error;
        await sleep(Math.random() * Math.min(retry.maxMs, retry.baseMs * 2 ** attempt));
      }
    }
  };
  return {
    sendDossier: (request) => call('dossierPath', request),
    sendSteps: (request) => call('stepsPath', request),
  };
}

async function callOnce(
  connection: PortalConnection,
  path: 'dossierPath' | 'stepsPath',
  body: PortalDossierRequest | PortalStepsRequest,
): Promise<PortalAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL(connection[path], connection.endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: connection.authorization },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
  } catch (error) {
    // Refused connections, resets, DNS, and our own time-out: the portal may be back soon.
    const what = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${connection.timeoutMs} ms` : 'no connection';
    throw new PortalUnavailableError(`The portal could not be reached: ${what}`, undefined, { cause: error });
  }
  const answer = ((await response.json().catch(() => undefined)) ?? {}) as Record<string, unknown>;
  const reason = typeof answer.message === 'string' ? answer.message : response.statusText;
  if (response.ok) {
    const status = answer.status;
    return status === 'DUPLICATE' || status === 'STALE' ? status : 'OK';
  }
  if (response.status >= 500 || response.status === 429 || response.status === 401 || response.status === 403 || response.status === 408) {
    throw new PortalUnavailableError(`The portal answered ${response.status}: ${reason}`, response.status);
  }
  throw new PortalRefusedError(response.status, reason);
}

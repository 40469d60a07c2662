import type { IntakeOutcome } from '#domain/online/filing';
import { PortalUnavailableError } from '#portal/client';

/**
 * How inbound items reach the province: ONE interface, two transports.
 * - Pull (built): a scheduled Lambda asks the portal for the items it has not acknowledged yet
 *   (`GET /api/inbound`), takes them, and acknowledges each with its outcome (`POST /api/inbound/ack`).
 * - Push (possible later): an HTTP route the portal calls with the same items; its handler calls
 *   the same `online.take` per item and answers the outcomes in its response instead of an ack call.
 */
export interface PortalInbound {
  /** Items the portal holds for the province and has not seen acknowledged, oldest first. */
  pending(limit: number): Promise<unknown[]>;
  acknowledge(outcomes: readonly IntakeOutcome[]): Promise<void>;
}

/** Where the portal is and the Authorization header to send: the sync's connection (one secret for both directions). */
export interface PortalEndpoint {
  endpoint: string;
  authorization: string;
  /** Per call; the scheduled run retries at its next tick. */
  timeoutMs?: number;
}

/** Calls the portal's JSON API with the province's credentials (from Secrets Manager on AWS). */
export async function portalCall(endpoint: PortalEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint.endpoint), {
      method,
      headers: { authorization: endpoint.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new PortalUnavailableError(`${method} ${path}: no answer from the portal`, undefined, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new PortalUnavailableError(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`, response.status);
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch (error) {
    throw new PortalUnavailableError(`${method} ${path}: the answer is not JSON`, response.status, { cause: error });
  }
}

/** The pull transport over HTTP. */
export function httpPortalInbound(endpoint: PortalEndpoint): PortalInbound {
  return {
    async pending(limit) {
      const answer = (await portalCall(endpoint, 'GET', `/api/inbound?limit=${limit}`)) as { items?: unknown } | undefined;
      if (!Array.isArray(answer?.items)) throw new PortalUnavailableError('GET /api/inbound: no item list in the answer');
      return answer.items;
    },
    async acknowledge(outcomes) {
      if (outcomes.length === 0) return;
      await portalCall(endpoint, 'POST', '/api/inbound/ack', {
        results: outcomes.map((outcome) =>
          outcome.outcome === 'REJECTED'
            ? { id: outcome.id, outcome: outcome.outcome, code: outcome.code, message: outcome.message }
            : { id: outcome.id, outcome: outcome.outcome },
        ),
      });
    },
  };
}

import type { IntakeOutcome } from '#domain/online/filing';

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

export interface PortalEndpoint {
  baseUrl: string;
  username: string;
  password: string;
  /** Per call; the scheduled run retries at its next tick. */
  timeoutMs?: number;
}

export class PortalUnavailableError extends Error {
  readonly code = 'PORTAL_UNAVAILABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PortalUnavailableError';
  }
}

/** Calls the portal's JSON API with HTTP Basic credentials (from Secrets Manager on AWS). */
export async function portalCall(endpoint: PortalEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const auth = Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64');
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint.baseUrl), {
      method,
      headers: { authorization: `Basic ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new PortalUnavailableError(`${method} ${path}: no answer from the portal`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new PortalUnavailableError(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch (error) {
    throw new PortalUnavailableError(`${method} ${path}: the answer is not JSON`, { cause: error });
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

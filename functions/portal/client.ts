import type { PortalDossierRequest, PortalStepsRequest } from './payloads';

/**
 * How the portal answered a call it took: OK; DUPLICATE (it had this already: a resend after a
 * lost acknowledgement, or a duplicated acknowledgement); STALE (it holds a newer version).
 * Failures are thrown: PortalUnavailableError (retry) or PortalRefusedError (the portal's reason).
 */
export type PortalAnswer = 'OK' | 'DUPLICATE' | 'STALE';

/** The portal as the sync use case needs it; the HTTPS adapter is functions/portal-sync/portal-client.ts. */
export interface PortalClient {
  sendDossier(request: PortalDossierRequest): Promise<PortalAnswer>;
  sendSteps(request: PortalStepsRequest): Promise<PortalAnswer>;
}

/** The portal could not be reached or answered 5xx, 429 or 401/403 (retried, then the message is retried). */
export class PortalUnavailableError extends Error {
  readonly code = 'PORTAL_UNAVAILABLE';
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PortalUnavailableError';
  }
}

/** The portal refused the call with a reason (4xx): resending the same data will not help. */
export class PortalRefusedError extends Error {
  readonly code = 'PORTAL_REFUSED';
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`The portal refused the call (${status}): ${reason}`);
    this.name = 'PortalRefusedError';
  }
}

/** The stack has no portal endpoint or credentials yet (the province has not filled the secret). */
export class PortalNotConfiguredError extends Error {
  readonly code = 'PORTAL_NOT_CONFIGURED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PortalNotConfiguredError';
  }
}

/** Our own mapping produced something off the contract: nothing was sent; a fix of the mapping (or the data) is needed. */
export class OffContractError extends Error {
  readonly code = 'PORTAL_OFF_CONTRACT';
  constructor(readonly problems: string[]) {
    super(`Not sent: the payload is off the portal contract: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'OffContractError';
  }
}

export const portalErrorCode = (error: unknown): string =>
  error instanceof PortalUnavailableError ||
  error instanceof PortalRefusedError ||
  error instanceof PortalNotConfiguredError ||
  error instanceof OffContractError
    ? error.code
    : typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'UNEXPECTED';

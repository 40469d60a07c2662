import { portalConnectionFromEnvironment } from '#portal-sync/portal-config';
import type { PortalEndpoint } from './client';

/**
 * The portal's endpoint and credentials for the inbound calls: the same secret as the sync
 * (PORTAL_SECRET_ARN on AWS; PORTAL_ENDPOINT, PORTAL_USERNAME, PORTAL_PASSWORD locally), read
 * and cached by the sync's reader, so a rotated secret reaches both directions alike.
 */
const connection = portalConnectionFromEnvironment();

export async function portalEndpoint(): Promise<PortalEndpoint> {
  const { endpoint, authorization, timeoutMs } = await connection();
  return { endpoint, authorization, timeoutMs };
}

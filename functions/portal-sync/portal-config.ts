import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PortalNotConfiguredError } from '#portal/client';

/** What the sender needs to call the portal, read from the province's secret. */
export interface PortalConnection {
  endpoint: string;
  authorization: string;
  dossierPath: string;
  stepsPath: string;
  timeoutMs: number;
}

/**
 * The secret's JSON (README "National portal (DVCQG)"): endpoint, username and password are the
 * province's to fill; the paths and the time-out have defaults [U: the paths are those seen in
 * production integrations].
 */
export interface PortalSecret {
  endpoint: string;
  username: string;
  password: string;
  dossierPath?: string;
  stepsPath?: string;
  timeoutMs?: number;
}

const DEFAULTS = { dossierPath: '/api/DongBoHoSoMC', stepsPath: '/api/CapNhatTienDoHoSoMC', timeoutMs: 10_000 };
/** A rotated secret is picked up within this long, without a cold start. */
const CACHE_MS = 5 * 60_000;

/**
 * On AWS the secret named by PORTAL_SECRET_ARN; locally (no ARN) PORTAL_ENDPOINT, PORTAL_USERNAME
 * and PORTAL_PASSWORD (and PORTAL_TIMEOUT_MS), which the local platform sets to its emulator's. Never logged.
 */
export function portalConnectionFromEnvironment(secrets: () => SecretsManagerClient = () => new SecretsManagerClient({})) {
  let cached: { at: number; connection: Promise<PortalConnection> } | undefined;
  return (): Promise<PortalConnection> => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.connection;
    const connection = readConnection(secrets);
    cached = { at: Date.now(), connection };
    // A failed read is not kept: the next message tries again.
    connection.catch(() => (cached = undefined));
    return connection;
  };
}

async function readConnection(secrets: () => SecretsManagerClient): Promise<PortalConnection> {
  const arn = process.env.PORTAL_SECRET_ARN;
  if (!arn) {
    return connectionOf({
      endpoint: process.env.PORTAL_ENDPOINT ?? '',
      username: process.env.PORTAL_USERNAME ?? '',
      password: process.env.PORTAL_PASSWORD ?? '',
      ...(process.env.PORTAL_TIMEOUT_MS ? { timeoutMs: Number(process.env.PORTAL_TIMEOUT_MS) } : {}),
    });
  }
  const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: arn }));
  let secret: unknown;
  try {
    secret = JSON.parse(SecretString ?? '');
  } catch (error) {
    throw new PortalNotConfiguredError('The portal secret is not JSON (see the README for its shape)', { cause: error });
  }
  return connectionOf(secret as PortalSecret);
}

export function connectionOf(secret: PortalSecret): PortalConnection {
  const { endpoint, username, password } = secret;
  if (!endpoint || !username || !password) {
    throw new PortalNotConfiguredError('The portal secret needs endpoint, username and password (see the README)');
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new PortalNotConfiguredError('The portal endpoint is not a URL', { cause: error });
  }
  return {
    endpoint: url.href,
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    dossierPath: secret.dossierPath ?? DEFAULTS.dossierPath,
    stepsPath: secret.stepsPath ?? DEFAULTS.stepsPath,
    timeoutMs: secret.timeoutMs ?? DEFAULTS.timeoutMs,
  };
}

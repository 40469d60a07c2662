import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../services';
import type { PortalEndpoint } from './client';

/**
 * Where the portal is and how to sign in: on AWS a Secrets Manager secret (its ARN in
 * PORTAL_SECRET_ARN) holding `{ "baseUrl", "username", "password" }`, read once per cold start;
 * nothing of it is in code or in the stack. Locally (STAGE=local) the platform sets PORTAL_URL,
 * PORTAL_USERNAME and PORTAL_PASSWORD to its emulator's.
 */
let cached: PortalEndpoint | undefined;

export async function portalEndpoint(): Promise<PortalEndpoint> {
  if (cached) return cached;
  const arn = process.env.PORTAL_SECRET_ARN;
  if (arn) {
    const client = new SecretsManagerClient({});
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      cached = parseEndpoint(SecretString);
    } finally {
      client.destroy();
    }
    return cached;
  }
  const { PORTAL_URL: baseUrl, PORTAL_USERNAME: username, PORTAL_PASSWORD: password } = process.env;
  if (process.env.STAGE === 'local' && baseUrl && username && password) return { baseUrl, username, password };
  throw new ConfigurationError('No portal endpoint: PORTAL_SECRET_ARN is not set');
}

function parseEndpoint(secret: string | undefined): PortalEndpoint {
  let value: Record<string, unknown> = {};
  try {
    value = JSON.parse(secret ?? '') as Record<string, unknown>;
  } catch {
    // Reported below without the secret's content.
  }
  const { baseUrl, username, password } = value;
  if (typeof baseUrl !== 'string' || typeof username !== 'string' || typeof password !== 'string')
    throw new ConfigurationError('The portal secret must be JSON with baseUrl, username and password');
  return { baseUrl, username, password };
}

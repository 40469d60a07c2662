import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (infra/lambda-build.ts,
 * ALIASES). Lambda always hands the function role's credentials over in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the rest of the default chain (SSO, ini files,
 * login, process, container/instance metadata, and the STS/SSO-OIDC clients they carry: ~107 KB
 * per bundle) never answers there. Local runs and tests use tsx, not the bundle, and keep the full
 * chain; whoever runs a *bundle* elsewhere must put credentials in the environment.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => {
  const provider = fromEnv(init);
  let credentials: Promise<AwsCredentialIdentity> | undefined;
  return (): Promise<AwsCredentialIdentity> => {
    // The environment does not change within a container; a failure is not kept, so it is retried.
    credentials ??= provider().catch((error: unknown) => {
      credentials = undefined;
      throw error;
    });
    return credentials;
  };
};

export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;

import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';

/** What the API's JWT authorizer trusts: an issuer URL and the accepted `aud` / `client_id` values. */
export interface JwtTrust {
  issuer: string;
  audience: string[];
}

/**
 * The officers' identity provider. By default a Cognito user pool of this province with one
 * public app client (the web front end, SRP sign-in, no secret). Officers are created by the
 * province's administrators, never by self sign-up. A later issue puts `agency` and `roles`
 * into the tokens (pre-token-generation trigger); the authorizer only checks issuer and audience.
 *
 * A province that already runs an identity provider (e.g. a provincial SSO) passes
 * `-c jwtIssuer=... -c jwtAudience=...` and no pool is created.
 */
export class OfficerIdentity extends Construct {
  readonly trust: JwtTrust;
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;

  constructor(scope: Construct, id: string, config: ProvinceConfig) {
    super(scope, id);
    if (config.jwt) {
      this.trust = config.jwt;
      return;
    }
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `lienthong-${config.provinceCode}-${config.stage}-officers`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      featurePlan: FeaturePlan.ESSENTIALS,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // Officer accounts outlive any one deployment of the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    this.trust = {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: [this.client.userPoolClientId],
    };
  }
}

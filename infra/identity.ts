import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolClientOptions,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { acknowledgeNag } from './nag';
import { ProvinceFunction } from './province-function';

/** What the API's JWT authorizer trusts: an issuer URL and the accepted `aud` / `client_id` values. */
export interface JwtTrust {
  issuer: string;
  audience: string[];
}

/**
 * The officers' identity provider. By default a Cognito user pool of this province with one
 * public app client (the web front end, SRP sign-in, no secret). Officers are created by the
 * province's administrators, never by self sign-up, and must use an authenticator app (TOTP).
 *
 * The officer's agency and roles are the custom attributes `custom:agency` and `custom:roles`
 * (space-separated), set by administrators (AdminUpdateUserAttributes) and neither writable nor
 * changeable through the app client. A pre-token-generation trigger (event version 2, so access
 * tokens too; functions/pre-token) validates them and puts them into the claims `agency` and
 * `roles` the GraphQL Lambda reads. The authorizer checks issuer and audience only.
 *
 * A province that already runs an identity provider (e.g. a provincial SSO) passes
 * `-c jwtIssuer=... -c jwtAudience=...` and no pool is created.
 */
export class OfficerIdentity extends Construct {
  readonly trust: JwtTrust;
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;
  readonly preTokenFunction?: ProvinceFunction;

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
      // Officers open citizens' dossiers: a password alone is not enough. TOTP only: SMS costs
      // per message and is the weaker factor.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // `06`, `06.063`, `06.063.01840`.
        agency: new StringAttribute({ mutable: true, minLen: 2, maxLen: 16 }),
        // Space-separated role names (functions/domain/actions.ts ROLES).
        roles: new StringAttribute({ mutable: true, minLen: 0, maxLen: 256 }),
      },
      deletionProtection: true,
      // Officer accounts outlive any one deployment of the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      this.userPool,
      'COG8',
      'Threat protection needs the Cognito Plus feature plan (billed per monthly active user): a cost decision for each province; MFA is required regardless',
    );
    this.preTokenFunction = new ProvinceFunction(this, 'PreTokenFunction', {
      handler: 'pre-token',
      config,
      description: 'Cognito pre-token-generation trigger: agency and roles claims',
      memorySize: 256,
      timeout: Duration.seconds(5),
      reservedConcurrency: config.security.concurrency.preToken,
      invokedBy: 'cognito',
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenFunction, LambdaVersion.V2_0);
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // The officer may read their agency and roles but write nothing that grants access.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, preferredUsername: true })
        .withCustomAttributes('agency', 'roles'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
      authFlows: { userSrp: true },
      // Explicit, never CDK's defaults (implicit and code grants, every scope, example.com).
      ...oauthSettings(config),
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

/**
 * The web client signs in with SRP and needs no OAuth: unless the province configures the hosted
 * UI (identity.oauth in infra/provinces/<NN>.json), OAuth is off. When on: the authorization-code
 * grant only (no implicit grant: tokens never travel in a URL), the configured scopes and URLs.
 */
function oauthSettings(config: ProvinceConfig): Pick<UserPoolClientOptions, 'disableOAuth' | 'oAuth'> {
  const { oauth } = config.security;
  if (!oauth.enabled) return { disableOAuth: true };
  return {
    disableOAuth: false,
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
      scopes: oauth.scopes.map((scope) => OAuthScope.custom(scope)),
      callbackUrls: oauth.callbackUrls,
      logoutUrls: oauth.logoutUrls,
    },
  };
}

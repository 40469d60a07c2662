import { ProvinceConfigError } from './config-error';
import { TRANSFER_CONSUMER_EVENT_SOURCE } from './transfer-consumer-mapping';

/**
 * The province's isolation and identity settings (issue 13), from the `limits`, `waf` and
 * `identity` sections of infra/provinces/<NN>.json, some also from context. Every value has a
 * default a small province can deploy with; a province with an account concurrency limit other
 * than 1,000 must say so (`limits.accountConcurrency`), or the reservations may not fit.
 */
export interface SecuritySettings {
  /** Reserved concurrency of each function: its cap, and its guaranteed share of the account. */
  concurrency: FunctionConcurrency;
  /** The account's Lambda concurrency limit (AWS default 1,000); 100 must stay unreserved. */
  accountConcurrency: number;
  /** API Gateway throttle of the whole stage and, tighter, of the anonymous `POST /public/graphql`. */
  stageThrottle: Throttle;
  publicRouteThrottle: Throttle;
  /** How long function and access logs are kept (days; a CloudWatch Logs retention value). */
  logRetentionDays: number;
  waf: WafSettings;
  oauth: OAuthSettings;
}

export interface FunctionConcurrency {
  graphql: number;
  print: number;
  relay: number;
  transferConsumer: number;
  preToken: number;
  seed: number;
  redrive: number;
  portalSync: number;
  portalIntake: number;
  reconcile: number;
  filesSweeper: number;
  projector: number;
}

export interface Throttle {
  /** Requests per second, steady. */
  rateLimit: number;
  /** Requests at once above the rate. */
  burstLimit: number;
}

/** AWS WAF in front of the API (through CloudFront, see infra/edge-waf.ts); off by default. */
export interface WafSettings {
  /** Builds the web ACL's own stack (us-east-1) in the app. */
  enabled: boolean;
  /** The deployed web ACL (that stack's output): puts CloudFront with it in front of the API. */
  webAclArn?: string;
  /** Requests per client IP per 5 minutes before WAF blocks it (rate-based rule). */
  rateLimitPer5Minutes: number;
}

/**
 * The Cognito app client's OAuth (hosted UI / authorization-code) settings. Disabled unless the
 * province's front end uses the hosted UI: the web client signs in with SRP and needs none.
 */
export type OAuthSettings =
  | { enabled: false }
  | { enabled: true; callbackUrls: string[]; logoutUrls: string[]; scopes: OAuthScopeName[]; flows: ['code'] };

export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'] as const;
export type OAuthScopeName = (typeof OAUTH_SCOPES)[number];

export const DEFAULT_CONCURRENCY: FunctionConcurrency = {
  // Apollo answers in tens of milliseconds: 100 at once is some 2,000 requests a second, ten times
  // the stage throttle, and leaves the rest of the account to the other functions.
  graphql: 100,
  print: 20,
  // One stream reader per shard: a province table has a few shards.
  relay: 10,
  // Throttled SQS deliveries count as receives (five of them dead-letter a handoff): above the
  // mapping's own maxConcurrency (5) with room for several agencies' bursts at once.
  transferConsumer: 50,
  preToken: 10,
  seed: 1,
  redrive: 2,
  // [U] The portal's rate limit: the sender mapping's maxConcurrency (5), as for the agency queues.
  portalSync: 5,
  // One pull at a time: a second would take the same items (the schedule runs every two minutes).
  portalIntake: 1,
  reconcile: 1,
  // One sweep at a time (hourly).
  filesSweeper: 1,
  // The stream's second reader, like the relay: one per shard.
  projector: 10,
};

export const DEFAULT_STAGE_THROTTLE: Throttle = { rateLimit: 200, burstLimit: 400 };
export const DEFAULT_PUBLIC_ROUTE_THROTTLE: Throttle = { rateLimit: 20, burstLimit: 40 };
export const DEFAULT_LOG_RETENTION_DAYS = 90;
export const DEFAULT_WAF_RATE_LIMIT = 1000;
/** The smallest reservation of the SQS consumer: one mapping's maxConcurrency (agency-queues.ts). */
export const MIN_CONSUMER_CONCURRENCY = TRANSFER_CONSUMER_EVENT_SOURCE.maxConcurrency;
/** Lambda keeps this much of the account's concurrency unreserved. */
export const UNRESERVED_MINIMUM = 100;

const WEB_ACL_ARN = /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[a-f0-9-]{36}$/;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The sections of infra/provinces/<NN>.json read here. */
export interface SecurityFileSections {
  limits?: unknown;
  waf?: unknown;
  identity?: unknown;
}

type ContextReader = (key: string) => unknown;

export function readSecuritySettings(context: ContextReader, file: SecurityFileSections, where: string): SecuritySettings {
  const limits = objectOrEmpty(file.limits, `${where}: limits`);
  const fileConcurrency = objectOrEmpty(limits.concurrency, `${where}: limits.concurrency`);
  const concurrency = { ...DEFAULT_CONCURRENCY };
  for (const name of Object.keys(concurrency) as (keyof FunctionConcurrency)[]) {
    const fromContext = context(`${name}Concurrency`);
    const value = fromContext ?? fileConcurrency[name];
    if (value !== undefined)
      concurrency[name] = integer(value, `concurrency of ${name} (-c ${name}Concurrency or limits.concurrency.${name})`, 1, 1000);
  }
  const accountConcurrency = integerOr(
    context('accountConcurrency') ?? limits.accountConcurrency,
    1000,
    'accountConcurrency',
    10,
    1_000_000,
  );
  const reserved = Object.values(concurrency).reduce((sum, n) => sum + n, 0);
  if (reserved > accountConcurrency - UNRESERVED_MINIMUM) {
    throw new ProvinceConfigError(
      'CONCURRENCY_OVER_ACCOUNT_LIMIT',
      `the functions reserve ${reserved} concurrent executions, but the account allows ${accountConcurrency} and Lambda keeps ${UNRESERVED_MINIMUM} unreserved: lower limits.concurrency or raise the account's limit (limits.accountConcurrency)`,
    );
  }
  if (concurrency.transferConsumer < MIN_CONSUMER_CONCURRENCY) {
    throw new ProvinceConfigError(
      'CONSUMER_CONCURRENCY_TOO_LOW',
      `transferConsumer concurrency ${concurrency.transferConsumer} is below one queue mapping's ${MIN_CONSUMER_CONCURRENCY}: throttled deliveries would dead-letter handoffs`,
    );
  }
  const stageThrottle = throttle(limits.stageThrottle, DEFAULT_STAGE_THROTTLE, `${where}: limits.stageThrottle`);
  const publicRouteThrottle = throttle(
    context('publicRateLimit') !== undefined
      ? { rateLimit: context('publicRateLimit'), burstLimit: context('publicBurstLimit') }
      : limits.publicRouteThrottle,
    DEFAULT_PUBLIC_ROUTE_THROTTLE,
    `${where}: limits.publicRouteThrottle`,
  );
  if (publicRouteThrottle.rateLimit > stageThrottle.rateLimit || publicRouteThrottle.burstLimit > stageThrottle.burstLimit) {
    throw new ProvinceConfigError('PUBLIC_THROTTLE_ABOVE_STAGE', 'the public route throttle must not exceed the stage throttle');
  }
  const logRetentionDays = integerOr(
    context('logRetentionDays') ?? limits.logRetentionDays,
    DEFAULT_LOG_RETENTION_DAYS,
    'logRetentionDays',
    1,
    3653,
  );
  if (!LOG_RETENTION_VALUES.includes(logRetentionDays)) {
    throw new ProvinceConfigError(
      'INVALID_LOG_RETENTION',
      `logRetentionDays ${logRetentionDays} must be one of ${LOG_RETENTION_VALUES.join(', ')}`,
    );
  }
  return {
    concurrency,
    accountConcurrency,
    stageThrottle,
    publicRouteThrottle,
    logRetentionDays,
    waf: readWaf(context, file.waf, where),
    oauth: readOAuth(jsonContext(context('oauth')) ?? objectOrEmpty(file.identity, `${where}: identity`).oauth, where),
  };
}

function readWaf(context: ContextReader, section: unknown, where: string): WafSettings {
  const waf = objectOrEmpty(section, `${where}: waf`);
  const flag = context('waf') ?? waf.enabled;
  const enabled = flag === true || flag === 'true' || flag === 'on';
  if (flag !== undefined && !enabled && flag !== false && flag !== 'false' && flag !== 'off') {
    throw new ProvinceConfigError('INVALID_WAF', `waf must be on/off (true/false), not ${JSON.stringify(flag)}`);
  }
  const rateLimitPer5Minutes = integerOr(waf.rateLimitPer5Minutes, DEFAULT_WAF_RATE_LIMIT, 'waf.rateLimitPer5Minutes', 10, 2_000_000_000);
  const webAclArn = context('wafWebAclArn') ?? waf.webAclArn;
  if (webAclArn === undefined || webAclArn === null || webAclArn === '') return { enabled, rateLimitPer5Minutes };
  if (typeof webAclArn !== 'string' || !WEB_ACL_ARN.test(webAclArn)) {
    throw new ProvinceConfigError(
      'INVALID_WAF',
      `waf.webAclArn must be a CloudFront-scope web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), the WebAclArn output of the -Waf stack`,
    );
  }
  return { enabled, rateLimitPer5Minutes, webAclArn };
}

function readOAuth(section: unknown, where: string): OAuthSettings {
  if (section === undefined || section === null || section === false) return { enabled: false };
  const oauth = objectOrEmpty(section, `${where}: identity.oauth`);
  const urls = (value: unknown, name: string): string[] => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((u) => typeof u === 'string' && /^https:\/\/[^\s]+$/.test(u))) {
      throw new ProvinceConfigError('INVALID_OAUTH', `${where}: identity.oauth.${name} must be a non-empty list of https:// URLs`);
    }
    return value as string[];
  };
  const scopes = oauth.scopes ?? ['openid', 'email', 'profile'];
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => (OAUTH_SCOPES as readonly unknown[]).includes(s))) {
    throw new ProvinceConfigError('INVALID_OAUTH', `${where}: identity.oauth.scopes must be some of ${OAUTH_SCOPES.join(', ')}`);
  }
  return {
    enabled: true,
    callbackUrls: urls(oauth.callbackUrls, 'callbackUrls'),
    logoutUrls: urls(oauth.logoutUrls, 'logoutUrls'),
    scopes,
    flows: ['code'],
  };
}

/** `-c oauth='{"callbackUrls":[...]}'` arrives as a string; tests and cdk.json give the object. */
function jsonContext(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new ProvinceConfigError('INVALID_OAUTH', `-c oauth must be JSON: ${(error as Error).message}`);
  }
}

function throttle(value: unknown, fallback: Throttle, where: string): Throttle {
  if (value === undefined) return fallback;
  const t = objectOrEmpty(value, where);
  return {
    rateLimit: integerOr(t.rateLimit, fallback.rateLimit, `${where}.rateLimit`, 1, 10_000),
    burstLimit: integerOr(t.burstLimit, fallback.burstLimit, `${where}.burstLimit`, 1, 5_000),
  };
}

function objectOrEmpty(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ProvinceConfigError('INVALID_PROVINCE_FILE', `${where} must be an object`);
  return value as Record<string, unknown>;
}

function integerOr(value: unknown, fallback: number, what: string, min: number, max: number): number {
  return value === undefined || value === null || value === '' ? fallback : integer(value, what, min, max);
}

function integer(value: unknown, what: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ProvinceConfigError('INVALID_LIMIT', `${what} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

import dns from 'node:dns';

/** The region the emulators pretend to be in: the one the province stacks deploy to. */
export const LOCAL_REGION = 'ap-southeast-1';

/** The emulators accept any credentials; the SDK still wants some to sign with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface HandlerEnvironment {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queueNamePrefix: string;
  provinceCode: string;
}

/** The dossier files bucket (issue 11) beside a table's queues: the SQS emulator serves S3 too. */
export const filesBucketName = (queueNamePrefix: string): string => `${queueNamePrefix}files`.toLowerCase();

/**
 * The environment every Lambda handler reads (the same variables CDK sets on AWS), plus the SDK's
 * own endpoint variables that point its default clients at the emulators.
 */
function handlerEnvironment(env: HandlerEnvironment): Record<string, string> {
  return {
    TABLE_NAME: env.tableName,
    QUEUE_NAME_PREFIX: env.queueNamePrefix,
    PROVINCE_CODE: env.provinceCode,
    STAGE: 'local',
    POWERTOOLS_SERVICE_NAME: 'lienthong',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    AWS_ENDPOINT_URL_DYNAMODB: env.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: env.sqsEndpoint,
    // fauxqs answers S3 on the same port; path-style, on 127.0.0.1, so presigned URLs work from any program.
    AWS_ENDPOINT_URL_S3: loopbackUrl(env.sqsEndpoint),
    S3_FORCE_PATH_STYLE: 'true',
    FILES_BUCKET: filesBucketName(env.queueNamePrefix),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

/** Must run before the handlers are imported: they build their SDK clients from it at load time. */
export function applyHandlerEnvironment(env: HandlerEnvironment): void {
  Object.assign(process.env, handlerEnvironment(env));
  resolveLocalhostSubdomains();
}

let resolving = false;

/**
 * Resolves `*.localhost` to 127.0.0.1 in this process, as RFC 6761 intends and glibc does not. The
 * SQS emulator's queue URLs live under `sqs.<region>.localhost`; every process that talks to it
 * (the platform, each test worker) needs this, so it stays here rather than in the emulator.
 */
export function resolveLocalhostSubdomains(): void {
  if (resolving) return;
  resolving = true;
  const original = dns.lookup;
  const patched = (hostname: string, ...rest: unknown[]) => {
    if (!hostname.endsWith('.localhost')) return Reflect.apply(original, dns, [hostname, ...rest]);
    const callback = rest.at(-1) as (error: null, ...result: unknown[]) => void;
    const options = rest.length > 1 ? (rest[0] as dns.LookupOptions | number) : undefined;
    if (typeof options === 'object' && options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  dns.lookup = patched as typeof dns.lookup;
}

/**
 * The same URL with a `*.localhost` host replaced by 127.0.0.1. The SQS emulator's queue URLs name
 * `sqs.<region>.localhost`, which this process resolves (above) but glibc, the AWS CLI and most
 * programs do not; the emulator finds a queue by the name in the URL's path whatever its host, so
 * this form works from any program on the machine. Other URLs come back unchanged.
 */
export function loopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.hostname.endsWith('.localhost')) return url;
  parsed.hostname = '127.0.0.1';
  return parsed.pathname === '/' ? parsed.origin : parsed.href;
}

import { formatUrl } from '@aws-sdk/core/util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, HttpRequest, QueryParameterBag } from '@smithy/types';

/**
 * A signed AWS request over fetch(): the one place where a function calls an AWS API without the
 * service's SDK client. Those clients ship their whole service model (the Lambda client ~114 KB,
 * S3 ~140 KB with its middleware), and Lambda downloads every byte of the zip at a cold start
 * (issue 14). Signing, credentials, SHA-256 and URL formatting are the SDK's own parts
 * (@smithy/signature-v4, the default credential chain, @smithy/core, @aws-sdk/core), which the
 * DynamoDB client already puts in every bundle's init chunk; what each adapter adds is the
 * request's shape for its few operations, proven equal to the SDK's by equivalence tests.
 */

export interface AwsRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Already escaped as the service expects it on the wire (and in the signature). */
  path: string;
  query?: QueryParameterBag;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface AwsEndpoint {
  protocol: string;
  hostname: string;
  port?: number;
  /** Leading path (an emulator's bucket-in-path); empty for a service's own host. */
  basePath: string;
}

export interface SignerOptions {
  /** The signing name: `lambda`, `s3`. */
  service: string;
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  /** S3 signs the path as sent; every other service escapes it once more (SigV4's canonical URI). */
  uriEscapePath?: boolean;
  /** Tests fix the clock; AWS refuses a signature more than 5 minutes off. */
  now?: () => Date;
}

/** An AWS API answered with an error status: `code` is the service's error code when it sent one. */
export class AwsRequestError extends Error {
  readonly code = 'AWS_REQUEST_FAILED';
  constructor(
    message: string,
    readonly status: number,
    readonly awsCode: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AwsRequestError';
  }
}

/** The endpoint a service's SDK client would use: `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` locally, else AWS's. */
export function serviceEndpoint(envName: string, defaultHost: string, env: NodeJS.ProcessEnv = process.env): AwsEndpoint {
  const configured = env[`AWS_ENDPOINT_URL_${envName}`] ?? env.AWS_ENDPOINT_URL;
  if (!configured) return { protocol: 'https:', hostname: defaultHost, basePath: '' };
  const url = new URL(configured);
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    basePath: url.pathname.replace(/\/$/, ''),
  };
}

/** The region every SDK client reads (Lambda sets AWS_REGION). */
export const regionFromEnvironment = (env: NodeJS.ProcessEnv = process.env): string =>
  env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';

/** The SDK's standard retry mode: 3 attempts; throttles and server errors are worth another. */
const MAX_ATTEMPTS = 3;
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));

let sharedCredentials: AwsCredentialIdentityProvider | undefined;

/** The SDK's default chain, one per process as each SDK client holds one (in a Lambda bundle: the environment-only stub, ALIASES). */
function defaultCredentials(): AwsCredentialIdentityProvider {
  sharedCredentials ??= defaultProvider();
  return sharedCredentials;
}

export function awsSigner(options: SignerOptions) {
  const credentials = options.credentials ?? defaultCredentials();
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials,
    sha256: Sha256,
    uriEscapePath: options.uriEscapePath ?? true,
  });
  const now = options.now ?? (() => new Date());

  const toHttpRequest = (endpoint: AwsEndpoint, request: AwsRequest): HttpRequest => {
    const headers: Record<string, string> = { ...request.headers };
    // The SDK's content-length and host middleware run before signing; both headers are signed.
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    headers.host = endpoint.port ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname;
    return {
      method: request.method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: endpoint.port } : {}),
      path: `${endpoint.basePath}${request.path}`,
      query: request.query ?? {},
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
  };

  return {
    /** The signed request, as the SDK would hand it to its HTTP handler. */
    sign: (endpoint: AwsEndpoint, request: AwsRequest): Promise<HttpRequest> =>
      signer.sign(toHttpRequest(endpoint, request), { signingDate: now() }) as Promise<HttpRequest>,

    /** A presigned URL (query-string signature) for the request. */
    async presign(
      endpoint: AwsEndpoint,
      request: AwsRequest,
      presign: { expiresIn: number; signableHeaders?: Set<string>; unsignableHeaders?: Set<string> },
    ): Promise<string> {
      const signed = await signer.presign(toHttpRequest(endpoint, request), { signingDate: now(), ...presign });
      return formatUrl(signed);
    },

    /**
     * Signs and sends; an error status becomes AwsRequestError with the service's error code. Like
     * the SDK's standard retry, a network failure, a throttle (429) or a 5xx is tried again (3
     * attempts in all, jittered exponential back-off), signed afresh each time.
     */
    async send(
      endpoint: AwsEndpoint,
      request: AwsRequest,
      errorCodeOf: (status: number, body: string, headers: Headers) => string | undefined,
    ) {
      const what = `${options.service} ${request.method} ${request.path}`;
      for (let attempt = 1; ; attempt += 1) {
        const signed = await signer.sign(toHttpRequest(endpoint, request), { signingDate: now() });
        const { host: _host, 'content-length': _length, ...headers } = signed.headers;
        const url = formatUrl({ ...signed, headers: {} } as HttpRequest);
        let response: Response;
        try {
          response = await fetch(url, { method: signed.method, headers, ...(signed.body !== undefined ? { body: signed.body } : {}) });
        } catch (error) {
          if (attempt < MAX_ATTEMPTS) {
            await backOff(attempt);
            continue;
          }
          throw new AwsRequestError(`${what}: no answer`, 0, undefined, { cause: error });
        }
        if (response.ok) return response;
        const text = request.method === 'HEAD' ? '' : await response.text().catch(() => '');
        if (RETRIED_STATUSES.has(response.status) && attempt < MAX_ATTEMPTS) {
          await backOff(attempt);
          continue;
        }
        const awsCode = errorCodeOf(response.status, text, response.headers);
        throw new AwsRequestError(`${what} answered ${response.status}${awsCode ? ` ${awsCode}` : ''}`, response.status, awsCode);
      }
    },
  };
}

export type AwsSigner = ReturnType<typeof awsSigner>;

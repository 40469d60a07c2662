import { crc32 } from 'node:zlib';
import { parseXML } from '@aws-sdk/xml-builder';
import { escapeUri } from '@smithy/core/protocols';
import type { QueryParameterBag } from '@smithy/types';
import {
  type AwsEndpoint,
  type AwsRequest,
  AwsRequestError,
  awsSigner,
  regionFromEnvironment,
  type SignerOptions,
  serviceEndpoint,
} from './signed-fetch';

/**
 * The few S3 object operations the dossier files use, as signed requests over fetch, without
 * @aws-sdk/client-s3 and its presigner (signed-fetch.ts says why: ~140 KB of the GraphQL asset).
 * Each request is the one the SDK's command would send, headers and signature alike, on AWS
 * (virtual-hosted bucket) and on the local emulator (path style): s3-objects.test.ts signs both
 * and compares, presigned URLs included. S3 specifics: the key is escaped once, segment by
 * segment, and signed as sent (no second escaping); `x-amz-content-sha256` is always signed.
 */
export interface S3ObjectsOptions {
  bucket: string;
  /** The emulator has no bucket DNS (S3_FORCE_PATH_STYLE locally). */
  forcePathStyle?: boolean;
  env?: NodeJS.ProcessEnv;
  signer?: Partial<SignerOptions>;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
}

/** GetObject's checksum mode header as the SDK sends it with no body to checksum (CRC32 of nothing). */
const EMPTY_CRC32 = 'AAAAAA==';

export function s3Objects({ bucket, forcePathStyle = false, env = process.env, signer = {} }: S3ObjectsOptions) {
  const region = signer.region ?? regionFromEnvironment(env);
  const aws = awsSigner({ service: 's3', region, uriEscapePath: false, ...signer });
  const service = serviceEndpoint('S3', `s3.${region}.amazonaws.com`, env);
  const endpoint: AwsEndpoint = forcePathStyle
    ? { ...service, basePath: `${service.basePath}/${bucket}` }
    : { ...service, hostname: `${bucket}.${service.hostname}` };
  const pathOf = (key: string) => `/${key.split('/').map(escapeUri).join('/')}`;

  const requests = {
    putObject: (key: string, file: { contentType: string; size: number; sha256: string }): AwsRequest => ({
      method: 'PUT',
      path: pathOf(key),
      query: { 'x-id': 'PutObject' },
      headers: { 'content-type': file.contentType, 'content-length': String(file.size), 'x-amz-checksum-sha256': file.sha256 },
    }),
    getObject: (key: string, query: QueryParameterBag = {}): AwsRequest => ({
      method: 'GET',
      path: pathOf(key),
      query: { ...query, 'x-id': 'GetObject' },
      headers: { 'x-amz-checksum-crc32': EMPTY_CRC32 },
    }),
    headObject: (key: string): AwsRequest => ({ method: 'HEAD', path: pathOf(key) }),
    getObjectTagging: (key: string): AwsRequest => ({ method: 'GET', path: pathOf(key), query: { tagging: '' } }),
    copyObject: (copySource: string, to: string): AwsRequest => ({
      method: 'PUT',
      path: pathOf(to),
      query: { 'x-id': 'CopyObject' },
      headers: { 'x-amz-copy-source': copySource },
    }),
    putObjectRetention: (key: string, mode: 'GOVERNANCE' | 'COMPLIANCE', until: Date): AwsRequest => {
      const body = `<?xml version="1.0" encoding="UTF-8"?><Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Mode>${mode}</Mode><RetainUntilDate>${until.toISOString().replace('.000Z', 'Z')}</RetainUntilDate></Retention>`;
      const checksum = Buffer.alloc(4);
      checksum.writeUInt32BE(crc32(body));
      return {
        method: 'PUT',
        path: pathOf(key),
        query: { retention: '' },
        // S3 requires a checksum of this body; the SDK sends CRC32, so do we.
        headers: {
          'content-type': 'application/xml',
          'x-amz-sdk-checksum-algorithm': 'CRC32',
          'x-amz-checksum-crc32': checksum.toString('base64'),
        },
        body,
      };
    },
    deleteObject: (key: string): AwsRequest => ({ method: 'DELETE', path: pathOf(key), query: { 'x-id': 'DeleteObject' } }),
    listObjectsV2: (prefix: string, token: string | undefined): AwsRequest => ({
      method: 'GET',
      path: '/',
      query: { 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) },
    }),
  };

  const send = (request: AwsRequest) => aws.send(endpoint, request, s3ErrorCode);

  return {
    bucket,
    endpoint,
    requests,
    sign: (request: AwsRequest) => aws.sign(endpoint, request),

    /** A PUT URL that S3 honours only for this type, length and SHA-256 (as getSignedUrl signs PutObject). */
    presignPut: (key: string, file: { contentType: string; size: number; sha256: string }, expiresIn: number) => {
      const request = requests.putObject(key, file);
      return aws.presign(
        endpoint,
        { ...request, headers: { ...request.headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn, signableHeaders: new Set(['content-type', 'content-length']), unsignableHeaders: new Set(['content-type']) },
      );
    },

    /** A GET URL, with the response headers S3 should answer with (`response-content-disposition`, …). */
    presignGet: (key: string, responseQuery: QueryParameterBag, expiresIn: number) => {
      const request = requests.getObject(key, responseQuery);
      return aws.presign(
        endpoint,
        { ...request, headers: { ...request.headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn, unsignableHeaders: new Set(['content-type']) },
      );
    },

    /** The object's size; undefined when there is none (404). */
    async head(key: string): Promise<{ size: number } | undefined> {
      try {
        const response = await send(requests.headObject(key));
        return { size: Number(response.headers.get('content-length') ?? 0) };
      } catch (error) {
        if (error instanceof AwsRequestError && error.status === 404) return undefined;
        throw error;
      }
    },

    async tags(key: string): Promise<Map<string, string>> {
      const response = await send(requests.getObjectTagging(key));
      const tagging = parseXML(await response.text()).Tagging as { TagSet?: { Tag?: XmlTag | XmlTag[] } | '' } | undefined;
      const set = tagging?.TagSet === '' ? undefined : tagging?.TagSet?.Tag;
      return new Map((Array.isArray(set) ? set : set ? [set] : []).map((tag) => [tag.Key, tag.Value] as const));
    },

    /** The object's bytes as they arrive; stop reading (break) to stop the download. */
    async body(key: string): Promise<AsyncIterable<Uint8Array>> {
      const response = await send(requests.getObject(key));
      return response.body ?? (async function* nothing() {})();
    },

    copy: async (copySource: string, to: string) => {
      const response = await send(requests.copyObject(copySource, to));
      // CopyObject can answer 200 with an <Error> body when the copy fails after it started.
      const text = await response.text();
      const code = text.includes('<Error>') ? s3ErrorCode(200, text) : undefined;
      if (code) throw new AwsRequestError(`s3 PUT copy answered 200 with ${code}`, 200, code);
    },
    retain: async (key: string, mode: 'GOVERNANCE' | 'COMPLIANCE', until: Date) => {
      await (await send(requests.putObjectRetention(key, mode, until))).arrayBuffer();
    },
    remove: async (key: string) => {
      await (await send(requests.deleteObject(key))).arrayBuffer();
    },

    /** Every object under the prefix, page by page (ListObjectsV2). */
    async list(prefix: string): Promise<ListedObject[]> {
      const objects: ListedObject[] = [];
      let token: string | undefined;
      do {
        const response = await send(requests.listObjectsV2(prefix, token));
        const page = parseXML(await response.text()).ListBucketResult as XmlListPage | undefined;
        const contents = page?.Contents;
        for (const object of Array.isArray(contents) ? contents : contents ? [contents] : [])
          objects.push({ key: object.Key, lastModified: new Date(object.LastModified) });
        token = page?.IsTruncated === 'true' ? page.NextContinuationToken : undefined;
      } while (token);
      return objects;
    },
  };
}

export type S3Objects = ReturnType<typeof s3Objects>;

interface XmlTag {
  Key: string;
  Value: string;
}

interface XmlListPage {
  IsTruncated?: string;
  NextContinuationToken?: string;
  Contents?: { Key: string; LastModified: string } | { Key: string; LastModified: string }[];
}

/** S3's error code: the XML body's <Code>, or for a bodiless answer (HEAD) the SDK's names by status. */
function s3ErrorCode(status: number, body: string): string | undefined {
  if (body) {
    try {
      const code = (parseXML(body).Error as { Code?: string } | undefined)?.Code;
      if (code) return code;
    } catch {
      // Not XML (a proxy's page): the status says enough.
    }
  }
  return status === 404 ? 'NotFound' : status === 403 ? 'Forbidden' : undefined;
}

export function s3ObjectsFromEnvironment(bucket: string, env: NodeJS.ProcessEnv = process.env): S3Objects {
  return s3Objects({ bucket, forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true', env });
}

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { HttpRequest } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXED_CREDENTIALS, recordingHandler, stripBookkeeping } from '../../test/support/sdk-capture';
import { type S3Objects, s3Objects } from './s3-objects';

const AT = new Date('2026-12-03T08:15:30Z');
const BUCKET = 'lienthong-19-prod-files';
// Unicode, a space, '+', parentheses: the key is escaped once, per segment, and signed as sent.
const KEY = 'dossiers/01JABC/đơn xin+ (1).pdf';
const SHA256 = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
const EMULATOR = 'http://127.0.0.1:4566';

afterEach(() => {
  vi.useRealTimers();
});

/** The SDK's S3 client as the adapter replaced it, on AWS (virtual-hosted) or on the emulator (path style). */
function sdkClient(local: boolean, handled: HttpRequest[]) {
  const client = new S3Client({
    region: 'ap-southeast-1',
    credentials: FIXED_CREDENTIALS,
    forcePathStyle: local,
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: recordingHandler(handled, { statusCode: 200, body: '<?xml version="1.0"?><Tagging><TagSet></TagSet></Tagging>' }),
    ...(local ? { endpoint: EMULATOR } : {}),
  });
  stripBookkeeping(client);
  return client;
}

const ours = (local: boolean): S3Objects =>
  s3Objects({
    bucket: BUCKET,
    forcePathStyle: local,
    env: local ? { AWS_ENDPOINT_URL_S3: EMULATOR } : {},
    signer: { region: 'ap-southeast-1', credentials: async () => FIXED_CREDENTIALS, now: () => AT },
  });

const wire = (request: HttpRequest) => ({
  method: request.method,
  url: `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`,
  query: request.query,
  headers: request.headers,
  body: request.body === undefined ? undefined : String(request.body),
});

describe.each([
  ['on AWS (virtual-hosted bucket)', false],
  ['on the emulator (path style)', true],
])('S3 as signed fetch, %s', (_where, local) => {
  it('signs each operation exactly as the SDK’s command: URL, query, headers, body and signature', async () => {
    const objects = ours(local);
    const cases: [string, (client: S3Client) => Promise<unknown>, Promise<HttpRequest>][] = [
      [
        'HeadObject',
        (client) => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY })),
        objects.sign(objects.requests.headObject(KEY)),
      ],
      [
        'GetObject',
        (client) => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY })),
        objects.sign(objects.requests.getObject(KEY)),
      ],
      [
        'GetObjectTagging',
        (client) => client.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: KEY })),
        objects.sign(objects.requests.getObjectTagging(KEY)),
      ],
      [
        'CopyObject',
        (client) =>
          client.send(
            new CopyObjectCommand({ Bucket: BUCKET, Key: 'dossiers/01JABC/bản sao.pdf', CopySource: `${BUCKET}/${encodeURI(KEY)}` }),
          ),
        objects.sign(objects.requests.copyObject(`${BUCKET}/${encodeURI(KEY)}`, 'dossiers/01JABC/bản sao.pdf')),
      ],
      [
        'PutObjectRetention',
        (client) =>
          client.send(
            new PutObjectRetentionCommand({
              Bucket: BUCKET,
              Key: KEY,
              Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date('2036-12-01T10:20:30.456Z') },
            }),
          ),
        objects.sign(objects.requests.putObjectRetention(KEY, 'COMPLIANCE', new Date('2036-12-01T10:20:30.456Z'))),
      ],
      [
        'DeleteObject',
        (client) => client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY })),
        objects.sign(objects.requests.deleteObject(KEY)),
      ],
      [
        'ListObjectsV2',
        (client) => client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'uploads/', ContinuationToken: '1a/b+c=' })),
        objects.sign(objects.requests.listObjectsV2('uploads/', '1a/b+c=')),
      ],
    ];
    for (const [name, send, signed] of cases) {
      vi.useFakeTimers({ toFake: ['Date'], now: AT });
      const handled: HttpRequest[] = [];
      // The recording handler's answer need not parse: only the request it was handed counts.
      await send(sdkClient(local, handled)).catch(() => undefined);
      vi.useRealTimers();
      expect(wire(await signed), name).toEqual(wire(handled[0]!));
    }
  });

  it('presigns upload and download URLs byte for byte as getSignedUrl', async () => {
    const objects = ours(local);
    vi.useFakeTimers({ toFake: ['Date'], now: AT });
    const client = sdkClient(local, []);
    const put = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: BUCKET, Key: KEY, ContentType: 'application/pdf', ContentLength: 1234, ChecksumSHA256: SHA256 }),
      { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    const disposition = `attachment; filename*=UTF-8''${encodeURIComponent('Đơn đề nghị (bản chính).pdf')}`;
    const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: KEY, ResponseContentDisposition: disposition }), {
      expiresIn: 300,
    });
    vi.useRealTimers();
    expect(await objects.presignPut(KEY, { contentType: 'application/pdf', size: 1234, sha256: SHA256 }, 900)).toBe(put);
    expect(await objects.presignGet(KEY, { 'response-content-disposition': disposition }, 300)).toBe(get);
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Objects } from './s3-objects';
import { AwsRequestError } from './signed-fetch';

/**
 * How the adapter reads S3's answers (an adapter unit test against a stand-in endpoint): the
 * emulator has no tagging and no object lock, and never pages a list or fails a copy half-way.
 */
type Answer = { status: number; headers?: Record<string, string>; body?: string };
const answers = new Map<string, Answer[]>();
const seen: string[] = [];
const server = createServer((request, response) => {
  const url = request.url ?? '';
  seen.push(`${request.method} ${url}`);
  const queue = answers.get(`${request.method} ${url.split('?')[0]}`) ?? [];
  const answer = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 404 });
  response.writeHead(answer.status, answer.headers).end(request.method === 'HEAD' ? undefined : answer.body);
});
const given = (method: string, path: string, ...queue: Answer[]) => answers.set(`${method} /b${path}`, queue);
let objects: ReturnType<typeof s3Objects>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  objects = s3Objects({
    bucket: 'b',
    forcePathStyle: true,
    env: { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    signer: { region: 'ap-southeast-1', credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret' }) },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const xml = (body: string) => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
});

describe('S3 answers, read by the signed-fetch adapter', () => {
  it('answers a missing object as undefined, and an existing one with its size', async () => {
    given('HEAD', '/uploads/missing', { status: 404 });
    expect(await objects.head('uploads/missing')).toBeUndefined();
    given('HEAD', '/uploads/here', { status: 200, headers: { 'content-length': '1234' } });
    expect(await objects.head('uploads/here')).toEqual({ size: 1234 });
  });

  it('reads every tag, one or several, and none', async () => {
    given(
      'GET',
      '/k1',
      xml(
        '<Tagging><TagSet><Tag><Key>GuardDutyMalwareScanStatus</Key><Value>NO_THREATS_FOUND</Value></Tag><Tag><Key>a&amp;b</Key><Value>x</Value></Tag></TagSet></Tagging>',
      ),
    );
    expect([...(await objects.tags('k1'))]).toEqual([
      ['GuardDutyMalwareScanStatus', 'NO_THREATS_FOUND'],
      ['a&b', 'x'],
    ]);
    given('GET', '/k2', xml('<Tagging><TagSet><Tag><Key>only</Key><Value>1</Value></Tag></TagSet></Tagging>'));
    expect([...(await objects.tags('k2'))]).toEqual([['only', '1']]);
    given('GET', '/k3', xml('<Tagging><TagSet></TagSet></Tagging>'));
    expect(await objects.tags('k3')).toEqual(new Map());
  });

  it('lists every page of a prefix', async () => {
    given(
      'GET',
      '/',
      xml(
        '<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t/2+</NextContinuationToken><Contents><Key>uploads/a</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified></Contents><Contents><Key>uploads/b</Key><LastModified>2026-12-02T00:00:00.000Z</LastModified></Contents></ListBucketResult>',
      ),
      xml(
        '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>uploads/c</Key><LastModified>2026-12-03T00:00:00.000Z</LastModified></Contents></ListBucketResult>',
      ),
    );
    expect((await objects.list('uploads/')).map((object) => [object.key, object.lastModified.toISOString()])).toEqual([
      ['uploads/a', '2026-12-01T00:00:00.000Z'],
      ['uploads/b', '2026-12-02T00:00:00.000Z'],
      ['uploads/c', '2026-12-03T00:00:00.000Z'],
    ]);
    expect(seen.filter((line) => line.startsWith('GET /b/?')).at(-1)).toContain('continuation-token=t%2F2%2B');
  });

  it('throws S3’s error code, also for a copy that fails after answering 200', async () => {
    given('DELETE', '/locked', { status: 403, body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>no</Message></Error>' });
    await expect(objects.remove('locked')).rejects.toMatchObject({ status: 403, awsCode: 'AccessDenied' });
    given('PUT', '/to', xml('<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>'));
    const failed = await objects.copy('b/from', 'to').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(AwsRequestError);
    expect(failed).toMatchObject({ awsCode: 'InternalError' });
  });
});

import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { fileTypeFromBuffer } from 'file-type';
import type { ObservedFile } from '#domain/documents';
import type { DossierFiles, FilesPolicy } from './dossier-files';

// The dossier bucket over S3: the SDK's S3 client, the presigner and file-type. A module of its own
// so a bundle loads it on the first file operation (dossier-files.ts), not at cold start: most
// GraphQL requests never touch a file (issue 14).

/** file-type needs at most this many leading bytes to recognise any format it knows. */
const SNIFF_BYTES = 4100;

/** GuardDuty Malware Protection for S3 tags each scanned object with this key. */
const SCAN_TAG = 'GuardDutyMalwareScanStatus';

const scanVerdict = (status: string | undefined): NonNullable<ObservedFile['scan']> =>
  status === 'NO_THREATS_FOUND' ? 'CLEAN' : status === 'THREATS_FOUND' ? 'THREAT' : status === undefined ? 'PENDING' : 'FAILED';

export function s3DossierFiles(client: S3Client, bucket: string, policy: FilesPolicy = { malwareScanning: false }): DossierFiles {
  async function scanOf(key: string): Promise<ObservedFile['scan']> {
    if (!policy.malwareScanning) return undefined;
    const { TagSet } = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    return scanVerdict(TagSet?.find((tag) => tag.Key === SCAN_TAG)?.Value);
  }

  return {
    async presignUpload(key, declared, expiresIn) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: declared.contentType,
        ContentLength: declared.size,
        ChecksumSHA256: declared.sha256,
      });
      // Signed headers: S3 refuses a body of another length or type; the checksum rides in the
      // signed query and S3 refuses a body whose SHA-256 differs.
      const url = await getSignedUrl(client, command, { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) });
      return { url, headers: { 'content-type': declared.contentType, 'x-amz-checksum-sha256': declared.sha256 } };
    },

    async inspect(key, maxBytes) {
      let size: number;
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        size = head.ContentLength ?? 0;
      } catch (error) {
        if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
        throw error;
      }
      const scan = await scanOf(key);
      if (scan && scan !== 'CLEAN') return { size, scan };
      if (size > maxBytes) return { size };
      // Hash what we read ourselves: what was declared is checked, not what anyone says of it.
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headLength = 0;
      let read = 0;
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
        read += chunk.length;
        if (read > maxBytes) return { size: read };
        hash.update(chunk);
        if (headLength < SNIFF_BYTES) {
          head.push(Buffer.from(chunk));
          headLength += chunk.length;
        }
      }
      const detected = await fileTypeFromBuffer(Buffer.concat(head).subarray(0, SNIFF_BYTES));
      return { size: read, sha256: hash.digest('base64'), ...(detected ? { detectedType: detected.mime } : {}), ...(scan ? { scan } : {}) };
    },

    async copy(from, to) {
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${encodeURI(from)}` }));
    },

    async retain(key) {
      if (!policy.retention) return;
      const until = new Date(Date.now() + policy.retention.days * 86_400_000);
      await client.send(
        new PutObjectRetentionCommand({ Bucket: bucket, Key: key, Retention: { Mode: policy.retention.mode, RetainUntilDate: until } }),
      );
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    presignDownload(key, fileName, expiresIn) {
      const disposition = fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` : 'attachment';
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }), {
        expiresIn,
      });
    },

    async listOlderThan(prefix, before) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? [])
          if (object.Key && object.LastModified && object.LastModified < before) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
  };
}

/** The client for FILES_BUCKET, as dossierFilesFromEnvironment builds it on first use. */
export function s3DossierFilesFromEnvironment(bucket: string, policy: FilesPolicy): DossierFiles {
  // Responses are not checksum-validated by the SDK: `inspect` hashes the bytes itself and answers
  // a mismatch as CHECKSUM_MISMATCH, where the SDK would throw an untyped error mid-stream.
  const client = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', responseChecksumValidation: 'WHEN_REQUIRED' });
  return s3DossierFiles(client, bucket, policy);
}

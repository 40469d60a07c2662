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
import type { DeclaredFile, ObservedFile } from '#domain/documents';

/**
 * The province's dossier bucket (infra/dossier-files.ts), in the words of the document use
 * cases. Keys, the S3 client and presigning stay here; what the bytes mean is judged in
 * functions/domain/documents.ts. Built from the environment like every SDK client: FILES_BUCKET,
 * and locally AWS_ENDPOINT_URL_S3 with S3_FORCE_PATH_STYLE (the emulator has no bucket DNS).
 */
export interface DossierFiles {
  /** A PUT URL that only accepts this size, type and SHA-256 (S3 checks the signed headers and the checksum). */
  presignUpload(key: string, declared: DeclaredFile, expiresInSeconds: number): Promise<{ url: string; headers: Record<string, string> }>;
  /** Size, SHA-256 and type by the bytes; undefined when nothing was uploaded. Never reads more than `maxBytes`. */
  inspect(key: string, maxBytes: number): Promise<ObservedFile | undefined>;
  copy(from: string, to: string): Promise<void>;
  /** Locks an attached file for the province's retention (FILES_RETENTION_*); nothing where it keeps none. */
  retain(key: string): Promise<void>;
  remove(key: string): Promise<void>;
  presignDownload(key: string, fileName: string | undefined, expiresInSeconds: number): Promise<string>;
  /** Keys under `prefix` last written before `before` (the sweeper's list, never a request path). */
  listOlderThan(prefix: string, before: Date): Promise<string[]>;
}

/** file-type needs at most this many leading bytes to recognise any format it knows. */
const SNIFF_BYTES = 4100;

/** What the province chose for its files (infra/dossier-files.ts sets these on the functions). */
export interface FilesPolicy {
  retention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  malwareScanning: boolean;
}

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

let shared: DossierFiles | undefined;

function filesPolicyFromEnvironment(): FilesPolicy {
  const mode = (['GOVERNANCE', 'COMPLIANCE'] as const).find((candidate) => candidate === process.env.FILES_RETENTION_MODE);
  const days = Number(process.env.FILES_RETENTION_DAYS);
  const retention = mode && days > 0 ? { mode, days } : undefined;
  return { ...(retention ? { retention } : {}), malwareScanning: process.env.FILES_MALWARE_SCANNING === 'true' };
}

/** The process's dossier files over FILES_BUCKET; undefined where the function was given no bucket. */
export function dossierFilesFromEnvironment(): DossierFiles | undefined {
  const bucket = process.env.FILES_BUCKET;
  if (!bucket) return undefined;
  // Responses are not checksum-validated by the SDK: `inspect` hashes the bytes itself and answers
  // a mismatch as CHECKSUM_MISMATCH, where the SDK would throw an untyped error mid-stream.
  const client = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', responseChecksumValidation: 'WHEN_REQUIRED' });
  shared ??= s3DossierFiles(client, bucket, filesPolicyFromEnvironment());
  return shared;
}

import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type S3Objects, s3ObjectsFromEnvironment } from '#aws/s3-objects';
import type { ObservedFile } from '#domain/documents';
import type { DossierFiles, FilesPolicy } from './dossier-files';

// The dossier bucket over S3: signed requests over fetch (functions/aws/s3-objects.ts, not the
// SDK's S3 client: ~140 KB less to ship) and file-type. A module of its own so a bundle loads it on
// the first file operation (dossier-files.ts), not at cold start: most GraphQL requests never touch
// a file (issue 14).

/** file-type needs at most this many leading bytes to recognise any format it knows. */
const SNIFF_BYTES = 4100;

/** GuardDuty Malware Protection for S3 tags each scanned object with this key. */
const SCAN_TAG = 'GuardDutyMalwareScanStatus';

const scanVerdict = (status: string | undefined): NonNullable<ObservedFile['scan']> =>
  status === 'NO_THREATS_FOUND' ? 'CLEAN' : status === 'THREATS_FOUND' ? 'THREAT' : status === undefined ? 'PENDING' : 'FAILED';

export function s3DossierFiles(s3: S3Objects, policy: FilesPolicy = { malwareScanning: false }): DossierFiles {
  async function scanOf(key: string): Promise<ObservedFile['scan']> {
    if (!policy.malwareScanning) return undefined;
    return scanVerdict((await s3.tags(key)).get(SCAN_TAG));
  }

  return {
    async presignUpload(key, declared, expiresIn) {
      // Signed headers: S3 refuses a body of another length or type; the checksum rides in the
      // signed query and S3 refuses a body whose SHA-256 differs.
      const url = await s3.presignPut(key, { contentType: declared.contentType, size: declared.size, sha256: declared.sha256 }, expiresIn);
      return { url, headers: { 'content-type': declared.contentType, 'x-amz-checksum-sha256': declared.sha256 } };
    },

    async inspect(key, maxBytes) {
      const found = await s3.head(key);
      if (!found) return undefined;
      const { size } = found;
      const scan = await scanOf(key);
      if (scan && scan !== 'CLEAN') return { size, scan };
      if (size > maxBytes) return { size };
      // Hash what we read ourselves: what was declared is checked, not what anyone says of it.
      const body = await s3.body(key);
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headLength = 0;
      let read = 0;
      for await (const chunk of body) {
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
      await s3.copy(`${s3.bucket}/${encodeURI(from)}`, to);
    },

    async retain(key) {
      if (!policy.retention) return;
      await s3.retain(key, policy.retention.mode, new Date(Date.now() + policy.retention.days * 86_400_000));
    },

    async remove(key) {
      await s3.remove(key);
    },

    presignDownload(key, fileName, expiresIn) {
      const disposition = fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` : 'attachment';
      return s3.presignGet(key, { 'response-content-disposition': disposition }, expiresIn);
    },

    async listOlderThan(prefix, before) {
      return (await s3.list(prefix)).filter((object) => object.lastModified < before).map((object) => object.key);
    },
  };
}

/** The files of FILES_BUCKET, as dossierFilesFromEnvironment builds them on first use. */
export function s3DossierFilesFromEnvironment(bucket: string, policy: FilesPolicy): DossierFiles {
  // `inspect` hashes the bytes itself and answers a mismatch as CHECKSUM_MISMATCH (no response
  // checksum validation here, as the SDK client was configured before: WHEN_REQUIRED).
  return s3DossierFiles(s3ObjectsFromEnvironment(bucket), policy);
}

import type { DeclaredFile, ObservedFile } from '#domain/documents';

/**
 * The province's dossier bucket (infra/dossier-files.ts), in the words of the document use
 * cases. Keys, S3 requests and presigning stay here; what the bytes mean is judged in
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

/** What the province chose for its files (infra/dossier-files.ts sets these on the functions). */
export interface FilesPolicy {
  retention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  malwareScanning: boolean;
}

let shared: DossierFiles | undefined;

function filesPolicyFromEnvironment(): FilesPolicy {
  const mode = (['GOVERNANCE', 'COMPLIANCE'] as const).find((candidate) => candidate === process.env.FILES_RETENTION_MODE);
  const days = Number(process.env.FILES_RETENTION_DAYS);
  const retention = mode && days > 0 ? { mode, days } : undefined;
  return { ...(retention ? { retention } : {}), malwareScanning: process.env.FILES_MALWARE_SCANNING === 'true' };
}

/**
 * The process's dossier files over FILES_BUCKET; undefined where the function was given no bucket.
 * S3 over signed fetch and file-type (s3-dossier-files.ts, ~85 KB) are loaded and built on
 * the first file operation, not at cold start.
 */
export function dossierFilesFromEnvironment(): DossierFiles | undefined {
  const bucket = process.env.FILES_BUCKET;
  if (!bucket) return undefined;
  if (shared) return shared;
  let s3: Promise<DossierFiles> | undefined;
  const files = () => {
    s3 ??= import('./s3-dossier-files').then((module) => module.s3DossierFilesFromEnvironment(bucket, filesPolicyFromEnvironment()));
    return s3;
  };
  shared = {
    presignUpload: async (...args) => (await files()).presignUpload(...args),
    inspect: async (...args) => (await files()).inspect(...args),
    copy: async (...args) => (await files()).copy(...args),
    retain: async (...args) => (await files()).retain(...args),
    remove: async (...args) => (await files()).remove(...args),
    presignDownload: async (...args) => (await files()).presignDownload(...args),
    listOlderThan: async (...args) => (await files()).listOlderThan(...args),
  };
  return shared;
}

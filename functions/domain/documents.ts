import type { Dossier, ProcedureTerms } from './dossier';
import {
  badInput,
  ChecksumMismatchError,
  FileTooLargeError,
  FileTypeNotAllowedError,
  MalwareFoundError,
  ReuseNotAllowedError,
  ScanPendingError,
  UnknownComponentError,
} from './errors';

/**
 * Dossier documents as files: how each component (thành phần hồ sơ) came to be digital, the
 * limits a procedure puts on its files, and the checks an upload passes before it is attached.
 * Pure: the S3 adapter measures, this module judges.
 */

/** How a component came (Appendix D "Digitisation at intake"; TT 01/2023 art. 8). */
export type Provenance =
  /** Scanned at the one-stop counter (số hóa tại bộ phận một cửa). */
  | 'COUNTER_SCAN'
  /** Uploaded by the applicant (online filing). */
  | 'APPLICANT_UPLOAD'
  /** An electronic result of an earlier dossier of the same applicant, reused (MaKetQuaThayThe). */
  | 'REUSED_RESULT'
  /** Taken from the applicant's data store in the provincial system (kho dữ liệu của tổ chức, cá nhân). */
  | 'CITIZEN_STORE'
  /** Taken from the applicant's store on the national portal (DuocLayTuKhoDMQG). */
  | 'NATIONAL_STORE'
  /** Not digitised, for a reason TT 03/2025 art. 5 allows. */
  | 'EXEMPT';

/** Provenances that arrive as an uploaded file (the others point at a source or at a reason). */
export const UPLOADED_PROVENANCES = ['COUNTER_SCAN', 'APPLICANT_UPLOAD', 'CITIZEN_STORE', 'NATIONAL_STORE'] as const;
export type UploadedProvenance = (typeof UPLOADED_PROVENANCES)[number];

/** The exemptions from digitisation at intake (TT 03/2025 art. 5 [P: provincial text quoting it]). */
export const DIGITISATION_EXEMPTIONS = {
  FILED_ONLINE: 'Hồ sơ nộp trực tuyến (đã ở dạng điện tử)',
  SHOWN_ONLY: 'Giấy tờ chỉ xuất trình để đối chiếu tại bộ phận một cửa',
  INTER_AGENCY_REPLY: 'Văn bản trả lời xác minh giữa các cơ quan',
  CLASSIFIED: 'Tài liệu thuộc bí mật nhà nước',
} as const;
export type DigitisationExemption = keyof typeof DIGITISATION_EXEMPTIONS;

/** A stored file: where it is (a key in the province's dossier bucket) and what was verified of it. */
export interface StoredFile {
  key: string;
  size: number;
  contentType: string;
  /** SHA-256 of the bytes, base64 (what S3's x-amz-checksum-sha256 carries). */
  sha256: string;
  fileName?: string;
}

/** One component's document on the dossier (what DOCUMENT_ATTACHED added). */
export interface AttachedDocument {
  componentCode: string;
  documentId: string;
  provenance: Provenance;
  exemption?: DigitisationExemption;
  /** REUSED_RESULT: the e-result reused, as `<dossier id>/<document id>`. */
  sourceDocumentId?: string;
  /** Absent for EXEMPT. */
  file?: StoredFile;
  attachedAt: string;
  attachedBy: string;
}

/** The electronic result (kết quả điện tử) the deciding agency attached. */
export interface ResultDocument {
  documentId: string;
  /** Số, ký hiệu of the document. */
  number: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  signer: string;
  file: StoredFile;
  attachedAt: string;
  attachedBy: string;
}

/** What a procedure allows for a component's file. Data on the catalog's component; defaults below. */
export interface FileRules {
  /** MIME types, as file-type reads them from the bytes. */
  types: readonly string[];
  maxBytes: number;
}

const MiB = 1024 * 1024;

/** Scans and photos of papers: PDF or an image, 10 MiB (a 20-page scan at 200 dpi fits). */
export const DEFAULT_COMPONENT_FILE_RULES: FileRules = { types: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 10 * MiB };
/** Results are signed documents: PDF only, 20 MiB. */
export const DEFAULT_RESULT_FILE_RULES: FileRules = { types: ['application/pdf'], maxBytes: 20 * MiB };

/** An upload is either for a component or for the result. */
export type UploadPurpose = { kind: 'COMPONENT'; componentCode: string } | { kind: 'RESULT' };

/** What the client declares before it uploads; checked now, and against the bytes at attach. */
export interface DeclaredFile {
  contentType: string;
  size: number;
  sha256: string;
  fileName?: string;
}

/** The upload the platform agreed to (kept until attached or expired). */
export interface UploadIntent {
  dossierId: string;
  uploadId: string;
  purpose: UploadPurpose;
  declared: DeclaredFile;
  rules: FileRules;
  key: string;
  requestedBy: string;
  /** When the presigned request stops working (ISO). */
  validUntil: string;
}

/** What the adapter measured of the uploaded object. */
export interface ObservedFile {
  size: number;
  /** Absent when the object was too large to read. */
  sha256?: string;
  /** From the first bytes (file-type); absent when unrecognised. */
  detectedType?: string;
  /** The malware scan's verdict where the province scans (GuardDuty's tag on the object); absent where it does not. */
  scan?: 'CLEAN' | 'THREAT' | 'PENDING' | 'FAILED';
}

const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** SHA-256 as base64 (S3's form), accepting hex as clients often compute it. */
export function normaliseSha256(value: string): string {
  if (SHA256_BASE64.test(value)) return value;
  if (SHA256_HEX.test(value)) return Buffer.from(value, 'hex').toString('base64');
  throw badInput('sha256', 'The SHA-256 of the file, as 64 hex digits or 44 base64 characters');
}

/** The component of the procedure, or UNKNOWN_COMPONENT. */
export function componentOf(terms: ProcedureTerms, componentCode: string): ProcedureTerms['documents'][number] {
  const component = terms.documents.find((doc) => doc.code === componentCode);
  if (!component)
    throw new UnknownComponentError(`Procedure ${terms.code} has no component ${componentCode}`, { componentCode, field: 'componentCode' });
  return component;
}

/** The rules for a purpose: the component's own, else the defaults. */
export function fileRulesFor(dossier: Dossier, purpose: UploadPurpose): FileRules {
  if (purpose.kind === 'RESULT') return DEFAULT_RESULT_FILE_RULES;
  return componentOf(dossier.terms, purpose.componentCode).file ?? DEFAULT_COMPONENT_FILE_RULES;
}

const isPlainFileName = (name: string) =>
  name.length > 0 && name.length <= 200 && ![...name].some((char) => char === '/' || char === '\\' || char.charCodeAt(0) < 32);

/** Refuses, before any upload, a declaration the procedure does not allow. */
export function checkDeclaration(rules: FileRules, declared: DeclaredFile): DeclaredFile {
  if (!Number.isInteger(declared.size) || declared.size < 1) throw badInput('size', 'The size is a whole number of bytes from 1');
  if (declared.size > rules.maxBytes)
    throw new FileTooLargeError(`At most ${rules.maxBytes} bytes`, { maxBytes: rules.maxBytes, size: declared.size, field: 'size' });
  if (!rules.types.includes(declared.contentType))
    throw new FileTypeNotAllowedError(`Allowed: ${rules.types.join(', ')}`, { allowed: [...rules.types], field: 'contentType' });
  if (declared.fileName !== undefined && !isPlainFileName(declared.fileName))
    throw badInput('fileName', 'A file name of at most 200 characters, without slashes or control characters');
  return { ...declared, sha256: normaliseSha256(declared.sha256) };
}

/**
 * The bytes against the declaration and the rules: the malware scan's verdict where there is one,
 * size (a too-large object is not even read), the type by its bytes, then the checksum. Returns the file as it will be stored.
 */
export function verifyUpload(intent: UploadIntent, observed: ObservedFile, key: string): StoredFile {
  const { rules, declared } = intent;
  const details = { uploadId: intent.uploadId };
  if (observed.scan === 'THREAT') throw new MalwareFoundError(undefined, details);
  // A scan that failed (unsupported, encrypted archive…) is not a clean one: never attached unscanned.
  if (observed.scan === 'PENDING' || observed.scan === 'FAILED') throw new ScanPendingError(undefined, { ...details, scan: observed.scan });
  if (observed.size > rules.maxBytes)
    throw new FileTooLargeError(`The file has ${observed.size} bytes; at most ${rules.maxBytes}`, { ...details, maxBytes: rules.maxBytes });
  if (!observed.detectedType || !rules.types.includes(observed.detectedType) || observed.detectedType !== declared.contentType)
    throw new FileTypeNotAllowedError(`The file’s bytes are ${observed.detectedType ?? 'of no known type'}, not ${declared.contentType}`, {
      ...details,
      detectedType: observed.detectedType ?? null,
    });
  if (observed.size !== declared.size || observed.sha256 !== declared.sha256)
    throw new ChecksumMismatchError(undefined, { ...details, declaredSize: declared.size, size: observed.size });
  return {
    key,
    size: observed.size,
    contentType: observed.detectedType,
    sha256: declared.sha256,
    ...(declared.fileName ? { fileName: declared.fileName } : {}),
  };
}

/**
 * A reused e-result must be the result of another dossier of the same applicant: the same
 * citizen ID number (or, for an organisation, the same name and ID) — the personal-data key.
 */
export function checkReuse(target: Dossier, source: Dossier): ResultDocument {
  const result = source.resultDocument;
  const same =
    target.applicant.kind === source.applicant.kind &&
    target.applicant.idNumber !== undefined &&
    target.applicant.idNumber.replace(/\s+/g, '') === source.applicant.idNumber?.replace(/\s+/g, '');
  if (!result || !same || target.id === source.id)
    throw new ReuseNotAllowedError(undefined, { sourceDossierId: source.id, hasResult: result !== undefined });
  return result;
}

/** Where files live in the bucket: uploads wait under `uploads/`, attached files under `dossiers/`. */
export const fileKeys = {
  uploadPrefix: 'uploads/',
  upload: (dossierId: string, uploadId: string) => `uploads/${dossierId}/${uploadId}`,
  attached: (dossierId: string, documentId: string) => `dossiers/${dossierId}/${documentId}`,
  /** `uploads/<dossier>/<upload>` → its parts; undefined for any other key. */
  parseUpload(key: string): { dossierId: string; uploadId: string } | undefined {
    const match = /^uploads\/([^/]+)\/([^/]+)$/.exec(key);
    return match ? { dossierId: match[1]!, uploadId: match[2]! } : undefined;
  },
};

/** The document a download asks for: a component's file or the result's. */
export function fileOf(dossier: Dossier, documentId: string): StoredFile | undefined {
  if (dossier.resultDocument?.documentId === documentId) return dossier.resultDocument.file;
  return dossier.attachments?.find((doc) => doc.documentId === documentId)?.file;
}

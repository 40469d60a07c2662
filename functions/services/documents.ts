import { authorize } from '#domain/actions';
import { permits } from '#domain/authorization';
import {
  checkDeclaration,
  checkReuse,
  type DeclaredFile,
  type DigitisationExemption,
  fileKeys,
  fileOf,
  fileRulesFor,
  type UploadedProvenance,
  type UploadIntent,
  type UploadPurpose,
  verifyUpload,
} from '#domain/documents';
import type { Dossier } from '#domain/dossier';
import { DocumentNotFoundError, DossierNotFoundError, ReuseNotAllowedError, ScanPendingError, UploadNotFoundError } from '#domain/errors';
import { act, type Caller, type Command } from '#domain/lifecycle';
import type { DossierFiles } from '#files/dossier-files';
import { ConfigurationError } from '../store';
import type { ServiceDeps } from './deps';
import { requireVersion } from './dossier-actions';

/**
 * Dossier documents (issue 11). A file reaches a dossier in two steps: the platform agrees to an
 * upload (a short-lived presigned PUT under `uploads/`, an UPLOAD record beside the dossier), the
 * client uploads straight to S3, then `attach` reads the bytes, judges them (documents.ts), copies
 * the file to its permanent key and commits the attachment in ONE transaction that also ends the
 * upload record. A crash anywhere leaves at most an upload (and maybe its copy) that no dossier
 * names; `sweep` and the bucket's lifecycle rule remove those.
 */

/** A presigned upload works this long: enough for a scan on a slow line, short enough to be useless later. */
export const UPLOAD_SECONDS = 15 * 60;
/** A download link works for minutes: long enough to open the file, too short to pass around. */
export const DOWNLOAD_SECONDS = 5 * 60;

export interface UploadRequest {
  dossierId: string;
  purpose: UploadPurpose;
  declared: DeclaredFile;
}

export interface UploadTicket {
  uploadId: string;
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  validUntil: string;
  maxBytes: number;
}

const actionFor = (purpose: UploadPurpose) => (purpose.kind === 'RESULT' ? 'ATTACH_RESULT_DOCUMENT' : 'ATTACH_DOCUMENT');

export function documentService(deps: ServiceDeps) {
  const files = (): DossierFiles => {
    if (!deps.files) throw new ConfigurationError('No dossier bucket: FILES_BUCKET is not set for this function');
    return deps.files;
  };
  const { documents, dossiers } = deps.store;

  /** The caller may attach to this dossier now (the rules table: role, place, state), or the typed refusal. */
  function mayAttach(caller: Caller, dossier: Dossier | undefined, id: string, purpose: UploadPurpose): Dossier {
    const current = requireVersion(dossier, id, dossier?.version ?? 0, caller, `DOSSIER_${actionFor(purpose)}`);
    authorize(actionFor(purpose), { dossier: current, callerAgency: caller.agencyCode, roles: caller.roles, now: deps.now() });
    return current;
  }

  /** An upload given up: its object and record go at once (the sweeper would, later). */
  async function discard(intent: UploadIntent): Promise<void> {
    await Promise.all([files().remove(intent.key), documents.forgetUpload(intent.dossierId, intent.uploadId)]);
  }

  /**
   * Reads and judges the upload, then copies it to its permanent key, commits the transition
   * `toCommand` builds, and lets the upload go. A bad file is discarded and its typed error thrown.
   */
  async function attachUpload(
    caller: Caller,
    target: { id: string; expectedVersion: number; uploadId: string; purpose: UploadPurpose['kind'] },
    toCommand: (file: ReturnType<typeof verifyUpload>, intent: UploadIntent) => Command,
  ): Promise<Dossier> {
    const { dossier, intent } = await documents.loadForAttach(target.id, target.uploadId);
    const action = target.purpose === 'RESULT' ? 'ATTACH_RESULT_DOCUMENT' : 'ATTACH_DOCUMENT';
    const current = requireVersion(dossier, target.id, target.expectedVersion, caller, `DOSSIER_${action}`);
    if (!intent || intent.purpose.kind !== target.purpose)
      throw new UploadNotFoundError(`No ${target.purpose.toLowerCase()} upload ${target.uploadId} on dossier ${target.id}`, {
        uploadId: target.uploadId,
      });
    const observed = await files().inspect(intent.key, intent.rules.maxBytes);
    if (!observed) throw new UploadNotFoundError(`Nothing was uploaded for ${target.uploadId}`, { uploadId: target.uploadId });
    let file: ReturnType<typeof verifyUpload>;
    try {
      file = verifyUpload(intent, observed, fileKeys.attached(target.id, target.uploadId));
    } catch (error) {
      // A scan still running is no verdict on the file: it stays for the next attempt.
      if (!(error instanceof ScanPendingError)) await discard(intent);
      throw error;
    }
    const transition = act(current, toCommand(file, intent), { caller, now: deps.now() });
    await files().copy(intent.key, file.key);
    // Should this fail (another change won, a crash), the copy stays unnamed: the sweeper removes
    // it with its upload. Never removed here: a concurrent attach of the same upload may own it.
    await documents.commitAttachment(transition, target.uploadId);
    // Locked only once named by the dossier (where the province keeps records), then the upload
    // goes; a crash before either leaves the upload, and the sweeper finishes both.
    await files().retain(file.key);
    await files()
      .remove(intent.key)
      .catch(() => undefined);
    return transition.dossier;
  }

  return {
    /** Agrees to one upload for one component (or the result) of one dossier: a presigned PUT. */
    async requestUpload(caller: Caller, request: UploadRequest): Promise<UploadTicket> {
      const dossier = mayAttach(caller, await dossiers.dossier(request.dossierId), request.dossierId, request.purpose);
      const rules = fileRulesFor(dossier, request.purpose);
      const declared = checkDeclaration(rules, request.declared);
      const uploadId = deps.newId();
      const key = fileKeys.upload(dossier.id, uploadId);
      const validUntil = new Date(deps.now().getTime() + UPLOAD_SECONDS * 1000).toISOString();
      await documents.recordUploadIntent({
        dossierId: dossier.id,
        uploadId,
        purpose: request.purpose,
        declared,
        rules,
        key,
        requestedBy: caller.officerId,
        validUntil,
      });
      const { url, headers } = await files().presignUpload(key, declared, UPLOAD_SECONDS);
      return { uploadId, method: 'PUT', url, headers, validUntil, maxBytes: rules.maxBytes };
    },

    /** A component's uploaded file, verified, attached with how it came. */
    attach(caller: Caller, command: { id: string; expectedVersion: number; uploadId: string; provenance: UploadedProvenance }) {
      return attachUpload(caller, { ...command, purpose: 'COMPONENT' }, (file, intent) => ({
        action: 'ATTACH_DOCUMENT',
        componentCode: intent.purpose.kind === 'COMPONENT' ? intent.purpose.componentCode : '',
        documentId: command.uploadId,
        provenance: command.provenance,
        file,
      }));
    },

    /** The electronic result, verified, attached by the deciding agency. */
    attachResult(
      caller: Caller,
      command: { id: string; expectedVersion: number; uploadId: string; number: string; issuedOn: string; signer: string },
    ) {
      return attachUpload(caller, { ...command, purpose: 'RESULT' }, (file) => ({
        action: 'ATTACH_RESULT_DOCUMENT',
        documentId: command.uploadId,
        number: command.number,
        issuedOn: command.issuedOn,
        signer: command.signer,
        file,
      }));
    },

    /** A component not digitised, for a reason the law allows (TT 03/2025 art. 5). */
    async markExempt(
      caller: Caller,
      command: { id: string; expectedVersion: number; componentCode: string; exemption: DigitisationExemption },
    ) {
      const current = requireVersion(
        await dossiers.dossier(command.id),
        command.id,
        command.expectedVersion,
        caller,
        'DOSSIER_ATTACH_DOCUMENT',
      );
      const transition = act(
        current,
        {
          action: 'ATTACH_DOCUMENT',
          componentCode: command.componentCode,
          documentId: deps.newId(),
          provenance: 'EXEMPT',
          exemption: command.exemption,
        },
        { caller, now: deps.now() },
      );
      await dossiers.commitTransition(transition);
      return transition.dossier;
    },

    /** An e-result of an earlier dossier of the same applicant stands for a component: no new file, a pointer. */
    async reuseResult(caller: Caller, command: { id: string; expectedVersion: number; componentCode: string; sourceDossierId: string }) {
      const [target, source] = await Promise.all([dossiers.dossier(command.id), documents.sourceDossier(command.sourceDossierId)]);
      const current = requireVersion(target, command.id, command.expectedVersion, caller, 'DOSSIER_ATTACH_DOCUMENT');
      // A missing source answers like another applicant's: the refusal tells nobody which dossiers exist.
      if (!source) throw new ReuseNotAllowedError(undefined, { sourceDossierId: command.sourceDossierId, field: 'sourceDossierId' });
      const result = checkReuse(current, source);
      const transition = act(
        current,
        {
          action: 'ATTACH_DOCUMENT',
          componentCode: command.componentCode,
          documentId: deps.newId(),
          provenance: 'REUSED_RESULT',
          sourceDocumentId: `${source.id}/${result.documentId}`,
          file: result.file,
        },
        { caller, now: deps.now() },
      );
      await dossiers.commitTransition(transition);
      return transition.dossier;
    },

    /**
     * The e-results of the applicant's other dossiers, found by the personal-data key (the citizen
     * ID's keyed hash index, never the number itself), for an officer who may attach to this one.
     */
    async reusableResults(caller: Caller, dossierId: string) {
      const dossier = await dossiers.dossier(dossierId);
      if (!dossier || !permits('DOSSIER_READ', caller, { dossier }) || !permits('DOSSIER_ATTACH_DOCUMENT', caller, { dossier }))
        throw new DossierNotFoundError(`No dossier ${dossierId}`, { dossierId });
      const idNumber = dossier.applicant.idNumber;
      if (!idNumber) return [];
      const found = await dossiers.byCitizenId(idNumber, 50);
      return found
        .filter((other) => other.id !== dossier.id && other.resultDocument && other.applicant.kind === dossier.applicant.kind)
        .map((other) => ({
          dossierId: other.id,
          dossierCode: other.code ?? null,
          procedureName: other.procedureName,
          result: other.resultDocument!,
        }));
    },

    /**
     * A download link that lives minutes, for a caller who may read the dossier; logged as a full
     * read. Not allowed reads as not found, like the dossier itself.
     */
    async download(caller: Caller, dossierId: string, documentId: string, requestId: string) {
      const dossier = await dossiers.dossier(dossierId);
      if (!dossier || !permits('DOCUMENT_DOWNLOAD', caller, { dossier }))
        throw new DossierNotFoundError(`No dossier ${dossierId}`, { dossierId });
      const file = fileOf(dossier, documentId);
      if (!file) throw new DocumentNotFoundError(`No document ${documentId} on dossier ${dossierId}`, { dossierId, documentId });
      const now = deps.now();
      await dossiers.recordRead(dossier.id, { ...caller, at: now, requestId, documentId });
      const url = await files().presignDownload(file.key, file.fileName, DOWNLOAD_SECONDS);
      return { url, validUntil: new Date(now.getTime() + DOWNLOAD_SECONDS * 1000).toISOString() };
    },

    /**
     * Removes uploads older than `olderThan` that were never attached, with any permanent copy an
     * interrupted attach left; for an upload that was attached (a crash after the commit), it
     * finishes the attach: the copy's retention, then the upload. Run by `npm run sweep-uploads` and the tests; on AWS the lifecycle rule expires
     * `uploads/` and this runs as the same function on a schedule.
     */
    async sweep(olderThan: Date): Promise<{ removed: number; neverAttached: number }> {
      let removed = 0;
      let neverAttached = 0;
      for (const key of await files().listOlderThan(fileKeys.uploadPrefix, olderThan)) {
        const parsed = fileKeys.parseUpload(key);
        if (!parsed) continue;
        const dossier = await dossiers.dossier(parsed.dossierId);
        if (!dossier || !fileOf(dossier, parsed.uploadId)) {
          await files().remove(fileKeys.attached(parsed.dossierId, parsed.uploadId));
          await documents.forgetUpload(parsed.dossierId, parsed.uploadId);
          neverAttached += 1;
        } else {
          await files().retain(fileKeys.attached(parsed.dossierId, parsed.uploadId));
        }
        await files().remove(key);
        removed += 1;
      }
      return { removed, neverAttached };
    },
  };
}

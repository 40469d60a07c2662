import { componentOf, DIGITISATION_EXEMPTIONS, UPLOADED_PROVENANCES } from '../documents';
import type { Dossier, DossierEvent } from '../dossier';
import { badInput } from '../errors';
import type { EventHeader } from '../events';
import type { CommandOf } from './types';

/**
 * Attaching documents: a component's document with how it came, and the electronic result. What
 * a provenance needs is checked here, once: a file for what was uploaded, a source for a reuse, a
 * reason (TT 03/2025 art. 5) for an exemption, and nothing else.
 */
export function decideAttachment(dossier: Dossier, command: CommandOf<'ATTACH_DOCUMENT'>, header: EventHeader): DossierEvent {
  componentOf(dossier.terms, command.componentCode);
  const { provenance } = command;
  // An uploaded provenance brings its verified file; a reused result, its source's file; an exemption, none.
  const hasFile = (UPLOADED_PROVENANCES as readonly string[]).includes(provenance) || provenance === 'REUSED_RESULT';
  if (hasFile !== (command.file !== undefined)) throw badInput('provenance', `${provenance} ${hasFile ? 'needs a' : 'takes no'} file`);
  if (
    (provenance === 'EXEMPT') !== (command.exemption !== undefined) ||
    (command.exemption && !(command.exemption in DIGITISATION_EXEMPTIONS))
  )
    throw badInput('exemption', 'An exemption reason (TT 03/2025 art. 5) goes with EXEMPT, and only with it');
  if ((provenance === 'REUSED_RESULT') !== (command.sourceDocumentId !== undefined))
    throw badInput('sourceDocumentId', 'A reused result names its source, and only a reused result does');
  return {
    ...header,
    type: 'DOCUMENT_ATTACHED',
    componentCode: command.componentCode,
    documentId: command.documentId,
    provenance,
    ...(command.exemption ? { exemption: command.exemption } : {}),
    ...(command.sourceDocumentId ? { sourceDocumentId: command.sourceDocumentId } : {}),
    ...(command.file ? { file: command.file } : {}),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function decideResultDocument(command: CommandOf<'ATTACH_RESULT_DOCUMENT'>, header: EventHeader): DossierEvent {
  if (!command.number.trim() || command.number.length > 100)
    throw badInput('number', 'The result’s number (số, ký hiệu), at most 100 characters');
  if (!command.signer.trim() || command.signer.length > 200) throw badInput('signer', 'Who signed the result, at most 200 characters');
  if (!ISO_DATE.test(command.issuedOn) || Number.isNaN(Date.parse(command.issuedOn)))
    throw badInput('issuedOn', 'The date of issue as YYYY-MM-DD');
  const { documentId, number, issuedOn, signer, file } = command;
  return { ...header, type: 'RESULT_DOCUMENT_ATTACHED', documentId, number, issuedOn, signer, file };
}

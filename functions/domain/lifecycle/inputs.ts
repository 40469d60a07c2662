import type { HandedInDocument, MissingItem, ProcedureTerms } from '../dossier';
import { badInput, MissingDocumentsError, UnknownDocumentsError } from '../errors';

/** What officers type or hand over with an action: documents, Form 02 items, reasons. */

/** Documents handed in must be on the procedure's list: staff may not ask for more (Decree 61/2018). */
export function handedIn(terms: ProcedureTerms, given: { code: string; copies: number }[]): HandedInDocument[] {
  const byCode = new Map(terms.documents.map((doc) => [doc.code, doc]));
  const unknown = given.filter((doc) => !byCode.has(doc.code)).map((doc) => doc.code);
  if (unknown.length > 0) {
    throw new UnknownDocumentsError(`Not in the list of procedure ${terms.code}: ${unknown.join(', ')}`, { documentCodes: unknown });
  }
  const badCopies = given.filter((doc) => !Number.isInteger(doc.copies) || doc.copies < 1 || doc.copies > 100);
  if (badCopies.length > 0) {
    throw badInput('documents', 'Copies must be a whole number from 1 to 100', { documentCodes: badCopies.map((doc) => doc.code) });
  }
  return given.flatMap((doc) => {
    const listed = byCode.get(doc.code);
    return listed ? [{ code: doc.code, name: listed.name, copies: doc.copies }] : [];
  });
}

export function assertComplete(terms: ProcedureTerms, documents: HandedInDocument[]): void {
  const given = new Set(documents.map((doc) => doc.code));
  const missing = terms.documents.filter((doc) => doc.required && !given.has(doc.code));
  if (missing.length > 0) {
    throw new MissingDocumentsError(`Missing: ${missing.map((doc) => doc.name).join('; ')}`, {
      documentCodes: missing.map((doc) => doc.code),
    });
  }
}

/** Form 02 may only list the procedure's own documents, each at most once. */
export function missingItems(terms: ProcedureTerms, items: { code: string; note?: string }[]): MissingItem[] {
  if (items.length === 0) throw badInput('items', 'List at least one item to complete');
  const byCode = new Map(terms.documents.map((doc) => [doc.code, doc]));
  const unknown = items.filter((item) => !byCode.has(item.code)).map((item) => item.code);
  if (unknown.length > 0) {
    throw new UnknownDocumentsError(`Staff may not ask for documents outside procedure ${terms.code}: ${unknown.join(', ')}`, {
      documentCodes: unknown,
    });
  }
  if (new Set(items.map((item) => item.code)).size !== items.length) throw badInput('items', 'Each item may be listed once');
  return items.flatMap((item) => {
    const doc = byCode.get(item.code);
    return doc
      ? [{ code: doc.code, name: doc.name, copyType: doc.copyType, copies: doc.copies, ...(item.note ? { note: item.note } : {}) }]
      : [];
  });
}

/** Later copies of a document replace earlier ones; new documents are added. */
export function mergeDocuments(current: HandedInDocument[], added: HandedInDocument[]): HandedInDocument[] {
  const merged = new Map(current.map((doc) => [doc.code, doc]));
  for (const doc of added) merged.set(doc.code, doc);
  return [...merged.values()];
}

export function requireReason(reason: string | undefined, field = 'reason'): string {
  if (!reason || reason.trim().length === 0) throw badInput(field, 'A reason is required');
  return reason;
}

import { NewCompletionItemsError } from '../errors';
import type { Regime } from './types';

/**
 * The one-time written guidance (hướng dẫn một lần, Form 02). The first request lists everything
 * missing: every required document not handed in is on it, whether or not the officer named it.
 * A later request, where the regime's one-time rule reaches, may only repeat items of the first
 * (what is still missing or still wrong); asking for anything new is NEW_COMPLETION_ITEMS.
 */
export interface Guidance {
  /** Document codes the first request listed. */
  firstItems: string[];
  /** Requests issued under the one-time rule (Form 02s), the first included. */
  count: number;
}

export interface GuidanceSubject {
  terms: { documents: readonly { code: string; required: boolean }[] };
  documents: readonly { code: string }[];
  guidance?: Guidance;
}

export interface RequestedItem {
  code: string;
  note?: string;
}

/** Whether the one-time rule covers a request before (false) or after (true) reception. */
export const guidanceCovers = (regime: Regime, afterReception: boolean): boolean =>
  !afterReception || regime.oneTimeGuidance.value.scope === 'WHOLE_DOSSIER';

/** Required documents not handed in, in the procedure's order. */
export const missingRequired = (dossier: GuidanceSubject): string[] => {
  const given = new Set(dossier.documents.map((doc) => doc.code));
  return dossier.terms.documents.filter((doc) => doc.required && !given.has(doc.code)).map((doc) => doc.code);
};

/**
 * The items a request lists: the officer's, plus every required document still missing. Checks
 * the one-time rule against the first request. Unknown or repeated codes are left for the
 * caller's item check (they are BAD_INPUT / UNKNOWN_DOCUMENTS there).
 */
export function completionItems(
  dossier: GuidanceSubject,
  regime: Regime,
  requested: readonly RequestedItem[],
  afterReception: boolean,
): RequestedItem[] {
  const named = new Set(requested.map((item) => item.code));
  const items = [
    ...requested,
    ...missingRequired(dossier)
      .filter((code) => !named.has(code))
      .map((code) => ({ code })),
  ];
  if (!guidanceCovers(regime, afterReception) || !dossier.guidance) return items;
  const first = new Set(dossier.guidance.firstItems);
  const added = items.map((item) => item.code).filter((code) => !first.has(code));
  if (added.length > 0) {
    throw new NewCompletionItemsError(`The first request (Form 02) did not ask for: ${added.join(', ')}`, {
      documentCodes: added,
      firstItems: dossier.guidance.firstItems,
      requests: dossier.guidance.count,
    });
  }
  return items;
}

/** The guidance after a request with these items was issued (the fold's side of `completionItems`). */
export function afterRequest(
  previous: Guidance | undefined,
  regime: Regime,
  itemCodes: readonly string[],
  afterReception: boolean,
): Guidance | undefined {
  if (!guidanceCovers(regime, afterReception)) return previous;
  return previous ? { ...previous, count: previous.count + 1 } : { firstItems: [...itemCodes], count: 1 };
}

import { createHash } from 'node:crypto';
import { parsePortalSyncMessage } from '#portal-sync/message';
import type { HandoffMessageV1 } from '#queue/handoff-message';
import { parseHandoffMessage } from '#queue/handoff-message';

/** What a failure record is about: the handoff when the message could be read, else its body. */
export interface FailureSubject {
  /** The record's sort key: stable across redeliveries and redrives of the same message. */
  key: string;
  message?: HandoffMessageV1;
}

/**
 * A readable message is keyed by its handoff id, so every copy of one handoff (redelivered,
 * duplicated, redriven with a new message id) shares one record. An unreadable one is keyed by a
 * hash of its body, which a redrive does not change either.
 */
export function failureSubjectOf(body: string, message?: HandoffMessageV1): FailureSubject {
  const parsed = message ?? tryParse(body);
  if (parsed) return { key: `HANDOFF#${parsed.handoffId}`, message: parsed };
  // A portal sync message: one record per dossier, whichever of its events failed.
  const portal = tryParsePortal(body);
  if (portal) return { key: portalFailureKey(portal.dossierId) };
  return { key: `BODY#${createHash('sha256').update(body).digest('hex').slice(0, 32)}` };
}

export const portalFailureKey = (dossierId: string): string => `PORTAL#${dossierId}`;

function tryParsePortal(body: string) {
  try {
    return parsePortalSyncMessage(body);
  } catch {
    return undefined;
  }
}

function tryParse(body: string): HandoffMessageV1 | undefined {
  try {
    return parseHandoffMessage(body);
  } catch {
    return undefined;
  }
}

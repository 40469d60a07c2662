import type { Dossier } from '../dossier';

/**
 * The names of what an action creates. A handoff or a consultation is named after the event that
 * creates it, `<dossier id>-<version>`: unique within the dossier, and the same on every retry of
 * the same action at the same version, so it doubles as the queue's deduplication id.
 */
export const nextEventId = (dossier: Pick<Dossier, 'id' | 'version'>): string => `${dossier.id}-${dossier.version + 1}`;

/** One agency's request within a consultation: `<consultation id>.<agency code>` (its message's handoffId). */
export const opinionRequestId = (consultationId: string, agencyCode: string): string => `${consultationId}.${agencyCode}`;

/**
 * The reverse of `opinionRequestId`. Consultation ids hold no dot (a dossier id is a UUID), agency
 * codes do, so the first dot splits them; an id without one names no agency.
 */
export function parseOpinionRequestId(id: string): { consultationId: string; agencyCode: string } {
  const cut = id.indexOf('.');
  return cut < 0 ? { consultationId: id, agencyCode: '' } : { consultationId: id.slice(0, cut), agencyCode: id.slice(cut + 1) };
}

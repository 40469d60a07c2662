import type { DossierEvent } from '#domain/dossier';
import { InvalidMessageError } from '#domain/errors';

/**
 * What the relay puts on the portal sync queue for each committed dossier event: a pointer, not the
 * data. The sender reads the dossier's current state when it sends, so a message that waited
 * (a retry, a redrive) never carries an old state to the portal. No personal data rides here.
 */
export const PORTAL_SYNC_MESSAGE_SCHEMA = 'lienthong.portal-sync/v1';

export interface PortalSyncMessageV1 {
  schema: typeof PORTAL_SYNC_MESSAGE_SCHEMA;
  dossierId: string;
  /** The event's version: the dossier's version once it was committed. */
  version: number;
  eventType: string;
  /** When the event was committed (its `at`): the start of the sync lag. */
  committedAt: string;
}

export const portalSyncMessageOf = (event: DossierEvent): PortalSyncMessageV1 => ({
  schema: PORTAL_SYNC_MESSAGE_SCHEMA,
  dossierId: event.dossierId,
  version: event.version,
  eventType: event.type,
  committedAt: event.at,
});

/** The event's id, `<dossier id>#<version>`: the queue's deduplication id. */
export const eventIdOf = (message: Pick<PortalSyncMessageV1, 'dossierId' | 'version'>): string => `${message.dossierId}#${message.version}`;

export function parsePortalSyncMessage(body: string): PortalSyncMessageV1 {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalid('body is not JSON');
  }
  const message = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (message.schema !== PORTAL_SYNC_MESSAGE_SCHEMA) throw invalid(`schema must be ${PORTAL_SYNC_MESSAGE_SCHEMA}`);
  if (typeof message.dossierId !== 'string' || message.dossierId === '' || message.dossierId.length > 200) throw invalid('dossierId');
  if (!Number.isInteger(message.version) || (message.version as number) < 1) throw invalid('version must be a whole number from 1');
  if (typeof message.eventType !== 'string' || typeof message.committedAt !== 'string') throw invalid('eventType and committedAt');
  return message as unknown as PortalSyncMessageV1;
}

const invalid = (reason: string) => new InvalidMessageError(`Portal sync message rejected: ${reason}`, { reason });

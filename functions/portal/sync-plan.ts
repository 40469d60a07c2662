import type { Dossier } from '#domain/dossier';
import { type PortalSource, portalCodeOf, toPortalDossier, toPortalSteps } from './mapping';
import { DEFAULT_PORTAL_MAPPING, type PortalMappingConfig } from './mapping-config';
import { type PortalDossierRequest, type PortalStepsRequest, STEP_BATCH_SIZE } from './payloads';

/** What the table keeps per dossier about its sync with the portal (one item, one conditional write). */
export interface PortalSyncRecord {
  /** The highest version the portal acknowledged; its steps up to it are there too. 0: never. */
  acknowledgedVersion: number;
  acknowledgedAt?: string;
  /** The last failure since the last acknowledgement; cleared by the next one. */
  lastError?: { code: string; message: string; version: number; at: string };
  lastAttemptAt?: string;
  /** Failed attempts since the last acknowledgement. */
  attempts: number;
}

export const NEVER_SYNCED: PortalSyncRecord = { acknowledgedVersion: 0, attempts: 0 };

/** The event an operator's resync of a dossier (or a day) appends; every step is sent again after it. */
export const RESYNC_EVENT = 'PORTAL_RESYNC_REQUESTED';

export type PortalSyncPlan =
  /** The portal has acknowledged this version or a newer one: a repeat or an older message. */
  | { kind: 'UP_TO_DATE'; acknowledgedVersion: number }
  /** No code yet (a counter dossier before acceptance): nothing the portal could file it under. */
  | { kind: 'NO_CODE_YET' }
  | { kind: 'SEND'; version: number; steps: PortalStepsRequest[]; dossier: PortalDossierRequest };

/**
 * What to send for a dossier now: always its current state (whatever event triggered the sync),
 * with the steps the portal has not acknowledged, in the portal's batches of 10. Versions are
 * checked here, before sending, and the portal keeps the highest version too.
 */
export function planPortalSync(
  source: PortalSource,
  record: PortalSyncRecord = NEVER_SYNCED,
  config: PortalMappingConfig = DEFAULT_PORTAL_MAPPING,
): PortalSyncPlan {
  if (source.dossier.version <= record.acknowledgedVersion) return { kind: 'UP_TO_DATE', acknowledgedVersion: record.acknowledgedVersion };
  const data = toPortalDossier(source, config);
  if (!data) return { kind: 'NO_CODE_YET' };
  // An operator's resync (an event the online-filing module appends) sends the whole history again.
  const resync = source.events.some((event) => (event.type as string) === RESYNC_EVENT && event.version > record.acknowledgedVersion);
  const steps = toPortalSteps(source, resync ? 0 : record.acknowledgedVersion, config);
  const batches: PortalStepsRequest[] = [];
  for (let start = 0; start < steps.length; start += STEP_BATCH_SIZE) batches.push({ data: steps.slice(start, start + STEP_BATCH_SIZE) });
  return { kind: 'SEND', version: source.dossier.version, steps: batches, dossier: { isUpdating: record.acknowledgedVersion > 0, data } };
}

export type PortalSyncStateName = 'NOT_APPLICABLE' | 'PENDING' | 'SYNCED' | 'FAILING' | 'REFUSED';

/** Failures a retry will not cure: the portal's refusal, and our own payload off the contract. */
const NOT_PASSING = new Set(['PORTAL_REFUSED', 'PORTAL_OFF_CONTRACT']);

/** The dossier's sync as officers see it (Dossier.portalSync). */
export function portalSyncState(dossier: Dossier, record: PortalSyncRecord = NEVER_SYNCED): PortalSyncStateName {
  if (record.acknowledgedVersion >= dossier.version) return 'SYNCED';
  if (record.lastError) return NOT_PASSING.has(record.lastError.code) ? 'REFUSED' : 'FAILING';
  if (portalCodeOf(dossier) === undefined) return 'NOT_APPLICABLE';
  return 'PENDING';
}

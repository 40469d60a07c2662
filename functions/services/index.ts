import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Caller } from '#domain/lifecycle';
import { createStore, requireEnv, sharedDocumentClient } from '../store';
import { agencyService } from './agencies';
import { createCalendarService } from './calendar';
import { catalogService } from './catalog';
import { type DeliveryMessage, deliverHandoff } from './delivery';
import type { ServiceDeps } from './deps';
import {
  acceptDossier,
  type OfficerCommand,
  type OpinionRequestCommand,
  performAction,
  requestOpinions,
  type SubmitDossierCommand,
  submitDossier,
  type TransferCommand,
  transferDossier,
} from './dossier-actions';
import { dossierQueries } from './dossier-queries';
import { failureService } from './failures';
import { formService } from './forms';
import { publicLookup } from './lookup';
import { seedReferenceData } from './province';
import { qualityService } from './quality';

/**
 * The one wiring point: every edge (GraphQL resolvers, the print Lambda, the transfer consumer,
 * the seed, the scripts) reaches the table through these use cases and nothing else.
 */
export function createServices(options: Partial<ServiceDeps> & Pick<ServiceDeps, 'store'>) {
  const deps: ServiceDeps = { now: () => new Date(), newId: () => randomUUID(), ...options };
  return {
    now: deps.now,
    dossiers: {
      ...dossierQueries(deps),
      submit: (caller: Caller, command: SubmitDossierCommand) => submitDossier(deps, caller, command),
      accept: (caller: Caller, id: string, expectedVersion: number) => acceptDossier(deps, caller, id, expectedVersion),
      transfer: (caller: Caller, command: TransferCommand) => transferDossier(deps, caller, command),
      requestOpinions: (caller: Caller, command: OpinionRequestCommand) => requestOpinions(deps, caller, command),
      act: (caller: Caller, id: string, expectedVersion: number, command: OfficerCommand) =>
        performAction(deps, caller, id, expectedVersion, command),
      deliver: (message: DeliveryMessage) => deliverHandoff(deps, message),
      lookup: (code: string, secret: string) => publicLookup(deps, code, secret),
    },
    agencies: agencyService(deps),
    catalog: catalogService(deps),
    /** Official day-off schedules, and the calendar every other use case counts with (cached per table's store). */
    calendar: createCalendarService(deps.store.calendar, { now: deps.now }),
    forms: formService(deps),
    failures: failureService(deps),
    /** Statistics (issue 12): the read model the projector keeps, the 766 index, Form II.06a. */
    quality: qualityService(deps),
    province: {
      seed: (data: Parameters<typeof seedReferenceData>[1], onProgress?: Parameters<typeof seedReferenceData>[2]) =>
        seedReferenceData(deps, data, onProgress),
    },
    /** The same services for one request, telling `observer` of every agency an action reads (to prime a loader). */
    observingAgencies: (observer: (agency: Agency) => void) => createServices({ ...deps, onAgencyRead: observer }),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Services over one table (tests, scripts, local tools): the client defaults to the process's shared one. */
export function servicesForTable(
  tableName: string,
  options: Partial<Omit<ServiceDeps, 'store'>> & { db?: DynamoDBDocumentClient } = {},
): Services {
  const { db = sharedDocumentClient(), ...rest } = options;
  return createServices({ store: createStore(db, tableName), ...rest });
}

/** A Lambda's services, built once at cold start over the table its environment names (TABLE_NAME). */
export function servicesFromEnvironment(options: Partial<Omit<ServiceDeps, 'store'>> = {}): Services {
  return servicesForTable(requireEnv('TABLE_NAME'), options);
}

export type { DossierReadRecord, OpinionRequestRecord } from '../store';
export { ConfigurationError } from '../store';
export type { DeliveryMessage, DeliveryOutcome } from './delivery';
export type { OfficerCommand } from './dossier-actions';
export type { AgencyLoader, DossierFormName } from './forms';
export { requireEnv };

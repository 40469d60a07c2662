import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import { codeFormChoicesOf } from '#domain/codes/code-forms';
import type { Caller } from '#domain/lifecycle';
import { createStore, requireEnv, sharedDocumentClient } from '../store';
import { agencyService, rememberAgencyRead } from './agencies';
import { createCalendarService } from './calendar';
import { catalogService, rememberProcedureRead } from './catalog';
import { type DeliveryMessage, deliverHandoff } from './delivery';
import type { ServiceDeps } from './deps';
import { documentService } from './documents';
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
import { evaluationService } from './evaluation';
import { failureService } from './failures';
import { feedbackService } from './feedback';
import { formService } from './forms';
import { publicLookup } from './lookup';
import { numberingService } from './numbering';
import { onlineService } from './online';
import { portalSyncService } from './portal-sync';
import { seedReferenceData } from './province';
import { qualityService } from './quality';
import { reconciliationService } from './reconciliation';
import { satisfactionService } from './satisfaction';

/**
 * The one wiring point: every edge (GraphQL resolvers, the print Lambda, the transfer consumer,
 * the seed, the scripts) reaches the table through these use cases and nothing else.
 */
export function createServices(options: Partial<ServiceDeps> & Pick<ServiceDeps, 'store'>): Services {
  const remember = rememberAgencyRead(options.store);
  const rememberProcedure = rememberProcedureRead(options.store);
  const deps: ServiceDeps = {
    now: () => new Date(),
    newId: () => randomUUID(),
    ...options,
    // What an action read fresh also refreshes the container's copies (names without a read).
    onAgencyRead: (agency) => {
      remember(agency);
      options.onAgencyRead?.(agency);
    },
    onProcedureRead: rememberProcedure,
  };
  return withObservers(baseServices(deps), deps);
}

function baseServices(deps: ServiceDeps) {
  const satisfaction = satisfactionService(deps);
  const feedback = feedbackService(deps);
  const quality = qualityService(deps);
  return {
    now: deps.now,
    dossiers: { ...dossierQueries(deps), ...dossierActions(deps) },
    /** Dossier files: uploads, attachments, digitisation, downloads, the upload sweeper (issue 11). */
    documents: documentService(deps),
    agencies: agencyService(deps),
    catalog: catalogService(deps),
    /** Official day-off schedules, and the calendar every other use case counts with (cached per table's store). */
    calendar: createCalendarService(deps.store.calendar, { now: deps.now }),
    forms: formService(deps),
    /** Issue 14: the day's dossier numbers: the nightly sweep of reservations never recorded, and void numbers for the register. */
    numbering: numberingService(deps),
    /** Issue 10: dossiers, answers and payments from the national portal; reconciliation with it. */
    online: onlineService(deps),
    reconciliation: reconciliationService(deps),
    failures: failureService(deps),
    /** Each dossier's state to the national portal (DVCQG), and what the portal acknowledged. */
    portalSync: portalSyncService(deps),
    /** Issue 12, the citizens' voice: ratings and their counts, PAKN, the quarterly agency evaluation. */
    satisfaction,
    feedback,
    evaluation: evaluationService(deps, { satisfaction, feedback, onTimePercent: quality.onTimePercent }),
    /** Statistics (issue 12): the read model the projector keeps, the 766 index, Form II.06a. */
    quality,
    province: {
      seed: (data: Parameters<typeof seedReferenceData>[1], onProgress?: Parameters<typeof seedReferenceData>[2]) =>
        seedReferenceData(deps, data, onProgress),
    },
  };
}

/** The dossier actions: the only services that tell `deps.onAgencyRead` of the agencies they read. */
const dossierActions = (deps: ServiceDeps) => ({
  submit: (caller: Caller, command: SubmitDossierCommand) => submitDossier(deps, caller, command),
  accept: (caller: Caller, id: string, expectedVersion: number) => acceptDossier(deps, caller, id, expectedVersion),
  transfer: (caller: Caller, command: TransferCommand) => transferDossier(deps, caller, command),
  requestOpinions: (caller: Caller, command: OpinionRequestCommand) => requestOpinions(deps, caller, command),
  act: (caller: Caller, id: string, expectedVersion: number, command: OfficerCommand) =>
    performAction(deps, caller, id, expectedVersion, command),
  deliver: (message: DeliveryMessage) => deliverHandoff(deps, message),
  lookup: (code: string, secret: string, clientKey?: string) => publicLookup(deps, code, secret, clientKey),
});

type BaseServices = ReturnType<typeof baseServices>;

export type Services = BaseServices & {
  /** The same services for one request, telling `observer` of every agency an action reads (to prime a loader). */
  observingAgencies(observer: (agency: Agency) => void): Services;
};

/**
 * Adds `observingAgencies`. A request's variant shares every service object with the container's
 * and rebuilds only the dossier actions over deps that carry the observer: it runs per request.
 */
function withObservers(services: BaseServices, deps: ServiceDeps): Services {
  return {
    ...services,
    observingAgencies: (observer) => {
      // Added to what the container's deps already do with each agency read, not instead of it.
      const observed: ServiceDeps = {
        ...deps,
        onAgencyRead: (agency) => {
          deps.onAgencyRead?.(agency);
          observer(agency);
        },
      };
      return withObservers({ ...services, dossiers: { ...services.dossiers, ...dossierActions(observed) } }, observed);
    },
  };
}

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
  return servicesForTable(requireEnv('TABLE_NAME'), { codeForms: codeFormChoicesOf(process.env.PROVINCE_CODE), ...options });
}

export type { DossierReadRecord, IntakeFailureRecord, OpinionRequestRecord } from '../store';
export { ConfigurationError, withDynamoDbBudget } from '../store';
export type { DeliveryMessage, DeliveryOutcome } from './delivery';
export type { OfficerCommand } from './dossier-actions';
export type { PersonalDataAudit } from './dossier-queries';
export type { AgencyLoader, DossierFormName } from './forms';
export { CLIENT_ATTEMPTS_PER_HOUR, clientKeyOf, FREE_ATTEMPTS } from './lookup';
export type { SweepReport } from './numbering';
export type { PullReport } from './online';
export type { PortalSyncOutcome } from './portal-sync';
export type { PortalReconcileSource } from './reconciliation';
export { requireEnv };

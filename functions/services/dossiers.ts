import { randomUUID } from 'node:crypto';
import type { Agency } from '../domain/agencies';
import type { AgencyRef, Applicant, Channel, Dossier } from '../domain/dossier';
import { DomainError } from '../domain/errors';
import { act, type Caller, type Command, deliver, submit, type Transition } from '../domain/lifecycle';
import { ancestorCodes } from '../domain/routing';
import { vietnamYymmdd } from '../domain/vietnam-time';
import type { AgencyRepository } from '../store/agency-repository';
import { agencyFromItem } from '../store/agency-repository';
import { batchRead } from '../store/batch-read';
import type { CatalogRepository } from '../store/catalog-repository';
import { procedureFromItem } from '../store/catalog-repository';
import { handoffItem } from '../store/dossier-items';
import { type DossierRepository, ExtraConditionFailed } from '../store/dossier-repository';
import { keys } from '../store/table-design';

/**
 * Use cases. Each loads what its domain function needs in ONE read (a GetItem or a BatchGetItem),
 * calls it, and commits the transition in ONE transaction. GraphQL resolvers and queue consumers
 * both come through here.
 */
export interface Services {
  dossiers: DossierRepository;
  agencies: AgencyRepository;
  catalog: CatalogRepository;
  now: () => Date;
  newId: () => string;
  /** Told of every agency an action read, so a request's loader need not read it again. */
  onAgencyRead?: (agency: Agency) => void;
}

export const defaultIds = () => randomUUID();

export interface SubmitDossierCommand {
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
}

const agencyRef = (agency: Agency): AgencyRef => ({ code: agency.code, identifier: agency.identifier, level: agency.level });
const officeHoursOf = (agency: Agency) => (agency.officeHours?.length ? { officeHours: agency.officeHours } : {});

/**
 * One BatchGetItem: the receiving agency, the subject commune with its ancestors, and the
 * procedure's current terms. All reference data, read eventually consistent: a procedure version
 * published a second ago may be seen a moment later.
 */
export async function submitDossier(services: Services, caller: Caller, command: SubmitDossierCommand): Promise<Dossier> {
  const communeCode = command.applicant.address.communeAgencyCode;
  const chainCodes = ancestorCodes(communeCode);
  const [receivingItem, procedureItem, ...chainItems] = await batchRead(services.dossiers.db, services.dossiers.tableName, [
    keys.agency(caller.agencyCode),
    keys.procedureCurrent(command.procedureCode),
    ...chainCodes.map(keys.agency),
  ], false);
  if (!procedureItem) {
    throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure ${command.procedureCode}`, { procedureCode: command.procedureCode });
  }
  if (!receivingItem) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${caller.agencyCode}`, { agencyCode: caller.agencyCode });
  const chain = chainItems.map((item) => (item ? agencyFromItem(item) : undefined));
  [receivingItem, ...chainItems].forEach((item) => item && services.onAgencyRead?.(agencyFromItem(item)));
  if (chain[0]?.level !== 'COMMUNE' || chain.some((agency) => agency === undefined)) {
    throw new DomainError('AGENCY_NOT_FOUND', `No commune ${communeCode} in this province`, {
      agencyCode: communeCode,
      field: 'applicant.address.communeAgencyCode',
    });
  }
  const transition = submit({
    id: services.newId(),
    now: services.now(),
    caller,
    receivingAgency: { ...agencyRef(agencyFromItem(receivingItem)), ...officeHoursOf(agencyFromItem(receivingItem)) },
    subjectChain: chain.map((agency) => agencyRef(agency!)),
    procedure: procedureFromItem(procedureItem),
    applicant: command.applicant,
    documents: command.documents,
    channel: command.channel,
  });
  await services.dossiers.commit(transition);
  return transition.dossier;
}

const MAX_SEQUENCE_ATTEMPTS = 20;

/**
 * Accepts a dossier and gives it the agency's next number of the day. The counter is read with the
 * dossier and written in the same transaction under a condition on its previous value, so numbers
 * are never duplicated and never skipped; a concurrent acceptance at the same agency makes this
 * one re-read and retry.
 */
export async function acceptDossier(services: Services, caller: Caller, id: string, expectedVersion: number): Promise<Dossier> {
  for (let attempt = 1; ; attempt += 1) {
    const now = services.now();
    const counterKey = keys.sequence(caller.agencyCode, vietnamYymmdd(now));
    const [dossier, counter] = await services.dossiers.getWith(id, counterKey);
    const current = requireVersion(dossier, id, expectedVersion);
    const previous = typeof counter?.last === 'number' ? counter.last : 0;
    const transition = act(current, { action: 'ACCEPT', sequence: previous + 1 }, { caller, now });
    const counterWrite = services.dossiers.put(
      { ...counterKey, entity: 'SEQUENCE', last: previous + 1 },
      previous === 0
        ? { expression: 'attribute_not_exists(PK)' }
        : { expression: '#last = :previous', names: { '#last': 'last' }, values: { ':previous': previous } },
    );
    try {
      await services.dossiers.commit(transition, [counterWrite]);
      return transition.dossier;
    } catch (error) {
      // Another acceptance took the number (DynamoDB Local reports a failed condition; DynamoDB
      // itself may report a transaction conflict): read again and take the next one.
      const raced = error instanceof ExtraConditionFailed || (error instanceof DomainError && error.code === 'CONFLICT');
      if (!raced) throw error;
      if (attempt >= MAX_SEQUENCE_ATTEMPTS) {
        throw new DomainError('CONFLICT', 'Too many acceptances at once at this agency; retry', { agencyCode: caller.agencyCode });
      }
      await jitter(attempt);
    }
  }
}

export interface TransferCommand {
  id: string;
  toAgency: string;
  expectedVersion: number;
  note?: string;
}

/** One BatchGetItem (the dossier and the target agency), one transaction (head, event, handoff record). */
export async function transferDossier(services: Services, caller: Caller, command: TransferCommand): Promise<Dossier> {
  const [dossier, toItem] = await services.dossiers.getWith(command.id, keys.agency(command.toAgency));
  const current = requireVersion(dossier, command.id, command.expectedVersion);
  if (!toItem) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${command.toAgency}`, { agencyCode: command.toAgency, field: 'toAgency' });
  services.onAgencyRead?.(agencyFromItem(toItem));
  const transition = act(
    current,
    {
      action: 'TRANSFER',
      toAgency: agencyRef(agencyFromItem(toItem)),
      handoffId: `${current.id}-${current.version + 1}`,
      ...(command.note ? { note: command.note } : {}),
    },
    { caller, now: services.now() },
  );
  await services.dossiers.commit(transition, [
    services.dossiers.put(handoffItem(current.id, transition.dossier.handoff!), { expression: 'attribute_not_exists(PK)' }),
  ]);
  return transition.dossier;
}

/** Any other officer action: one GetItem, one transaction. */
export async function performAction(
  services: Services,
  caller: Caller,
  id: string,
  expectedVersion: number,
  command: Exclude<Command, { action: 'ACCEPT' | 'TRANSFER' }>,
): Promise<Transition> {
  const dossier = requireVersion(await services.dossiers.get(id), id, expectedVersion);
  const transition = act(dossier, command, { caller, now: services.now() });
  await services.dossiers.commit(transition);
  return transition;
}

export type DeliveryOutcome = 'DELIVERED' | 'ALREADY_DELIVERED';

/**
 * Applies a handoff message in the receiver's inbox. The handoff record moves from SENT to
 * DELIVERED under a condition, in the same transaction as the dossier, so however often the
 * message arrives the arrival is recorded once.
 */
export async function deliverHandoff(
  services: Services,
  message: { dossierId: string; handoffId: string; toAgency: string },
): Promise<DeliveryOutcome> {
  const [dossier, handoff] = await services.dossiers.getWithHandoff(message.dossierId, message.handoffId);
  if (!dossier || !handoff) {
    throw new DomainError('INVALID_MESSAGE', `Unknown handoff ${message.handoffId} of dossier ${message.dossierId}`, { ...message });
  }
  if (handoff.toAgency !== message.toAgency) {
    throw new DomainError('INVALID_MESSAGE', `Handoff ${handoff.id} is for ${handoff.toAgency}, not ${message.toAgency}`, { ...message });
  }
  if (handoff.state === 'DELIVERED') return 'ALREADY_DELIVERED';
  const transition = deliver({ dossier, handoffId: handoff.id, now: services.now() });
  if (!transition) return 'ALREADY_DELIVERED';
  try {
    await services.dossiers.commit(transition, [
      services.dossiers.put(handoffItem(dossier.id, transition.dossier.handoff!), {
        expression: '#state = :sent',
        names: { '#state': 'state' },
        values: { ':sent': 'SENT' },
      }),
    ]);
  } catch (error) {
    if (error instanceof ExtraConditionFailed) return 'ALREADY_DELIVERED';
    throw error;
  }
  return 'DELIVERED';
}

function requireVersion(dossier: Dossier | undefined, id: string, expectedVersion: number): Dossier {
  if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${id}`, { dossierId: id });
  if (dossier.version !== expectedVersion) {
    throw new DomainError('STALE_VERSION', `Dossier ${id} is at version ${dossier.version}, not ${expectedVersion}`, {
      dossierId: id,
      currentVersion: dossier.version,
    });
  }
  return dossier;
}

const jitter = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** attempt)));

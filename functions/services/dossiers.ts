import { randomUUID } from 'node:crypto';
import type { Agency } from '../domain/agencies';
import { authorizeOperation, type Operation, permits } from '../domain/authorization';
import type { Duration } from '../domain/catalog';
import type { AgencyRef, Applicant, Channel, Dossier } from '../domain/dossier';
import { DomainError } from '../domain/errors';
import { act, type Caller, type Command, deliver, parseOpinionRequestId, submit, type Transition, vietnamYymmdd } from '../domain/lifecycle';
import { ancestorCodes } from '../domain/routing';
import type { AgencyRepository } from '../store/agency-repository';
import { agencyFromItem } from '../store/agency-repository';
import { batchRead } from '../store/batch-read';
import type { CatalogRepository } from '../store/catalog-repository';
import { procedureFromItem } from '../store/catalog-repository';
import { dossierFromItem, type HandoffState, handoffItem, handoffItemWithState, opinionRequestItem } from '../store/dossier-items';
import { isConditionFailure } from '../store/dossier-repository';
import type { HandoffMessageKind } from '../queue/handoff-message';
import { type DossierRepository, ExtraConditionFailed, type PutCondition, type TransactItem } from '../store/dossier-repository';
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
    const current = requireVersion(dossier, id, expectedVersion, caller, 'DOSSIER_ACCEPT');
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
  const current = requireVersion(dossier, command.id, command.expectedVersion, caller, 'DOSSIER_TRANSFER');
  if (!toItem) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${command.toAgency}`, { agencyCode: command.toAgency, field: 'toAgency' });
  services.onAgencyRead?.(agencyFromItem(toItem));
  const transition = act(
    current,
    {
      action: 'TRANSFER',
      toAgency: agencyRef(agencyFromItem(toItem)),
      ...(command.note ? { note: command.note } : {}),
    },
    { caller, now: services.now() },
  );
  await services.dossiers.commit(transition, [
    services.dossiers.put(handoffItem(current.id, transition.dossier.handoff!), { expression: 'attribute_not_exists(PK)' }),
  ]);
  return transition.dossier;
}

export interface OpinionRequestCommand {
  id: string;
  expectedVersion: number;
  question: string;
  agencies: { agencyCode: string; budget: Duration }[];
}

/**
 * The lead agency asks others for their opinion. One BatchGetItem (the dossier and the agencies
 * asked); one transaction: the head, its event, and each agency's request in that agency's list.
 * The stream relay then sends each agency its OPINION_REQUEST message.
 */
export async function requestOpinions(services: Services, caller: Caller, command: OpinionRequestCommand): Promise<Transition> {
  const codes = command.agencies.map((entry) => entry.agencyCode);
  const [head, ...agencyItems] = await batchRead(services.dossiers.db, services.dossiers.tableName, [
    keys.dossier(command.id),
    ...codes.map(keys.agency),
  ]);
  const dossier = requireVersion(head ? dossierFromItem(head) : undefined, command.id, command.expectedVersion, caller, 'DOSSIER_REQUEST_OPINIONS');
  const missing = codes.filter((_, index) => !agencyItems[index]);
  if (missing.length > 0) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${missing.join(', ')}`, { agencyCodes: missing, field: 'agencies' });
  const agencies = agencyItems.map((item) => agencyRef(agencyFromItem(item!)));
  const transition = act(
    dossier,
    {
      action: 'REQUEST_OPINIONS',
      question: command.question,
      agencies: agencies.map((agency, index) => ({ agency, budget: command.agencies[index]!.budget })),
    },
    { caller, now: services.now() },
  );
  const consultation = transition.dossier.consultation!;
  await services.dossiers.commit(
    transition,
    consultation.requests.map((request) =>
      services.dossiers.put(opinionRequestItem(transition.dossier, consultation, request), { expression: 'attribute_not_exists(PK)' }),
    ),
  );
  return transition;
}

type ExtraItems = (transition: Transition, before: Dossier) => TransactItem[];

/** The actions `performAction` runs; acceptance, transfer and opinion requests have their own reads. */
export type OfficerCommand = Exclude<Command, { action: 'ACCEPT' | 'TRANSFER' | 'REQUEST_OPINIONS' }>;

/** Any other officer action: one GetItem, one transaction (plus the records the action keeps beside the head). */
export async function performAction(
  services: Services,
  caller: Caller,
  id: string,
  expectedVersion: number,
  command: OfficerCommand,
  extra: ExtraItems = extraItemsFor(services, command.action),
): Promise<Transition> {
  const dossier = requireVersion(await services.dossiers.get(id), id, expectedVersion, caller, `DOSSIER_${command.action}`);
  const transition = act(dossier, command, { caller, now: services.now() });
  await services.dossiers.commit(transition, extra(transition, dossier));
  return transition;
}

/**
 * Records an action keeps beside the head, in the same transaction: a handoff's state (accepted,
 * returned, and the RETURN handoff it sends), and an answered opinion request.
 */
function extraItemsFor(services: Services, action: Command['action']): ExtraItems {
  const { dossiers } = services;
  switch (action) {
    case 'ACCEPT_HANDOFF':
      return ({ dossier }) => [dossiers.put(handoffItem(dossier.id, dossier.handoff!), stateIs('DELIVERED'))];
    case 'RETURN_HANDOFF':
      // The handoff received is marked RETURNED; the RETURN handoff it sends back starts as SENT.
      return ({ dossier, event }, before) => {
        const returned = event.handoff!;
        const received = { ...before.handoff!, returnedAt: event.at };
        return [
          dossiers.put(handoffItem(dossier.id, received), stateIs('DELIVERED')),
          dossiers.put(handoffItem(dossier.id, returned), { expression: 'attribute_not_exists(PK)' }),
        ];
      };
    case 'GIVE_OPINION':
    case 'CLOSE_CONSULTATION':
    case 'WITHDRAW':
    case 'STOP':
      return ({ dossier }, before) => settledOpinionRequests(services, before, dossier);
    default:
      return () => [];
  }
}

/**
 * Opinion requests that this transition answered, or took out of the consulted agencies' lists
 * (the consultation closed, or the dossier ended while it was open).
 */
function settledOpinionRequests(services: Services, before: Dossier, after: Dossier): TransactItem[] {
  const consultation = after.consultation;
  if (!consultation || before.consultation?.closedAt) return [];
  const closedNow = consultation.closedAt !== undefined;
  return consultation.requests
    .filter((request, index) => {
      const wasOpen = before.consultation?.requests[index]?.answeredAt === undefined;
      return wasOpen && (request.answeredAt !== undefined || closedNow);
    })
    .map((request) => services.dossiers.settleOpinionRequest(after.id, consultation.id, request));
}

const stateIs = (state: HandoffState): PutCondition => ({ expression: '#state = :state', names: { '#state': 'state' }, values: { ':state': state } });

export type DeliveryOutcome = 'DELIVERED' | 'ALREADY_DELIVERED' | 'DISCARDED';

export interface DeliveryMessage {
  kind: HandoffMessageKind;
  dossierId: string;
  handoffId: string;
  toAgency: string;
  /** Set when an agency's own system acknowledges through the API rather than a platform consumer. */
  acknowledgedBy?: string;
}

/**
 * Applies a queue message in the receiver's inbox. A handoff record moves from SENT to DELIVERED
 * (or DISCARDED, when the dossier ended while it travelled) under a condition, in the same
 * transaction as the dossier, so however often the message arrives its effect happens once.
 */
export async function deliverHandoff(services: Services, message: DeliveryMessage): Promise<DeliveryOutcome> {
  try {
    return await applyDelivery(services, message);
  } catch (error) {
    // An agency system acknowledging through the API learns nothing about handoffs not addressed
    // to it: every mismatch reads as "no such dossier".
    if (message.acknowledgedBy && error instanceof DomainError && error.code === 'INVALID_MESSAGE') {
      throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${message.dossierId}`, { dossierId: message.dossierId });
    }
    throw error;
  }
}

async function applyDelivery(services: Services, message: DeliveryMessage): Promise<DeliveryOutcome> {
  if (message.kind === 'OPINION_REQUEST') return deliverOpinionRequest(services, message);
  const [dossier, handoff] = await services.dossiers.getWithHandoff(message.dossierId, message.handoffId);
  if (!dossier || !handoff) {
    throw new DomainError('INVALID_MESSAGE', `Unknown handoff ${message.handoffId} of dossier ${message.dossierId}`, { ...message });
  }
  if (handoff.toAgency !== message.toAgency) {
    throw new DomainError('INVALID_MESSAGE', `Handoff ${handoff.id} is for ${handoff.toAgency}, not ${message.toAgency}`, { ...message });
  }
  if (handoff.state !== 'SENT') return 'ALREADY_DELIVERED';
  const transition = deliver({ dossier, handoffId: handoff.id, now: services.now() });
  try {
    if (!transition) {
      // The dossier ended (withdrawn) while the handoff travelled: nobody is to receive it.
      await services.dossiers.putItem(handoffItemWithState(dossier.id, handoff, 'DISCARDED'), stateIs('SENT'));
      return 'DISCARDED';
    }
    await services.dossiers.commit(transition, [services.dossiers.put(handoffItem(dossier.id, transition.dossier.handoff!), stateIs('SENT'))]);
  } catch (error) {
    if (error instanceof ExtraConditionFailed || isConditionFailure(error)) return 'ALREADY_DELIVERED';
    throw error;
  }
  return 'DELIVERED';
}

/** An opinion request needs no dossier change: its record notes the delivery, once. */
async function deliverOpinionRequest(services: Services, message: DeliveryMessage): Promise<DeliveryOutcome> {
  const { consultationId, agencyCode } = parseOpinionRequestId(message.handoffId);
  if (agencyCode !== message.toAgency) {
    throw new DomainError('INVALID_MESSAGE', `Opinion request ${message.handoffId} is not for ${message.toAgency}`, { ...message });
  }
  const delivered = await services.dossiers.markOpinionRequestDelivered(message.dossierId, consultationId, agencyCode, services.now());
  return delivered ? 'DELIVERED' : 'ALREADY_DELIVERED';
}

/**
 * The dossier as loaded, if the caller may act on it at this version. A dossier the caller may
 * not read answers exactly like a missing one, before its version is compared, so neither the
 * error nor the version tells anyone that it exists.
 */
function requireVersion(dossier: Dossier | undefined, id: string, expectedVersion: number, caller: Caller, operation: Operation): Dossier {
  if (!dossier || !permits('DOSSIER_READ', caller, { dossier })) throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${id}`, { dossierId: id });
  authorizeOperation(operation, caller, { dossier });
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

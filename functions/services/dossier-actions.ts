import { AGENCY_KINDS, type Agency, standsForUnit } from '#domain/agencies';
import { assertAgencyOpen, isOpenAt } from '#domain/agencies-validity';
import { authorizeOperation, type Operation, permits } from '#domain/authorization';
import type { Duration } from '#domain/catalog';
import { codeFormAt } from '#domain/codes/code-forms';
import type { AgencyRef, Applicant, Channel, Dossier, OpinionRequest } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { act, type Caller, type Command, submit, type Transition, vietnamYymmdd } from '#domain/lifecycle';
import { ancestorCodes, type SectorAgency } from '#domain/routing';
import type { ReceptionPoint, ResultDeliveryMode } from '#domain/routing-reception';
import { SequenceTaken } from '../store';
import type { ServiceDeps } from './deps';

/**
 * The dossier's use cases. Each loads what its domain function needs in ONE read (a GetItem or a
 * BatchGetItem), calls it, and commits the transition in ONE transaction through a store verb.
 * GraphQL resolvers and queue consumers both come through here.
 */

export interface SubmitDossierCommand {
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  /** Another reception point of the province where the applicant collects the result. */
  returnAt?: string;
  resultDelivery?: ResultDeliveryMode;
  /** Filed online on the national portal (functions/services/online.ts): its code, kept. */
  portalCode?: string;
}

const agencyRef = (agency: Agency): AgencyRef => ({ code: agency.code, identifier: agency.identifier, level: agency.level });
const receptionPoint = (agency: Agency): ReceptionPoint => ({ ...agencyRef(agency), receives: AGENCY_KINDS[agency.kind].receives });

/**
 * The province's deciding agencies of the sectors a route names (departments, vertical agencies),
 * in service now. They sit under the province's People's Committee; read only when the route
 * names a sector, as one Query of the province's direct children.
 */
async function sectorAgenciesFor(deps: ServiceDeps, sectors: readonly string[], provinceCode: string, now: Date): Promise<SectorAgency[]> {
  if (sectors.length === 0) return [];
  const children = await deps.store.agencies.children(provinceCode);
  return children
    .filter((agency) => agency.sector !== undefined && sectors.includes(agency.sector))
    .filter((agency) => AGENCY_KINDS[agency.kind].decides && isOpenAt(agency, now))
    .map((agency) => ({ ...agencyRef(agency), sector: agency.sector! }));
}

const officeHoursOf = (agency: Agency) => (agency.officeHours?.length ? { officeHours: agency.officeHours } : {});

/** One BatchGetItem: the receiving agency, the subject commune with its ancestors, and the procedure's current terms. */
export async function submitDossier(deps: ServiceDeps, caller: Caller, command: SubmitDossierCommand): Promise<Dossier> {
  const communeCode = command.applicant.address.communeAgencyCode;
  const { receivingAgency, procedure, chain, returnAt } = await deps.store.dossiers.loadForSubmission({
    agencyCode: caller.agencyCode,
    procedureCode: command.procedureCode,
    chainCodes: ancestorCodes(communeCode),
    ...(command.returnAt === undefined ? {} : { returnAtCode: command.returnAt }),
  });
  if (!procedure)
    throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure ${command.procedureCode}`, { procedureCode: command.procedureCode });
  if (!receivingAgency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${caller.agencyCode}`, { agencyCode: caller.agencyCode });
  for (const agency of [receivingAgency, ...chain]) if (agency) deps.onAgencyRead?.(agency);
  deps.onProcedureRead?.(procedure);
  if (chain[0]?.level !== 'COMMUNE' || !standsForUnit(chain[0]) || chain.some((agency) => agency === undefined)) {
    throw new DomainError('AGENCY_NOT_FOUND', `No commune ${communeCode} in this province`, {
      agencyCode: communeCode,
      field: 'applicant.address.communeAgencyCode',
    });
  }
  const now = deps.now();
  // A closed agency takes no new dossier: neither as the one-stop nor on the applicant's route.
  assertAgencyOpen(receivingAgency, now);
  for (const agency of chain) assertAgencyOpen(agency!, now, 'applicant.address.communeAgencyCode');
  if (command.returnAt !== undefined) {
    if (!returnAt)
      throw new DomainError('AGENCY_NOT_FOUND', `No agency ${command.returnAt}`, { agencyCode: command.returnAt, field: 'returnAt' });
    assertAgencyOpen(returnAt, now, 'returnAt');
  }
  const sectors = [...new Set(procedure.route.flatMap((step) => (step.sector === undefined ? [] : [step.sector])))];
  const province = chain.at(-1)!;
  const transition = submit({
    id: deps.newId(),
    now,
    caller,
    receivingAgency: { ...receptionPoint(receivingAgency), ...officeHoursOf(receivingAgency) },
    subjectChain: chain.map((agency) => agencyRef(agency!)),
    sectorAgencies: await sectorAgenciesFor(deps, sectors, province.code, now),
    delivery: {
      ...(command.resultDelivery ? { mode: command.resultDelivery } : {}),
      ...(returnAt ? { returnAt: receptionPoint(returnAt) } : {}),
    },
    procedure,
    applicant: command.applicant,
    documents: command.documents,
    channel: command.channel,
    ...(command.portalCode ? { portalCode: command.portalCode } : {}),
  });
  await deps.store.dossiers.commitSubmission(transition);
  return transition.dossier;
}

/** A reserved number already recorded can only be one a sweep voided while this acceptance stalled: take another, a few times. */
const MAX_NUMBER_ATTEMPTS = 3;

/**
 * Accepts a dossier and gives it the agency's next number of the day (issue 14). The number is
 * reserved first by an atomic increment that never conflicts, then the dossier is committed with
 * it and the number's USED record in one transaction. So concurrent acceptances at one agency
 * never wait for each other; a number whose acceptance fails after the reservation is recorded
 * VOID with the reason, and the register shows it (docs/rules.md, "Dossier numbers").
 */
export async function acceptDossier(deps: ServiceDeps, caller: Caller, id: string, expectedVersion: number): Promise<Dossier> {
  const now = deps.now();
  const current = requireVersion(await deps.store.dossiers.dossier(id), id, expectedVersion, caller, 'DOSSIER_ACCEPT');
  const codeForm = codeFormAt(deps.codeForms ?? [], now);
  // Decided once without a number first: an acceptance the rules refuse reserves none (nothing stored changes).
  const decided = act(current, { action: 'ACCEPT', sequence: 1, codeForm }, { caller, now });
  // A dossier filed online keeps the portal's code: it takes no number of the day.
  if (current.portalCode) {
    await deps.store.dossiers.commitTransition(decided);
    return decided.dossier;
  }
  const { numbering } = deps.store;
  const day = vietnamYymmdd(now);
  for (let attempt = 1; ; attempt += 1) {
    const number = await numbering.reserveNumber(caller.agencyCode, day);
    try {
      const transition = act(current, { action: 'ACCEPT', sequence: number, codeForm }, { caller, now });
      await deps.store.dossiers.commitAcceptance(transition, { agencyCode: caller.agencyCode, day, number });
      return transition.dossier;
    } catch (error) {
      if (error instanceof SequenceTaken && attempt < MAX_NUMBER_ATTEMPTS) continue;
      await voidReserved(deps, { agencyCode: caller.agencyCode, day, number, dossierId: id, now }, error);
      throw error;
    }
  }
}

/**
 * The acceptance that reserved this number failed: record it VOID with the error's code. If even
 * that write fails, the nightly sweep voids the number (as stopped); the caller sees the first error.
 */
async function voidReserved(
  deps: ServiceDeps,
  reserved: { agencyCode: string; day: string; number: number; dossierId: string; now: Date },
  error: unknown,
): Promise<void> {
  const detail =
    error instanceof DomainError || error instanceof SequenceTaken ? error.code : error instanceof Error ? error.name : 'Error';
  const at = deps.now().toISOString();
  try {
    await deps.store.numbering.voidNumber(
      {
        agencyCode: reserved.agencyCode,
        day: reserved.day,
        number: reserved.number,
        reason: 'ACCEPTANCE_FAILED',
        detail,
        dossierId: reserved.dossierId,
        at,
      },
      reserved.now.toISOString(),
    );
  } catch {
    // Left for the sweep: the number stays unrecorded until then, and the register says so.
  }
}

export interface TransferCommand {
  id: string;
  toAgency: string;
  expectedVersion: number;
  note?: string;
}

/** One BatchGetItem (the dossier and the target agency), one transaction (head, event, handoff record). */
export async function transferDossier(deps: ServiceDeps, caller: Caller, command: TransferCommand): Promise<Dossier> {
  const loaded = await deps.store.dossiers.loadForTransfer(command.id, command.toAgency);
  const current = requireVersion(loaded.dossier, command.id, command.expectedVersion, caller, 'DOSSIER_TRANSFER');
  const toAgency = loaded.toAgency;
  if (!toAgency)
    throw new DomainError('AGENCY_NOT_FOUND', `No agency ${command.toAgency}`, { agencyCode: command.toAgency, field: 'toAgency' });
  deps.onAgencyRead?.(toAgency);
  const now = deps.now();
  assertAgencyOpen(toAgency, now, 'toAgency');
  const transition = act(
    current,
    { action: 'TRANSFER', toAgency: agencyRef(toAgency), ...(command.note ? { note: command.note } : {}) },
    { caller, now },
  );
  await deps.store.dossiers.commitTransfer(transition);
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
export async function requestOpinions(deps: ServiceDeps, caller: Caller, command: OpinionRequestCommand): Promise<Transition> {
  const codes = command.agencies.map((entry) => entry.agencyCode);
  const loaded = await deps.store.dossiers.loadForOpinionRequest(command.id, codes);
  const dossier = requireVersion(loaded.dossier, command.id, command.expectedVersion, caller, 'DOSSIER_REQUEST_OPINIONS');
  const missing = codes.filter((_, index) => !loaded.agencies[index]);
  if (missing.length > 0)
    throw new DomainError('AGENCY_NOT_FOUND', `No agency ${missing.join(', ')}`, { agencyCodes: missing, field: 'agencies' });
  const now = deps.now();
  for (const agency of loaded.agencies) assertAgencyOpen(agency!, now, 'agencies');
  const transition = act(
    dossier,
    {
      action: 'REQUEST_OPINIONS',
      question: command.question,
      agencies: loaded.agencies.map((agency, index) => ({ agency: agencyRef(agency!), budget: command.agencies[index]!.budget })),
    },
    { caller, now },
  );
  await deps.store.dossiers.commitOpinionRequests(transition);
  return transition;
}

/** The actions `performAction` runs; acceptance, transfer and opinion requests have their own reads. */
export type OfficerCommand = Exclude<Command, { action: 'ACCEPT' | 'TRANSFER' | 'REQUEST_OPINIONS' }>;

/** Any other officer action: one GetItem, one transaction (plus the records the action keeps beside the head). */
export async function performAction(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
  expectedVersion: number,
  command: OfficerCommand,
): Promise<Transition> {
  const before = requireVersion(await deps.store.dossiers.dossier(id), id, expectedVersion, caller, `DOSSIER_${command.action}`);
  const transition = act(before, command, { caller, now: deps.now() });
  const { dossiers } = deps.store;
  switch (command.action) {
    case 'ACCEPT_HANDOFF':
      await dossiers.commitHandoffAcceptance(transition);
      break;
    case 'RETURN_HANDOFF':
      // The handoff received is marked RETURNED; the RETURN handoff it sends back starts as SENT.
      await dossiers.commitHandoffReturn(transition, { ...before.handoff!, returnedAt: transition.event.at });
      break;
    default:
      await dossiers.commitTransition(transition, settledOpinionRequests(before, transition.dossier));
  }
  return transition;
}

/**
 * Opinion requests that this transition answered, or took out of the consulted agencies' lists
 * (the consultation closed, or the dossier ended while it was open).
 */
function settledOpinionRequests(before: Dossier, after: Dossier): OpinionRequest[] {
  const consultation = after.consultation;
  if (!consultation || before.consultation?.closedAt) return [];
  const closedNow = consultation.closedAt !== undefined;
  return consultation.requests.filter((request, index) => {
    const wasOpen = before.consultation?.requests[index]?.answeredAt === undefined;
    return wasOpen && (request.answeredAt !== undefined || closedNow);
  });
}

/**
 * The dossier as loaded, if the caller may act on it at this version. A dossier the caller may
 * not read answers exactly like a missing one, before its version is compared, so neither the
 * error nor the version tells anyone that it exists.
 */
export function requireVersion(
  dossier: Dossier | undefined,
  id: string,
  expectedVersion: number,
  caller: Caller,
  operation: Operation,
): Dossier {
  if (!dossier || !permits('DOSSIER_READ', caller, { dossier }))
    throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${id}`, { dossierId: id });
  authorizeOperation(operation, caller, { dossier });
  if (dossier.version !== expectedVersion) {
    throw new DomainError('STALE_VERSION', `Dossier ${id} is at version ${dossier.version}, not ${expectedVersion}`, {
      dossierId: id,
      currentVersion: dossier.version,
    });
  }
  return dossier;
}

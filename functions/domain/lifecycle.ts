import { assertAllowed } from './actions';
import type { AgencyLevel } from './agencies';
import { type Procedure, receptionLevel } from './catalog';
import { dueAtFor } from './deadline';
import type { Actor, AgencyRef, Applicant, Channel, Dossier, DossierEvent, Handoff } from './dossier';
import { DomainError } from './errors';
import { vietnamYymmdd } from './vietnam-time';

/**
 * The dossier's actions as pure functions: (current head, inputs) → (next head, one event).
 * Adapters load what a function needs, call it once and write its result in one transaction.
 */

export interface Caller {
  officerId: string;
  name: string;
  agencyCode: string;
  roles: readonly string[];
}

export interface Transition {
  dossier: Dossier;
  event: DossierEvent;
}

const actorOf = (caller: Caller, role: string): Actor => ({
  officerId: caller.officerId,
  agencyCode: caller.agencyCode,
  role,
});

const firstMatchingRole = (caller: Caller, allowed: readonly string[]) =>
  caller.roles.find((role) => allowed.includes(role)) ?? caller.roles[0] ?? 'UNKNOWN';

export interface SubmitInput {
  id: string;
  now: Date;
  caller: Caller;
  receivingAgency: AgencyRef;
  procedure: Procedure;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  channel: Channel;
}

export function submit(input: SubmitInput): Transition {
  const { caller, procedure, receivingAgency, now } = input;
  const status = assertAllowed('SUBMIT', null, caller.roles);
  if (receivingAgency.level !== receptionLevel(procedure)) {
    throw new DomainError(
      'FORBIDDEN',
      `Procedure ${procedure.code} is received at ${receptionLevel(procedure)} level, not at ${receivingAgency.level}`,
      { procedureCode: procedure.code, receptionLevel: receptionLevel(procedure) },
    );
  }
  const documents = checkDocuments(procedure, input.documents);
  const at = now.toISOString();
  const dossier: Dossier = {
    id: input.id,
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    procedureName: procedure.name,
    procedureDuration: procedure.duration,
    status,
    channel: input.channel,
    applicant: input.applicant,
    documents,
    receivingAgency: receivingAgency.code,
    holderAgency: receivingAgency.code,
    routeStep: 0,
    submittedAt: at,
    version: 1,
    updatedAt: at,
  };
  const event: DossierEvent = {
    dossierId: dossier.id,
    version: 1,
    type: 'SUBMITTED',
    at,
    actor: actorOf(caller, firstMatchingRole(caller, ['RECEPTION_OFFICER'])),
    statusAfter: status,
  };
  return { dossier, event };
}

/**
 * Staff may not ask for documents beyond those prescribed (Decree 61/2018), and a dossier missing
 * a required component is not complete: both are refused with the list of offending codes.
 */
function checkDocuments(procedure: Procedure, handedIn: { code: string; copies: number }[]) {
  const byCode = new Map(procedure.documents.map((doc) => [doc.code, doc]));
  const unknown = handedIn.filter((doc) => !byCode.has(doc.code)).map((doc) => doc.code);
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_DOCUMENTS', `Not in the list of procedure ${procedure.code}: ${unknown.join(', ')}`, {
      documentCodes: unknown,
    });
  }
  const given = new Set(handedIn.map((doc) => doc.code));
  const missing = procedure.documents.filter((doc) => doc.required && !given.has(doc.code));
  if (missing.length > 0) {
    throw new DomainError('MISSING_DOCUMENTS', `Missing: ${missing.map((doc) => doc.name).join('; ')}`, {
      documentCodes: missing.map((doc) => doc.code),
    });
  }
  const badCopies = handedIn.filter((doc) => !Number.isInteger(doc.copies) || doc.copies < 1 || doc.copies > 100);
  if (badCopies.length > 0) {
    throw new DomainError('BAD_INPUT', 'Copies must be a whole number from 1 to 100', {
      documentCodes: badCopies.map((doc) => doc.code),
    });
  }
  return handedIn.map((doc) => ({ code: doc.code, name: byCode.get(doc.code)!.name, copies: doc.copies }));
}

export const MAX_DAILY_SEQUENCE = 9999;

/** `<agency identifier>-YYMMDD-NNNN`, TT 01/2018/TT-VPCP art. 19. */
export function dossierCode(agencyIdentifier: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new DomainError('SEQUENCE_EXHAUSTED', undefined, { agencyIdentifier, sequence });
  }
  return `${agencyIdentifier}-${vietnamYymmdd(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

export interface AcceptInput {
  dossier: Dossier;
  caller: Caller;
  now: Date;
  receivingAgency: AgencyRef;
  /** The next free number of the receiving agency for the day of `now`. */
  sequence: number;
}

export function accept(input: AcceptInput): Transition {
  const { dossier, caller, now } = input;
  assertHolder(dossier, caller);
  const status = assertAllowed('ACCEPT', dossier.status, caller.roles);
  const code = dossierCode(input.receivingAgency.identifier, now, input.sequence);
  const receivedAt = now.toISOString();
  const dueAt = dueAtFor(now, dossier.procedureDuration).toISOString();
  const version = dossier.version + 1;
  return {
    dossier: { ...dossier, code, status, receivedAt, dueAt, version, updatedAt: receivedAt },
    event: {
      dossierId: dossier.id,
      version,
      type: 'ACCEPTED',
      at: receivedAt,
      actor: actorOf(caller, firstMatchingRole(caller, ['RECEPTION_OFFICER'])),
      statusAfter: status,
      code,
      dueAt,
    },
  };
}

function assertHolder(dossier: Dossier, caller: Caller): void {
  if (dossier.holderAgency !== caller.agencyCode) {
    throw new DomainError('NOT_HOLDER', `Dossier ${dossier.id} is not held by agency ${caller.agencyCode}`, {
      dossierId: dossier.id,
    });
  }
}

/** Codes of an agency and its ancestors, nearest first: `06.063.01840` → itself, `06.063`, `06`. */
export function ancestorCodes(agencyCode: string): string[] {
  const parts = agencyCode.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'));
}

/**
 * The agency responsible for a route step: the one at the step's level among the dossier's
 * subject commune and its ancestors. Never the place the dossier was handed in (domain.md §e.2).
 */
export function routeAgency(
  procedure: Procedure,
  stepIndex: number,
  subjectChain: readonly AgencyRef[],
): AgencyRef | undefined {
  const level: AgencyLevel | undefined = procedure.route[stepIndex]?.level;
  return level ? subjectChain.find((agency) => agency.level === level) : undefined;
}

export interface TransferInput {
  dossier: Dossier;
  procedure: Procedure;
  caller: Caller;
  now: Date;
  toAgency: AgencyRef;
  /** The subject commune and its ancestors (see `ancestorCodes`). */
  subjectChain: readonly AgencyRef[];
  handoffId: string;
  note?: string;
}

export function transfer(input: TransferInput): Transition {
  const { dossier, caller, now, toAgency, procedure } = input;
  assertHolder(dossier, caller);
  const role = firstMatchingRole(caller, ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'AGENCY_HEAD']);
  const status = assertAllowed('TRANSFER', dossier.status, caller.roles);
  const nextStep = dossier.routeStep + 1;
  const expected = routeAgency(procedure, nextStep, input.subjectChain);
  if (!expected || expected.code !== toAgency.code) {
    throw new DomainError(
      'ROUTE_VIOLATION',
      expected
        ? `The next step of ${procedure.code} is at ${expected.code}, not ${toAgency.code}`
        : `The route of ${procedure.code} has no step after ${dossier.routeStep}`,
      { expectedAgency: expected?.code ?? null, routeStep: dossier.routeStep },
    );
  }
  const at = now.toISOString();
  const handoff: Handoff = {
    id: input.handoffId,
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    fromAgency: caller.agencyCode,
    toAgency: toAgency.code,
    sentAt: at,
    routeStep: nextStep,
  };
  const version = dossier.version + 1;
  // While in transit nobody holds the dossier: it leaves the sender's inbox now and enters the
  // receiver's when the consumer records the delivery.
  const { holderAgency: _previousHolder, ...rest } = dossier;
  return {
    dossier: { ...rest, status, handoff, version, updatedAt: at },
    event: {
      dossierId: dossier.id,
      version,
      type: 'TRANSFERRED',
      at,
      actor: actorOf(caller, role),
      statusAfter: status,
      handoff,
      ...(input.note ? { note: input.note } : {}),
    },
  };
}

export interface DeliverInput {
  dossier: Dossier;
  handoffId: string;
  now: Date;
}

/**
 * Records a handoff's arrival in the receiver's inbox. Returns null when this handoff was already
 * delivered (a redelivered message): the effect happens exactly once.
 */
export function deliver(input: DeliverInput): Transition | null {
  const { dossier, handoffId, now } = input;
  const handoff = dossier.handoff;
  if (handoff?.id !== handoffId) {
    throw new DomainError('CONFLICT', `Dossier ${dossier.id} has no pending handoff ${handoffId}`, {
      dossierId: dossier.id,
      handoffId,
      pendingHandoffId: handoff?.id ?? null,
    });
  }
  if (handoff.deliveredAt) return null;
  const at = now.toISOString();
  const delivered: Handoff = { ...handoff, deliveredAt: at };
  const version = dossier.version + 1;
  return {
    dossier: {
      ...dossier,
      holderAgency: handoff.toAgency,
      routeStep: handoff.routeStep,
      handoff: delivered,
      version,
      updatedAt: at,
    },
    event: {
      dossierId: dossier.id,
      version,
      type: 'DELIVERED',
      at,
      actor: { officerId: 'system', agencyCode: handoff.toAgency, role: 'SYSTEM' },
      statusAfter: dossier.status,
      handoff: delivered,
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Agency } from '../domain/agencies';
import type { Procedure } from '../domain/catalog';
import type { Applicant, Channel, Dossier } from '../domain/dossier';
import { DomainError } from '../domain/errors';
import { accept, ancestorCodes, type Caller, deliver, submit, transfer } from '../domain/lifecycle';
import { vietnamYymmdd } from '../domain/vietnam-time';
import type { AgencyRepository } from '../store/agency-repository';
import type { CatalogRepository } from '../store/catalog-repository';
import { handoffItem } from '../store/dossier-items';
import { type DossierRepository, ExtraConditionFailed } from '../store/dossier-repository';
import { keys } from '../store/table-design';

/**
 * Use cases: load what the domain function needs (one read), call it, commit its transition
 * (one transaction). GraphQL resolvers and queue consumers both come through here.
 */
export interface Services {
  dossiers: DossierRepository;
  agencies: AgencyRepository;
  catalog: CatalogRepository;
  now: () => Date;
  newId: () => string;
}

export const defaultIds = () => randomUUID();

export interface SubmitDossierCommand {
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
}

export async function submitDossier(services: Services, caller: Caller, command: SubmitDossierCommand): Promise<Dossier> {
  const [[receivingAgency, subjectCommune], procedure] = await Promise.all([
    services.agencies.getMany([caller.agencyCode, command.applicant.address.communeAgencyCode]),
    services.catalog.get(command.procedureCode),
  ]);
  if (!procedure) throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure ${command.procedureCode}`, { procedureCode: command.procedureCode });
  if (!receivingAgency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${caller.agencyCode}`, { agencyCode: caller.agencyCode });
  if (!subjectCommune || subjectCommune.level !== 'COMMUNE') {
    throw new DomainError('AGENCY_NOT_FOUND', `No commune ${command.applicant.address.communeAgencyCode} in this province`, {
      agencyCode: command.applicant.address.communeAgencyCode,
      field: 'applicant.address.communeAgencyCode',
    });
  }
  const transition = submit({
    id: services.newId(),
    now: services.now(),
    caller,
    receivingAgency,
    procedure,
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
  const receivingAgency = await requireAgency(services, caller.agencyCode);
  for (let attempt = 1; ; attempt += 1) {
    const now = services.now();
    const counterKey = keys.sequence(receivingAgency.code, vietnamYymmdd(now));
    const [dossier, counter] = await services.dossiers.getWith(id, counterKey);
    const current = requireVersion(dossier, id, expectedVersion);
    const previous = typeof counter?.last === 'number' ? counter.last : 0;
    const transition = accept({ dossier: current, caller, now, receivingAgency, sequence: previous + 1 });
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
      if (!(error instanceof ExtraConditionFailed) || attempt >= MAX_SEQUENCE_ATTEMPTS) {
        throw error instanceof ExtraConditionFailed
          ? new DomainError('CONFLICT', 'Too many acceptances at once at this agency; retry', { agencyCode: receivingAgency.code })
          : error;
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

export async function transferDossier(services: Services, caller: Caller, command: TransferCommand): Promise<Dossier> {
  const dossier = requireVersion(await services.dossiers.get(command.id), command.id, command.expectedVersion);
  const subjectCodes = ancestorCodes(dossier.applicant.address.communeAgencyCode);
  const [procedure, agencies] = await Promise.all([
    requireProcedure(services, dossier.procedureCode, dossier.procedureVersion),
    services.agencies.getMany([command.toAgency, ...subjectCodes]),
  ]);
  const [toAgency, ...subjectChain] = agencies;
  if (!toAgency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${command.toAgency}`, { agencyCode: command.toAgency, field: 'toAgency' });
  const transition = transfer({
    dossier,
    procedure,
    caller,
    now: services.now(),
    toAgency,
    subjectChain: subjectChain.filter((agency): agency is Agency => agency !== undefined),
    handoffId: `${dossier.id}-${dossier.version + 1}`,
    ...(command.note ? { note: command.note } : {}),
  });
  const handoff = transition.dossier.handoff!;
  await services.dossiers.commit(transition, [
    services.dossiers.put(handoffItem(dossier.id, handoff), { expression: 'attribute_not_exists(PK)' }),
  ]);
  return transition.dossier;
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

async function requireAgency(services: Services, code: string): Promise<Agency> {
  const agency = await services.agencies.get(code);
  if (!agency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code });
  return agency;
}

async function requireProcedure(services: Services, code: string, version: number): Promise<Procedure> {
  const procedure = await services.catalog.get(code, version);
  if (!procedure) throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure ${code} v${version}`, { procedureCode: code });
  return procedure;
}

const jitter = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** attempt)));

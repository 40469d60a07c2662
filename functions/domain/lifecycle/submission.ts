import { authorizeSubmit } from '../actions';
import type { Procedure } from '../catalog';
import type { AgencyRef, Applicant, Channel, Dossier, DossierEvent, ProcedureTerms } from '../dossier';
import { RouteViolationError } from '../errors';
import { regimeAt } from '../regimes';
import { resolveRoute, type SectorAgency } from '../routing';
import { checkReception, chooseDelivery, type DeliveryChoice, type ReceptionPoint, receptionRuleAt } from '../routing-reception';
import { evolve } from './evolve';
import { handedIn } from './inputs';
import type { Caller, Transition } from './types';

/** Handing a dossier in at the one-stop: the first event of its history. */

export interface SubmitInput {
  id: string;
  now: Date;
  caller: Caller;
  receivingAgency: ReceptionPoint & { officeHours?: { start: string; end: string }[] };
  /** The applicant's commune and its ancestors, nearest first. */
  subjectChain: AgencyRef[];
  /** The province's agencies of the sectors the procedure's route names (departments, vertical agencies). */
  sectorAgencies?: SectorAgency[];
  /** Where the applicant wants the result: the receiving point by default. */
  delivery?: DeliveryChoice;
  procedure: Procedure;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  channel: Channel;
  /** Filed online: the code the national portal issued (MaHoSo), kept as it is. */
  portalCode?: string;
}

/** The procedure version's terms, frozen on the dossier: a later catalog change never rewrites them. */
export function termsOf(procedure: Procedure): ProcedureTerms {
  return {
    code: procedure.code,
    version: procedure.version,
    name: procedure.name,
    level: procedure.level,
    duration: procedure.duration,
    documents: procedure.documents.map(({ code, name, copyType, copies, required, file }) => ({
      code,
      name,
      copyType,
      copies,
      required,
      ...(file ? { file } : {}),
    })),
    route: procedure.route,
    fourOnTheSpot: procedure.fourOnTheSpot,
    financialObligationPausesClock: procedure.financialObligationPausesClock,
    ...(procedure.sameDayCutoff ? { sameDayCutoff: procedure.sameDayCutoff } : {}),
  };
}

export function submit(input: SubmitInput): Transition {
  const { caller, procedure, receivingAgency, now } = input;
  authorizeSubmit(caller.roles);
  const subjectCommune = input.subjectChain[0];
  if (!subjectCommune) throw new RouteViolationError('The applicant has no commune', { procedureCode: procedure.code });
  // The law in force at receipt says which points may receive and where results may go (data by date).
  const rule = receptionRuleAt(now);
  checkReception(rule, receivingAgency, procedure, subjectCommune);
  const { delivery, returning } = chooseDelivery(rule, procedure, receivingAgency, input.delivery);
  const terms = termsOf(procedure);
  // An incomplete dossier is handed in all the same: staff answer it with the one-time guidance
  // (Form 02), never by turning it away; acceptance is what needs every required document.
  const documents = handedIn(terms, input.documents);
  const receiving: AgencyRef = { code: receivingAgency.code, identifier: receivingAgency.identifier, level: receivingAgency.level };
  const { steps: route, competentAgency } = resolveRoute(terms.route, terms.level, {
    receiving,
    returning,
    subjectChain: input.subjectChain,
    ...(input.sectorAgencies ? { sectorAgencies: input.sectorAgencies } : {}),
  });
  const at = now.toISOString();
  const initial: Omit<Dossier, 'version' | 'updatedAt'> = {
    id: input.id,
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    procedureName: procedure.name,
    terms,
    // The moment of handing in picks the rule set; the dossier keeps it to the end.
    regime: regimeAt(now).id,
    status: 'SUBMITTED',
    channel: input.channel,
    applicant: input.applicant,
    documents,
    receivingAgency: receivingAgency.code,
    receivingAgencyIdentifier: receivingAgency.identifier,
    ...(receivingAgency.officeHours?.length ? { officeHours: receivingAgency.officeHours } : {}),
    subjectChain: input.subjectChain,
    route,
    competentAgency,
    resultDelivery: delivery,
    holderAgency: receivingAgency.code,
    routeStep: 0,
    submittedAt: at,
    clock: { pauses: [], supplementRequests: 0 },
    ...(input.portalCode ? { portalCode: input.portalCode } : {}),
  };
  const event: DossierEvent = {
    dossierId: input.id,
    version: 1,
    type: 'SUBMITTED',
    at,
    actor: { officerId: caller.officerId, agencyCode: caller.agencyCode, role: 'RECEPTION_OFFICER' },
    statusAfter: 'SUBMITTED',
    initial,
  };
  return { dossier: evolve(null, event), event };
}

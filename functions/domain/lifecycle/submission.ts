import { authorizeSubmit } from '../actions';
import { type Procedure, receptionLevel } from '../catalog';
import type { AgencyRef, Applicant, Channel, Dossier, DossierEvent, ProcedureTerms } from '../dossier';
import { ForbiddenError, RouteViolationError } from '../errors';
import { resolveRoute } from '../routing';
import { evolve } from './evolve';
import { assertComplete, handedIn } from './inputs';
import type { Caller, Transition } from './types';

/** Handing a dossier in at the one-stop: the first event of its history. */

export interface SubmitInput {
  id: string;
  now: Date;
  caller: Caller;
  receivingAgency: AgencyRef & { officeHours?: { start: string; end: string }[] };
  /** The applicant's commune and its ancestors, nearest first. */
  subjectChain: AgencyRef[];
  procedure: Procedure;
  applicant: Applicant;
  documents: { code: string; copies: number }[];
  channel: Channel;
}

/** The procedure version's terms, frozen on the dossier: a later catalog change never rewrites them. */
export function termsOf(procedure: Procedure): ProcedureTerms {
  return {
    code: procedure.code,
    version: procedure.version,
    name: procedure.name,
    level: procedure.level,
    duration: procedure.duration,
    documents: procedure.documents.map(({ code, name, copyType, copies, required }) => ({ code, name, copyType, copies, required })),
    route: procedure.route,
    fourOnTheSpot: procedure.fourOnTheSpot,
    financialObligationPausesClock: procedure.financialObligationPausesClock,
    ...(procedure.sameDayCutoff ? { sameDayCutoff: procedure.sameDayCutoff } : {}),
  };
}

export function submit(input: SubmitInput): Transition {
  const { caller, procedure, receivingAgency, now } = input;
  authorizeSubmit(caller.roles);
  if (receivingAgency.level !== receptionLevel(procedure)) {
    throw new ForbiddenError(
      `Procedure ${procedure.code} is received at ${receptionLevel(procedure)} level, not at ${receivingAgency.level}`,
      {
        procedureCode: procedure.code,
        receptionLevel: receptionLevel(procedure),
      },
    );
  }
  const terms = termsOf(procedure);
  const documents = handedIn(terms, input.documents);
  assertComplete(terms, documents);
  const route = resolveRoute(terms.route, receivingAgency, input.subjectChain);
  const competentAgency = input.subjectChain.find((agency) => agency.level === terms.level);
  if (!route || !competentAgency) {
    throw new RouteViolationError(`No agency at every level of the route of ${procedure.code} for this applicant`, {
      procedureCode: procedure.code,
    });
  }
  const at = now.toISOString();
  const initial: Omit<Dossier, 'version' | 'updatedAt'> = {
    id: input.id,
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    procedureName: procedure.name,
    terms,
    status: 'SUBMITTED',
    channel: input.channel,
    applicant: input.applicant,
    documents,
    receivingAgency: receivingAgency.code,
    receivingAgencyIdentifier: receivingAgency.identifier,
    ...(receivingAgency.officeHours?.length ? { officeHours: receivingAgency.officeHours } : {}),
    subjectChain: input.subjectChain,
    route,
    competentAgency: competentAgency.code,
    holderAgency: receivingAgency.code,
    routeStep: 0,
    submittedAt: at,
    clock: { pauses: [], supplementRequests: 0 },
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

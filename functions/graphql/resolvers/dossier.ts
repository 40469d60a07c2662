import { allowedActions } from '#domain/actions';
import { permits } from '#domain/authorization';
import { VERDICT_NAMES } from '#domain/calendar/deadline';
import { dossierVerdict } from '#domain/clock';
import { type Applicant, DOSSIER_STATUSES, type Dossier } from '#domain/dossier';
import { mask, maskEmail } from '#domain/personal-data';
import { checkApplicant, checkCitizenId, checkDocumentCount, checkPageSize, checkText } from '#domain/validation';
import { authorized, type GraphQLContext } from '../context';
import type { ApplicantInput, Resolvers } from '../generated/resolvers-types';

/** GraphQL sends absent optional fields as null; the domain model leaves them out. */
function applicantFromInput(input: ApplicantInput): Applicant {
  return {
    kind: input.kind,
    fullName: input.fullName,
    ...(input.idNumber != null ? { idNumber: input.idNumber } : {}),
    ...(input.phone != null ? { phone: input.phone } : {}),
    ...(input.email != null ? { email: input.email } : {}),
    address: {
      communeAgencyCode: input.address.communeAgencyCode,
      ...(input.address.street != null ? { street: input.address.street } : {}),
    },
  };
}

/** A personal field: in full (and the read recorded) for those the table allows, masked for others. */
async function personal(
  value: string | undefined,
  dossier: Dossier,
  context: GraphQLContext,
  masked: (value: string) => string,
): Promise<string | null> {
  if (value === undefined) return null;
  if (!permits('PERSONAL_DATA_READ', context.caller, { dossier })) return masked(value);
  await context.audit.shown(dossier);
  return value;
}

const loadProcedure = (dossier: Dossier, context: GraphQLContext) =>
  context.loaders.procedure.load(`${dossier.procedureCode}#${dossier.procedureVersion}`);

export const dossierResolvers: Resolvers = {
  Query: {
    inbox: async (_parent, { status, first, after }, context) => {
      const caller = authorized(context, 'INBOX_READ');
      const pageSize = first ?? 20;
      checkPageSize(pageSize);
      const page = await context.services.dossiers.inbox(caller.agencyCode, {
        first: pageSize,
        ...(status ? { status } : {}),
        ...(after ? { after } : {}),
      });
      return {
        nodes: page.items,
        edges: page.items.map((node) => ({ node, cursor: null })),
        pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      };
    },
    dossier: async (_parent, { id }, context) => {
      const caller = authorized(context, 'ME_READ');
      checkText('id', id, 64, true);
      // Not allowed reads as not found; a full read is part of the dossier's audit trail, like a write.
      const dossier = await context.services.dossiers.read(caller, id, context.requestId);
      if (dossier) {
        context.logger.appendKeys({ dossierId: dossier.id });
        context.audit.recorded(dossier.id);
      }
      return dossier;
    },
    dossiersByCitizenId: async (_parent, { idNumber, first }, context) => {
      const caller = authorized(context, 'CITIZEN_SEARCH');
      checkCitizenId('idNumber', idNumber);
      const size = first ?? 20;
      checkPageSize(size);
      return context.services.dossiers.byCitizenId(caller, idNumber, size);
    },
    lookupDossier: async (_parent, { code, secret }, context) => {
      checkText('code', code, 64, true);
      checkText('secret', secret, 16, true);
      return context.services.dossiers.lookup(code, secret, await context.clientKey?.());
    },
  },
  Mutation: {
    submitDossier: async (_parent, { input }, context) => {
      const caller = authorized(context, 'DOSSIER_SUBMIT');
      const applicant = applicantFromInput(input.applicant);
      checkApplicant(applicant);
      checkDocumentCount(input.documents.length);
      checkText('returnAt', input.returnAt, 64);
      const dossier = await context.services.dossiers.submit(caller, {
        procedureCode: input.procedureCode,
        channel: input.channel,
        applicant,
        documents: input.documents.map((doc) => ({ code: doc.code, copies: doc.copies })),
        resultDelivery: input.resultDelivery,
        ...(input.returnAt ? { returnAt: input.returnAt } : {}),
      });
      context.logger.appendKeys({ dossierId: dossier.id });
      context.logger.info('Dossier submitted', { procedureCode: dossier.procedureCode });
      return dossier;
    },
    acceptDossier: async (_parent, { id, expectedVersion }, context) => {
      const caller = authorized(context, 'DOSSIER_ACCEPT', { agency: context.caller?.agencyCode });
      context.logger.appendKeys({ dossierId: id });
      const dossier = await context.services.dossiers.accept(caller, id, expectedVersion);
      context.logger.info('Dossier accepted', { dossierCode: dossier.code, dueAt: dossier.dueAt });
      return dossier;
    },
  },
  Dossier: {
    statusLabel: (dossier) => DOSSIER_STATUSES[dossier.status].label,
    nationalStatusCode: (dossier) => DOSSIER_STATUSES[dossier.status].nationalCode,
    procedure: (dossier, _args, context) => loadProcedure(dossier, context),
    receivingAgency: (dossier, _args, context) => context.loaders.agency.load(dossier.receivingAgency),
    holderAgency: (dossier, _args, context) => (dossier.holderAgency ? context.loaders.agency.load(dossier.holderAgency) : null),
    pendingHandoff: (dossier) => (dossier.handoff && !dossier.handoff.deliveredAt ? dossier.handoff : null),
    history: (dossier, _args, context) => context.services.dossiers.historyOf(dossier),
    allowedActions: (dossier, _args, context) =>
      context.caller
        ? allowedActions({ dossier, callerAgency: context.caller.agencyCode, roles: context.caller.roles, now: context.services.now() })
        : [],
    clock: (dossier) => ({
      pauses: dossier.clock.pauses,
      paused: dossier.clock.pauses.some((pause) => pause.to === undefined),
      supplementRequests: dossier.clock.supplementRequests,
    }),
    verdict: (dossier, _args, context) => {
      const verdict = dossierVerdict(dossier, context.services.now());
      return verdict ? { ...verdict, label: VERDICT_NAMES[verdict.verdict] } : null;
    },
    refusal: (dossier) => dossier.refusal ?? null,
    stop: (dossier) => dossier.stop ?? null,
    withdrawal: (dossier) => dossier.withdrawal ?? null,
    forms: (dossier) => dossier,
    applicant: (dossier) => ({ applicant: dossier.applicant, dossier }),
    readLog: async (dossier, { last }, context) => {
      authorized(context, 'AUDIT_READ', { dossier });
      const size = last ?? 50;
      checkPageSize(size, 500);
      return context.services.dossiers.readLog(dossier.id, size);
    },
    competentAgency: (dossier, _args, context) => context.loaders.agency.load(dossier.competentAgency),
    // Dossiers handed in before the choice existed return where they were received.
    resultDelivery: async (dossier, _args, context) => {
      const { mode, agencyCode } = dossier.resultDelivery ?? { mode: 'RECEPTION_POINT' as const, agencyCode: dossier.receivingAgency };
      return { mode, agency: (await context.loaders.agency.load(agencyCode)) ?? null };
    },
  },
  // The public view: only these fields exist on the type, so no personal data can be selected.
  PublicDossierStatus: {
    code: (dossier) => dossier.code!,
    statusLabel: (dossier) => DOSSIER_STATUSES[dossier.status].label,
    nationalStatusCode: (dossier) => DOSSIER_STATUSES[dossier.status].nationalCode,
    receivingAgencyName: async (dossier, _args, context) => (await context.loaders.agency.load(dossier.receivingAgency))?.name ?? null,
    holderAgencyName: async (dossier, _args, context) => {
      const code = dossier.holderAgency ?? dossier.handoff?.toAgency ?? dossier.receivingAgency;
      return (await context.loaders.agency.load(code))?.name ?? null;
    },
  },
  Applicant: {
    kind: ({ applicant }) => applicant.kind,
    fullName: ({ applicant }) => applicant.fullName,
    address: ({ applicant }) => applicant.address,
    // Unmasked only for those who deal with the applicant or decide on the dossier, at an agency
    // it has reached; shown unmasked, it is a recorded read of the dossier (inbox, search, …).
    idNumber: ({ applicant, dossier }, _args, context) => personal(applicant.idNumber, dossier, context, mask),
    phone: ({ applicant, dossier }, _args, context) => personal(applicant.phone, dossier, context, mask),
    email: ({ applicant, dossier }, _args, context) => personal(applicant.email, dossier, context, maskEmail),
  },
  DossierRead: {
    agency: (read, _args, context) => context.loaders.agency.load(read.agencyCode),
  },
  Address: {
    commune: (address, _args, context) => context.loaders.agency.load(address.communeAgencyCode),
  },
  Handoff: {
    fromAgency: (handoff, _args, context) => context.loaders.agency.load(handoff.fromAgency),
    toAgency: (handoff, _args, context) => context.loaders.agency.load(handoff.toAgency),
  },
  DossierEvent: {
    actorId: (event) => event.actor.officerId,
    actorRole: (event) => event.actor.role,
    agency: (event, _args, context) => (event.actor.agencyCode === 'system' ? null : context.loaders.agency.load(event.actor.agencyCode)),
  },
};

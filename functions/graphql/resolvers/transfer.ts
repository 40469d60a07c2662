import { checkPageSize, checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { lifecycleMutation, reason } from './lifecycle';

export const transferResolvers: Resolvers = {
  Query: {
    opinionRequests: async (_parent, { first }, context) => {
      const caller = authorized(context, 'OPINION_REQUESTS_READ');
      const pageSize = first ?? 50;
      checkPageSize(pageSize);
      return context.services.dossiers.opinionRequests(caller.agencyCode, pageSize);
    },
  },
  Mutation: {
    transferDossier: async (_parent, { id, toAgency, expectedVersion, note }, context) => {
      const caller = authorized(context, 'DOSSIER_TRANSFER', { agency: context.caller?.agencyCode });
      checkText('note', note, 1000);
      context.logger.appendKeys({ dossierId: id });
      const dossier = await context.services.dossiers.transfer(caller, { id, toAgency, expectedVersion, ...(note ? { note } : {}) });
      context.logger.info('Dossier transferred', { handoffId: dossier.handoff?.id, toAgency });
      return dossier;
    },
    acceptHandoff: lifecycleMutation(() => ({ action: 'ACCEPT_HANDOFF' })),
    returnHandoff: lifecycleMutation((args) => ({ action: 'RETURN_HANDOFF', reason: reason(args.reason) })),
    giveOpinion: lifecycleMutation((args) => {
      checkText('opinion', args.opinion, 4000, true);
      return { action: 'GIVE_OPINION', opinion: args.opinion, agrees: args.agrees };
    }),
    closeConsultation: lifecycleMutation(() => ({ action: 'CLOSE_CONSULTATION' })),
    requestOpinions: async (_parent, { id, expectedVersion, question, agencies }, context) => {
      const caller = authorized(context, 'DOSSIER_REQUEST_OPINIONS', { agency: context.caller?.agencyCode });
      checkText('question', question, 4000, true);
      context.logger.appendKeys({ dossierId: id });
      const { dossier } = await context.services.dossiers.requestOpinions(caller, {
        id,
        expectedVersion,
        question,
        agencies: agencies.map(({ agencyCode, budget }) => ({ agencyCode, budget: { value: budget.value, unit: budget.unit } })),
      });
      context.logger.info('Opinions requested', { agencies: agencies.length });
      return dossier;
    },
    /**
     * An external subscriber's system acknowledges what it read from its own queue: the same
     * exactly-once delivery the platform's consumer performs, for the caller's agency only.
     */
    acknowledgeHandoff: async (_parent, { dossierId, handoffId, kind }, context) => {
      const caller = authorized(context, 'HANDOFF_ACKNOWLEDGE');
      checkText('handoffId', handoffId, 200, true);
      context.logger.appendKeys({ dossierId });
      const outcome = await context.services.dossiers.deliver({
        kind,
        dossierId,
        handoffId,
        toAgency: caller.agencyCode,
        acknowledgedBy: caller.agencyCode,
      });
      return { handoffId, outcome };
    },
  },
  Handoff: {
    kind: (handoff) => (handoff.kind === 'RETURN' ? 'RETURN' : 'HANDOFF'),
  },
  OpinionRequest: {
    agency: (request, _args, context) => context.loaders.agency.load(request.agencyCode),
  },
  OpinionRequestItem: {
    leadAgency: (item, _args, context) => context.loaders.agency.load(item.leadAgency),
  },
  ResolvedRouteStep: {
    agency: (step, _args, context) => context.loaders.agency.load(step.agencyCode),
  },
};

import { checkText } from '../../domain/validation';
import { transferDossier } from '../../services/dossiers';
import { requireCaller } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const transferResolvers: Resolvers = {
  Mutation: {
    transferDossier: async (_parent, { id, toAgency, expectedVersion, note }, context) => {
      const caller = requireCaller(context);
      checkText('note', note, 1000);
      context.logger.appendKeys({ dossierId: id });
      const dossier = await transferDossier(context.services, caller, {
        id,
        toAgency,
        expectedVersion,
        ...(note ? { note } : {}),
      });
      context.logger.info('Dossier transferred', { handoffId: dossier.handoff?.id, toAgency });
      return dossier;
    },
  },
};

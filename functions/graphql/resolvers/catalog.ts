import { isInterconnected } from '../../domain/catalog';
import { durationLabel } from '../../domain/forms';
import type { Resolvers } from '../generated/resolvers-types';

export const catalogResolvers: Resolvers = {
  Query: {
    procedures: async (_parent, { level }, context) => {
      const procedures = await context.services.catalog.list();
      return level ? procedures.filter((procedure) => procedure.level === level) : procedures;
    },
    procedure: (_parent, { code, version }, context) => context.services.catalog.get(code, version ?? undefined),
  },
  Procedure: {
    interconnected: (procedure) => isInterconnected(procedure),
  },
  Duration: {
    label: (duration) => durationLabel(duration),
  },
};

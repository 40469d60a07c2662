import { isInterconnected, type ProcedureDraft } from '#domain/catalog';
import { durationLabel } from '#domain/forms';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const catalogResolvers: Resolvers = {
  Query: {
    procedures: (_parent, { level }, context) => context.services.catalog.list(level ?? undefined),
    procedure: (_parent, { code, version }, context) => {
      checkText('code', code, 32, true);
      return context.services.catalog.get(code, version ?? undefined);
    },
  },
  Mutation: {
    publishProcedureVersion: async (_parent, { input }, context) => {
      authorized(context, 'CATALOG_PUBLISH');
      const { sameDayCutoff, ...rest } = input;
      const draft: ProcedureDraft = { ...rest, ...(sameDayCutoff ? { sameDayCutoff } : {}) };
      const procedure = await context.services.catalog.publish(draft);
      context.logger.info('Procedure version published', { procedureCode: procedure.code, version: procedure.version });
      return procedure;
    },
  },
  Procedure: {
    interconnected: (procedure) => isInterconnected(procedure),
  },
  Duration: {
    label: (duration) => durationLabel(duration),
  },
};

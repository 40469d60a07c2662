import { isInterconnected, nextVersion, type ProcedureDraft } from '#domain/catalog';
import { durationLabel } from '#domain/forms';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const catalogResolvers: Resolvers = {
  Query: {
    procedures: async (_parent, { level }, context) => {
      const procedures = await context.services.catalog.list();
      return level ? procedures.filter((procedure) => procedure.level === level) : procedures;
    },
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
      const procedure = nextVersion(await context.services.catalog.get(input.code), draft);
      await context.services.catalog.publish(procedure);
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

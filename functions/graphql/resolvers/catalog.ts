import { type Duration, isInterconnected } from '../../domain/catalog';
import type { Resolvers } from '../generated/resolvers-types';

export function durationLabel(duration: Duration): string {
  const unit = duration.unit === 'WORKING_DAYS' ? 'ngày làm việc' : 'giờ làm việc';
  return `${String(duration.value).padStart(2, '0')} ${unit}`;
}

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

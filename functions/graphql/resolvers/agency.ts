import { DEFAULT_OFFICE_HOURS } from '#domain/calendar';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const agencyResolvers: Resolvers = {
  Query: {
    agency: (_parent, { code }, context) => {
      checkText('code', code, 64, true);
      return context.loaders.agency.load(code);
    },
    agencies: (_parent, { parentCode }, context) => {
      checkText('parentCode', parentCode, 64);
      return context.services.agencies.children(parentCode ?? null);
    },
  },
  Mutation: {
    updateAgency: async (_parent, { code, input }, context) => {
      authorized(context, 'AGENCY_UPDATE');
      const officeHours = input.officeHours?.map(({ start, end }) => ({ start, end }));
      return context.services.agencies.update(code, {
        ...(input.identifier != null ? { identifier: input.identifier } : {}),
        ...(officeHours ? { officeHours } : {}),
      });
    },
  },
  Agency: {
    officeHours: (agency) => agency.officeHours ?? DEFAULT_OFFICE_HOURS.map((session) => ({ ...session })),
    parent: (agency, _args, context) => (agency.parentCode ? context.loaders.agency.load(agency.parentCode) : null),
    children: (agency, _args, context) => context.services.agencies.children(agency.code),
  },
};

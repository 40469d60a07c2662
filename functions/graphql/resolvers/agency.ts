import type { Resolvers } from '../generated/resolvers-types';

export const agencyResolvers: Resolvers = {
  Query: {
    agency: (_parent, { code }, context) => context.loaders.agency.load(code),
    agencies: (_parent, { parentCode }, context) => context.services.agencies.children(parentCode ?? null),
  },
  Agency: {
    parent: (agency, _args, context) => (agency.parentCode ? context.loaders.agency.load(agency.parentCode) : null),
    children: (agency, _args, context) => context.services.agencies.children(agency.code),
  },
};

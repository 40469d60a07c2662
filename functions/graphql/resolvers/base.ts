import type { Resolvers } from '../generated/resolvers-types';

export const baseResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, context) => context.caller,
  },
  Officer: {
    id: (caller) => caller.officerId,
    roles: (caller) => [...caller.roles],
    agency: (caller, _args, context) => context.loaders.agency.load(caller.agencyCode),
  },
};

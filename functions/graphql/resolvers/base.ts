import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

export const baseResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, context) => (context.caller ? authorized(context, 'ME_READ') : null),
  },
  Officer: {
    id: (caller) => caller.officerId,
    roles: (caller) => [...caller.roles],
    agency: (caller, _args, context) => context.loaders.agency.load(caller.agencyCode),
  },
};

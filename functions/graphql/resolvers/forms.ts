import type { Dossier } from '#domain/dossier';
import { checkPageSize } from '#domain/validation';
import type { AgencyLoader, DossierFormName } from '../../services';
import { authorized, type GraphQLContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

/** The request's DataLoader: every form of an inbox page shares one batch of agency reads. */
const requestLoader =
  (context: GraphQLContext): AgencyLoader =>
  async (codes) =>
    (await context.loaders.agency.loadMany(codes)).map((agency) => (agency instanceof Error ? undefined : agency));

const form =
  <N extends DossierFormName>(name: N) =>
  async (dossier: Dossier, _args: unknown, context: GraphQLContext) =>
    (await context.services.forms.dossierForm(context.caller, dossier, name, requestLoader(context), context.audit)).form;

export const formsResolvers: Resolvers = {
  Query: {
    trackingBook: async (_parent, { from, to, first, after }, context) => {
      const caller = authorized(context, 'REGISTER_READ');
      const pageSize = first ?? 50;
      checkPageSize(pageSize, 200);
      const page = await context.services.dossiers.register(caller.agencyCode, { from, to, first: pageSize, ...(after ? { after } : {}) });
      const { rows } = await context.services.forms.trackingBook(caller, page.items, requestLoader(context));
      return { rows, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
    },
  },
  DossierForms: {
    receipt: async (dossier, args, context) => {
      const receipt = await form('receipt')(dossier, args, context);
      return receipt ? { ...receipt, lookupSecret: receipt.lookupSecret ?? '' } : null;
    },
    completionRequest: form('completionRequest'),
    refusal: form('refusal'),
    apology: form('apology'),
    controlSlip: form('controlSlip'),
    extensionRequest: form('extensionRequest'),
    stopNotice: form('stopNotice'),
  },
};

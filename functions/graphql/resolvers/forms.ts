import { isoDayOf, VOID_REASON_TEXT } from '#domain/codes/number-register';
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
      return { rows, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage }, period: { from, to } };
    },
  },
  TrackingBookPage: {
    // Read only when selected: a client paging through the rows asks for it once.
    voidNumbers: async ({ period }, { first, after }, context) => {
      const caller = authorized(context, 'REGISTER_READ');
      const page = await context.services.numbering.voidNumberPage(caller, period, { first: first ?? 50, ...(after ? { after } : {}) });
      return { rows: page.items, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
    },
  },
  TrackingBookVoidNumber: {
    day: (entry) => isoDayOf(entry.day),
    reasonLabel: (entry) => VOID_REASON_TEXT[entry.reason],
    recordedAt: (entry) => entry.at,
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

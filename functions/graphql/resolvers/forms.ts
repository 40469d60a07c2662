import type { Dossier, DossierEvent } from '../../domain/dossier';
import {
  type AgencyNames,
  type PersonalData,
  apologyForm,
  completionRequestForm,
  controlSlipForm,
  receiptForm,
  refusalForm,
  trackingBookRow,
} from '../../domain/forms';
import { checkPageSize } from '../../domain/validation';
import { permits } from '../../domain/authorization';
import { lookupSecret } from '../../domain/lookup-secret';
import { hashKey } from '../../store/keys-config';
import { authorized, type GraphQLContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

/** Loads, in one batch, the names of every agency a dossier's forms mention. */
async function agencyNames(context: GraphQLContext, dossiers: readonly Dossier[], events: readonly DossierEvent[] = []): Promise<AgencyNames> {
  const codes = new Set<string>();
  for (const dossier of dossiers) {
    codes.add(dossier.receivingAgency);
    dossier.subjectChain.forEach((agency) => codes.add(agency.code));
    if (dossier.holderAgency) codes.add(dossier.holderAgency);
  }
  for (const event of events) {
    codes.add(event.actor.agencyCode);
    if (event.handoff) [event.handoff.fromAgency, event.handoff.toAgency].forEach((code) => codes.add(code));
  }
  const agencies = await context.loaders.agency.loadMany([...codes]);
  const byCode = new Map(agencies.flatMap((agency) => (agency && !(agency instanceof Error) ? [[agency.code, agency.name] as const] : [])));
  return (code) => byCode.get(code) ?? code;
}

const personalDataView = (context: GraphQLContext, dossier: Dossier): PersonalData =>
  permits('PERSONAL_DATA_READ', context.caller, { dossier }) ? 'FULL' : 'MASKED';

export const formsResolvers: Resolvers = {
  Query: {
    trackingBook: async (_parent, { from, to, first, after }, context) => {
      const caller = authorized(context, 'REGISTER_READ');
      const pageSize = first ?? 50;
      checkPageSize(pageSize, 200);
      const page = await context.services.dossiers.register(caller.agencyCode, { from, to, first: pageSize, ...(after ? { after } : {}) });
      const names = await agencyNames(context, page.items);
      return {
        rows: page.items.flatMap((dossier) => trackingBookRow(dossier, names, personalDataView(context, dossier)) ?? []),
        pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      };
    },
  },
  DossierForms: {
    receipt: async (dossier, _args, context) => {
      const secret = dossier.code ? lookupSecret(dossier.code, hashKey('LOOKUP_SECRET_KEY')) : undefined;
      const form = receiptForm(dossier, await agencyNames(context, [dossier]), personalDataView(context, dossier), secret);
      return form ? { ...form, lookupSecret: form.lookupSecret ?? '' } : null;
    },
    completionRequest: async (dossier, _args, context) =>
      completionRequestForm(dossier, await agencyNames(context, [dossier]), personalDataView(context, dossier)),
    refusal: async (dossier, _args, context) => refusalForm(dossier, await agencyNames(context, [dossier])),
    apology: async (dossier, _args, context) => {
      if (!dossier.apology) return null;
      const events = await context.services.dossiers.history(dossier.id);
      return apologyForm(dossier, events, await agencyNames(context, [dossier], events));
    },
    controlSlip: async (dossier, _args, context) => {
      if (!dossier.code) return null;
      const events = await context.services.dossiers.history(dossier.id);
      return controlSlipForm(dossier, events, await agencyNames(context, [dossier], events), context.services.now());
    },
  },
};

import { extensionRequestForm, stopNoticeForm } from '../../domain/forms-2025';
import { formSet, REGIMES, regimeAt, regimeOf, ruleNotes } from '../../domain/regimes';
import type { GraphQLContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import type { Dossier } from '../../domain/dossier';
import type { AgencyNames } from '../../domain/forms';

/** Names of the agencies the two 2025 forms mention, in one batch through the request's loader. */
async function agencyNames(context: GraphQLContext, codes: readonly string[]): Promise<AgencyNames> {
  const agencies = await context.loaders.agency.loadMany([...new Set(codes)]);
  const byCode = new Map(agencies.flatMap((agency) => (agency && !(agency instanceof Error) ? [[agency.code, agency.name] as const] : [])));
  return (code) => byCode.get(code) ?? code;
}

const formAgencies = (dossier: Dossier): string[] => [
  dossier.receivingAgency,
  dossier.applicant.address.communeAgencyCode,
  ...(dossier.holderAgency ? [dossier.holderAgency] : []),
];

export const regimesResolvers: Resolvers = {
  Query: {
    ruleSets: () => [...REGIMES],
    ruleSetAt: (_parent, { at }) => regimeAt(new Date(at)),
  },
  RuleSet: {
    forms: (regime) => formSet(regime),
    apologyKind: (regime) => regime.apology.value.kind,
    applicantStopNotice: (regime) => regime.applicantStop.value.notice,
    rules: (regime) => ruleNotes(regime),
  },
  Dossier: {
    ruleSet: (dossier) => regimeOf(dossier),
    completionRequests: (dossier) => dossier.guidance?.count ?? 0,
  },
  DossierForms: {
    formSet: (dossier) => formSet(regimeOf(dossier)),
    extensionRequest: async (dossier, _args, context) => {
      if (!dossier.apology || regimeOf(dossier).apology.value.kind !== 'EXTENSION_REQUEST') return null;
      const events = await context.services.dossiers.history(dossier.id);
      const codes = [...formAgencies(dossier), ...events.map((event) => event.actor.agencyCode)];
      return extensionRequestForm(dossier, events, await agencyNames(context, codes));
    },
    stopNotice: async (dossier, _args, context) => stopNoticeForm(dossier, await agencyNames(context, formAgencies(dossier))),
  },
};

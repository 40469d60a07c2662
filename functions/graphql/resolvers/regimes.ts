import { formSet, REGIMES, regimeAt, regimeOf, ruleNotes } from '#domain/regimes';
import type { Resolvers } from '../generated/resolvers-types';

/** Rule sets by effective date: the published law, read like the catalog; each dossier's own. */
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
  },
};

import { feeSummary } from '#domain/fees';
import { isClean } from '#domain/online/reconcile';
import { checkPageSize, checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { lifecycleMutation } from './lifecycle';

/** Issue 10: fees on the dossier and their two mutations, the reconciliation report, the resyncs. */
export const onlineResolvers: Resolvers = {
  Dossier: {
    portalCode: (dossier) => dossier.portalCode ?? null,
    fees: (dossier) => dossier.fees ?? [],
    feeSummary: (dossier) => feeSummary(dossier.fees),
  },
  DossierFee: {
    paid: (fee) => fee.paid ?? null,
  },
  Reconciliation: {
    clean: (report) => isClean(report),
  },
  Query: {
    reconciliation: (_parent, { day, agencyCode }, context) => context.services.reconciliation.report(context.caller, day, agencyCode),
    onlineIntakeFailures: (_parent, { first }, context) => {
      authorized(context, 'ONLINE_INTAKE_READ');
      checkPageSize(first);
      return context.services.online.intakeFailures(first);
    },
  },
  Mutation: {
    assessFees: lifecycleMutation((args) => ({
      action: 'ASSESS_FEES',
      fees: args.fees.map(({ code, name, amount, kind }) => ({ code, name, amount, kind })),
    })),
    recordFeePayment: lifecycleMutation((args) => ({ action: 'RECORD_FEE_PAYMENT', code: args.code, paidVia: 'COUNTER' })),
    resyncDossierToPortal: async (_parent, { id, reason }, context) => {
      const caller = authorized(context, 'PORTAL_RESYNC');
      checkText('reason', reason, 500);
      context.logger.appendKeys({ dossierId: id });
      return context.services.reconciliation.resyncDossier(caller, id, reason ?? undefined);
    },
    resyncDayToPortal: async (_parent, { day, agencyCode, reason }, context) => {
      const caller = authorized(context, 'PORTAL_RESYNC', { agency: agencyCode });
      checkText('reason', reason, 500);
      const count = await context.services.reconciliation.resyncDay(caller, day, agencyCode, reason ?? undefined);
      context.logger.info('Portal resync of a day requested', { day, agencyCode, count, by: caller.officerId });
      return count;
    },
  },
};

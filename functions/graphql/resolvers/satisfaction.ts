import { authorizeOperation, PROVINCE_SCOPE } from '#domain/authorization';
import { SATISFACTION_LABELS, SATISFACTION_LEVELS } from '#domain/satisfaction';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

/** Ratings and their counts. No field anywhere returns one dossier's level or reason. */
export const satisfactionResolvers: Resolvers = {
  Query: {
    satisfaction: async (_parent, { scope, period }, context) => {
      const agencyCode = scope.agencyCode ?? undefined;
      const procedureCode = scope.procedureCode ?? undefined;
      authorized(context, 'SATISFACTION_READ', { agency: agencyCode ?? PROVINCE_SCOPE });
      checkText('scope.agencyCode', agencyCode, 64);
      checkText('scope.procedureCode', procedureCode, 64);
      return context.services.satisfaction.report({ agencyCode, procedureCode }, period.from, period.to);
    },
  },
  Mutation: {
    rateAtCounter: async (_parent, { dossierId, rating }, context) => {
      const caller = authorized(context, 'SATISFACTION_RECORD', { agency: context.caller?.agencyCode });
      checkText('dossierId', dossierId, 64, true);
      context.logger.appendKeys({ dossierId });
      // Logged without the level: the log is read by officers too.
      const receipt = await context.services.satisfaction.rateAtCounter(caller, dossierId, {
        level: rating.level,
        reason: rating.reason ?? undefined,
      });
      context.logger.info('Rating recorded at the counter');
      return receipt;
    },
    rateService: async (_parent, { code, secret, rating }, context) => {
      // Public: anyone, signed in or not.
      authorizeOperation('SATISFACTION_RATE', context.caller);
      checkText('code', code, 64, true);
      checkText('secret', secret, 16, true);
      return context.services.satisfaction.rateOnline(
        code,
        secret,
        { level: rating.level, reason: rating.reason ?? undefined },
        await context.clientKey?.(),
      );
    },
  },
  PublicDossierStatus: {
    canRate: (dossier) => dossier.status === 'RETURNED' && !dossier.ratedAt,
  },
  SatisfactionFigures: {
    levels: (figures) =>
      SATISFACTION_LEVELS.map((level) => ({
        level,
        label: SATISFACTION_LABELS[level],
        count: figures.counts[level],
        percent: figures.percents[level],
      })),
  },
  AgencySatisfaction: {
    agency: (row, _args, context) => context.loaders.agency.load(row.agencyCode),
  },
};

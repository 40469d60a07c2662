import { DomainError } from '#domain/errors';
import { checkPageSize } from '#domain/validation';
import { redriveDeadLetters } from '#redrive/redrive';
import { redriveSqsClient } from '#redrive/sqs-client';
import { requireEnv } from '#store/clients';
import { FailureRepository, type HandoffFailureRecord } from '#store/failure-repository';
import { authorized, type GraphQLContext } from '../context';
import type { FailedHandoff, Resolvers } from '../generated/resolvers-types';

const MAX_REDRIVE = 500;
/** The GraphQL Lambda times out at 25 s; stop moving messages well before and say so. */
const REDRIVE_BUDGET_MS = 15_000;

const failureRepository = ({ services }: GraphQLContext) => new FailureRepository(services.dossiers.db, services.dossiers.tableName);

export const failuresResolvers: Resolvers = {
  Query: {
    failedHandoffs: async (_parent, { agencyCode, first }, context) => {
      // The caller's own agency unless another is named; the authorization table says whose else.
      const agency = agencyCode ?? context.caller?.agencyCode;
      authorized(context, 'FAILED_HANDOFFS_READ', { agency });
      checkPageSize(first);
      return (await failureRepository(context).list(agency!, first)).map(toFailedHandoff);
    },
  },
  Mutation: {
    redriveFailedHandoffs: async (_parent, { agencyCode, max }, context) => {
      const caller = authorized(context, 'FAILED_HANDOFFS_REDRIVE', { agency: agencyCode });
      if (!Number.isInteger(max) || max < 1 || max > MAX_REDRIVE) {
        throw new DomainError('BAD_INPUT', `max must be from 1 to ${MAX_REDRIVE}`, { field: 'max' });
      }
      context.logger.appendKeys({ agencyCode });
      const result = await redriveDeadLetters(redriveSqsClient(), {
        agencyCode,
        max,
        queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX'),
        failures: failureRepository(context),
        deadline: Date.now() + REDRIVE_BUDGET_MS,
        onWarning: (what, error) => context.logger.warn(what, { error: error as Error }),
      });
      context.logger.info('Dead-lettered handoffs redriven', { ...result, handoffIds: undefined, by: caller.officerId });
      return result;
    },
  },
};

function toFailedHandoff(record: HandoffFailureRecord): FailedHandoff {
  return {
    agencyCode: record.agencyCode,
    handoffId: record.handoffId ?? null,
    dossierId: record.dossierId ?? null,
    kind: record.kind ?? null,
    reason: record.reason,
    errorName: record.errorName,
    message: record.message,
    messageId: record.messageId,
    receiveCount: record.receiveCount,
    firstFailedAt: record.firstFailedAt,
    lastFailedAt: record.lastFailedAt,
    deadLettered: record.deadLettered,
    redriveCount: record.redriveCount,
    redrivenAt: record.redrivenAt ?? null,
  };
}

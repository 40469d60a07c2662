import { DomainError } from '#domain/errors';
import { checkPageSize } from '#domain/validation';
import type { HandoffFailureRecord } from '#failures/failure-record';
import { authorized } from '../context';
import type { FailedHandoff, Resolvers } from '../generated/resolvers-types';

const MAX_REDRIVE = 500;
/** The GraphQL Lambda times out at 25 s; stop moving messages well before and say so. */
const REDRIVE_BUDGET_MS = 15_000;

export const failuresResolvers: Resolvers = {
  Query: {
    failedHandoffs: async (_parent, { agencyCode, first }, context) => {
      // The caller's own agency unless another is named; the authorization table says whose else.
      const agency = agencyCode ?? context.caller?.agencyCode;
      authorized(context, 'FAILED_HANDOFFS_READ', { agency });
      checkPageSize(first);
      return (await context.services.failures.list(agency!, first)).map(toFailedHandoff);
    },
  },
  Mutation: {
    redriveFailedHandoffs: async (_parent, { agencyCode, max }, context) => {
      const caller = authorized(context, 'FAILED_HANDOFFS_REDRIVE', { agency: agencyCode });
      if (!Number.isInteger(max) || max < 1 || max > MAX_REDRIVE) {
        throw new DomainError('BAD_INPUT', `max must be from 1 to ${MAX_REDRIVE}`, { field: 'max' });
      }
      context.logger.appendKeys({ agencyCode });
      const result = await context.services.failures.redrive({
        agencyCode,
        max,
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
    kind: record.kind === 'PORTAL_SYNC' ? null : (record.kind ?? null),
    failureKind: record.kind === 'PORTAL_SYNC' ? 'PORTAL_SYNC' : 'AGENCY_QUEUE',
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

import { Logger } from '@aws-lambda-powertools/logger';
import { DomainError } from '#domain/errors';
import { requireEnv, servicesFromEnvironment } from '../services';
import { parseRedriveInvocation, type RedriveAnswer } from './invocation';
import { redriveDeadLetters } from './redrive';
import { redriveSqsClient } from './sqs-client';

/**
 * The admin-only redrive function (issue 13): the one function whose role may read and delete
 * dead-lettered messages and send to the agency queues on an operator's behalf. No route reaches
 * it; the GraphQL function invokes it (lambda:InvokeFunction on this function only) once the
 * `redriveFailedHandoffs` mutation has authorised the officer, and waits for the answer.
 */
const logger = new Logger({ serviceName: 'redrive' });
const services = servicesFromEnvironment({
  deadLetters: (options) => redriveDeadLetters(redriveSqsClient(), { ...options, queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX') }),
});

export const handler = async (payload: unknown): Promise<RedriveAnswer> => {
  try {
    const request = parseRedriveInvocation(payload);
    logger.appendKeys({ agencyCode: request.agencyCode });
    const result = await services.failures.redrive({
      ...request,
      onWarning: (what, error) => logger.warn(what, { error: error as Error }),
    });
    logger.info('Dead-lettered handoffs redriven', { ...result, handoffIds: undefined });
    return { result };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { error: { code: error.code, message: error.message, details: { ...error.details } } };
  }
};

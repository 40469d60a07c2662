import { Logger } from '@aws-lambda-powertools/logger';
import { servicesFromEnvironment } from '../services';
import { createPrintHandler, type PrintHandler } from './app';

/**
 * The print Lambda: `GET /forms/{form}/{dossierId}` and `GET /forms/06?from=&to=` behind the
 * HTTP API's JWT authorizer (see app.ts). One SDK client per process, as the GraphQL handler.
 */
export type { PrintHandler } from './app';

const logger = new Logger({ serviceName: 'print' });

export const handler: PrintHandler = createPrintHandler({
  services: servicesFromEnvironment(),
  logger,
});

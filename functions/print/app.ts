import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { keyedLogger } from '#aws/keyed-logger';
import { callerFromClaims } from '#graphql/context';
import type { Services } from '../services';
import { htmlResponse, jsonResponse, parsePrintPath } from './http';
import { dossierPage, PrintError, reconciliationPage, registerPage } from './pages';
import { QUALITY_PATHS, qualityPage } from './reports';

export type PrintHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * API Gateway HTTP API (payload 2.0) → a printable form as an HTML page:
 * `GET /forms/{01..07}/{dossierId}` (numbered as the dossier's rule set numbers its forms) and the
 * register, `GET /forms/{06|07}?from=YYYY-MM-DD&to=YYYY-MM-DD`.
 * The JWT authorizer has verified the token; the claims say who asks. Answers are JSON
 * `{ code, message, messageVi }` when no page is printed; a stack trace never leaves the function.
 * Logs carry ids and codes only, never what an applicant typed.
 */
export function createPrintHandler({ services, logger }: { services: Services; logger: Logger }): PrintHandler {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    const log = keyedLogger(logger, { requestId });
    const started = Date.now();
    try {
      const method = event.requestContext?.http?.method ?? 'GET';
      if (method !== 'GET') {
        return jsonResponse(405, { code: 'METHOD_NOT_ALLOWED', message: 'Only GET', messageVi: 'Chỉ hỗ trợ GET' }, { allow: 'GET' });
      }
      const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } | undefined)?.authorizer;
      const caller = callerFromClaims(authorizer?.jwt?.claims);
      if (!caller) {
        log.info('Print refused', { status: 401, code: 'UNAUTHENTICATED' });
        return jsonResponse(401, { code: 'UNAUTHENTICATED', message: 'Sign in to print forms', messageVi: 'Cần đăng nhập để in biểu mẫu' });
      }
      log.appendKeys({ officerId: caller.officerId, agencyCode: caller.agencyCode });
      if ((event.pathParameters?.form ?? event.rawPath?.replace(/^\/forms\//, '').replace(/\/$/, '')) === 'reconciliation') {
        const page = await reconciliationPage(services, caller, event.queryStringParameters ?? {});
        log.info('Reconciliation printed', { status: 200, bytes: page.html.length, ms: Date.now() - started });
        return htmlResponse(page.html);
      }
      const path = event.rawPath ?? '';
      if ((QUALITY_PATHS as readonly string[]).includes(path)) {
        const response = await qualityPage(services, caller, path, event.queryStringParameters ?? {});
        log.info('Statistics page', { status: 200, path, ms: Date.now() - started });
        return response;
      }
      const target = parsePrintPath(event);
      log.appendKeys({ form: target.form, ...('dossierId' in target ? { dossierId: target.dossierId } : {}) });
      // Form 05's step verdicts count working days on the official schedules loaded in the table.
      await services.calendar.ready();
      if ('dossierId' in target) {
        const page = await dossierPage(services, caller, target.dossierId, target.form, requestId);
        log.info('Form printed', { status: 200, bytes: page.html.length, ms: Date.now() - started });
        return htmlResponse(page.html);
      }
      const query = event.queryStringParameters ?? {};
      const page = await registerPage(services, caller, { from: query.from ?? '', to: query.to ?? '' });
      log.info('Register printed', {
        status: 200,
        from: query.from,
        to: query.to,
        rows: page.rows,
        bytes: page.html.length,
        ms: Date.now() - started,
      });
      return htmlResponse(page.html);
    } catch (error) {
      if (error instanceof PrintError) {
        log.info('Print refused', { status: error.status, code: error.code });
        return jsonResponse(error.status, { code: error.code, message: error.message, messageVi: error.messageVi });
      }
      log.error('Print failed', { error: error as Error });
      return jsonResponse(500, { code: 'INTERNAL', message: 'Internal error', messageVi: 'Lỗi hệ thống', requestId });
    }
  };
}

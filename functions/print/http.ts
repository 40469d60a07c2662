import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type DossierFormNumber, isDossierForm, PrintError, REGISTER_FORM } from './pages';
import { CONTENT_SECURITY_POLICY } from './render';

/**
 * The HTTP side of the printable pages, without any AWS client: the request's path, and the
 * responses with their headers (the browser test serves pages with these very headers).
 */

/**
 * The page loads nothing (inline CSS and SVG only); it may not be framed, and nothing on it may
 * post anywhere. `frame-ancestors` only works as a header, so the page's own `<meta>` copy has
 * the rest.
 */
export const PAGE_CSP = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

const COMMON_HEADERS = {
  // Forms carry personal data: no browser or proxy keeps a copy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function htmlResponse(html: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, ...COMMON_HEADERS },
    body: html,
  };
}

export function jsonResponse(
  statusCode: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...COMMON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export type PrintTarget = { form: DossierFormNumber; dossierId: string } | { form: typeof REGISTER_FORM };

const FORM = /^0[1-6]$/;
/** Dossier ids are UUIDs; the check is wider on purpose and only keeps odd input out of reads and logs. */
const DOSSIER_ID = /^[A-Za-z0-9-]{1,64}$/;
const PATH = /^\/forms\/([^/]*)(?:\/([^/]*))?\/?$/;

function badInput(message: string, messageVi: string): PrintError {
  return new PrintError(400, 'BAD_INPUT', message, messageVi);
}

/**
 * `GET /forms/{form}/{dossierId}` (forms 01–05) and `GET /forms/06`. On AWS the route's path
 * parameters carry the two parts; the local HTTP server passes the raw path only, so that is read
 * when they are absent.
 */
export function parsePrintPath(event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'pathParameters'>): PrintTarget {
  let form = event.pathParameters?.form;
  let dossierId = event.pathParameters?.dossierId;
  if (form === undefined) {
    const match = PATH.exec(event.rawPath ?? '');
    if (!match)
      throw badInput('Expected /forms/{form}/{dossierId} or /forms/06', 'Đường dẫn phải là /forms/{mẫu}/{mã hồ sơ} hoặc /forms/06');
    form = match[1];
    dossierId = match[2] || undefined;
  }
  if (form === undefined || !FORM.test(form))
    throw badInput('The form must be one of 01, 02, 03, 04, 05, 06', 'Mẫu phải là một trong 01, 02, 03, 04, 05, 06');
  if (form === REGISTER_FORM) {
    if (dossierId !== undefined)
      throw badInput('Form 06 is the register: it takes no dossier id', 'Mẫu số 06 là sổ theo dõi, không kèm mã hồ sơ');
    return { form: REGISTER_FORM };
  }
  if (!isDossierForm(form)) throw badInput('Unknown form', 'Mẫu không tồn tại');
  if (dossierId === undefined || !DOSSIER_ID.test(dossierId)) {
    throw badInput(
      'The dossier id must be 1 to 64 letters, digits or dashes',
      'Mã hồ sơ phải gồm 1 đến 64 chữ cái, chữ số hoặc dấu gạch ngang',
    );
  }
  return { form, dossierId };
}

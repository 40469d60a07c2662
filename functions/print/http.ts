import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PRINTED_NUMBERS, REGISTER_NUMBERS } from './form-numbers';
import { type FormNumber, PrintError } from './pages';
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

export type PrintTarget = { form: FormNumber; dossierId: string } | { form: FormNumber; register: true };

/** Dossier ids are UUIDs; the check is wider on purpose and only keeps odd input out of reads and logs. */
const DOSSIER_ID = /^[A-Za-z0-9-]{1,64}$/;
const PATH = /^\/forms\/([^/]*)(?:\/([^/]*))?\/?$/;

function badInput(message: string, messageVi: string): PrintError {
  return new PrintError(400, 'BAD_INPUT', message, messageVi);
}

/**
 * `GET /forms/{form}/{dossierId}` (01–07, as the dossier's rule set numbers them) and the register,
 * `GET /forms/06` or `/forms/07`. On AWS the route's path
 * parameters carry the two parts; the local HTTP server passes the raw path only, so that is read
 * when they are absent.
 */
export function parsePrintPath(event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'pathParameters'>): PrintTarget {
  let form = event.pathParameters?.form;
  let dossierId = event.pathParameters?.dossierId;
  if (form === undefined) {
    const match = PATH.exec(event.rawPath ?? '');
    if (!match)
      throw badInput('Expected /forms/{form}/{dossierId} or /forms/07', 'Đường dẫn phải là /forms/{mẫu}/{mã hồ sơ} hoặc /forms/07');
    form = match[1];
    dossierId = match[2] || undefined;
  }
  const numbers = PRINTED_NUMBERS.join(', ');
  if (form === undefined || !PRINTED_NUMBERS.includes(form))
    throw badInput(`The form must be one of ${numbers}`, `Mẫu phải là một trong ${numbers}`);
  // Without a dossier only the register prints ("06" in 2018, "07" in 2025); with one, the number is read in its rule set.
  if (dossierId === undefined && REGISTER_NUMBERS.includes(form)) return { form, register: true };
  if (dossierId === undefined || !DOSSIER_ID.test(dossierId)) {
    throw badInput(
      'The dossier id must be 1 to 64 letters, digits or dashes',
      'Mã hồ sơ phải gồm 1 đến 64 chữ cái, chữ số hoặc dấu gạch ngang',
    );
  }
  return { form, dossierId };
}

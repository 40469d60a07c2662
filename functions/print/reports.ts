import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { permits } from '#domain/authorization';
import { isDomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import { ii06aCsv, type PeriodKind } from '#domain/quality';
import type { Services } from '../services';
import { CHART_ASSET, chartJsSource, DASHBOARD_SCRIPT } from './assets';
import { dashboardData } from './dashboard-data';
import { htmlResponse } from './http';
import { PrintError } from './pages';
import { dashboardCsp, renderDashboard } from './render/dashboard';
import { renderII06a } from './render/ii06a';

/**
 * The statistics pages of issue 12, on the print API (same sign-in):
 *   GET /reports/ii06a?kind=MONTH&year=2026&number=1[&cutoff=15][&agency=…][&format=html|csv|xlsx]
 *   GET /dashboard?kind=QUARTER&year=2026[&number=1][&agency=…]
 */
export const QUALITY_PATHS = ['/reports/ii06a', '/dashboard'] as const;
export { CHART_ASSET };

const KINDS: readonly PeriodKind[] = ['MONTH', 'QUARTER', 'HALF_YEAR', 'NINE_MONTHS', 'YEAR'];
const AGENCY = /^[A-Za-z0-9._-]{1,40}$/;
const bad = (message: string, messageVi: string) => new PrintError(400, 'BAD_INPUT', message, messageVi);

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,4}$/.test(value)) throw bad(`${name} must be a number`, `${name} phải là số`);
  return Number(value);
}

function periodQuery(query: Record<string, string | undefined>, defaultKind: PeriodKind) {
  const kind = (query.kind ?? defaultKind) as PeriodKind;
  if (!KINDS.includes(kind)) throw bad(`kind must be one of ${KINDS.join(', ')}`, `kind phải là một trong ${KINDS.join(', ')}`);
  const year = integer(query.year, 'year');
  if (year === undefined) throw bad('year is required', 'Cần năm báo cáo (year)');
  const agency = query.agency || undefined;
  if (agency !== undefined && !AGENCY.test(agency)) throw bad('agency is not an agency code', 'agency không phải mã cơ quan');
  return { kind, year, number: integer(query.number, 'number'), cutoffDay: integer(query.cutoff, 'cutoff'), agency };
}

/** Domain refusals (a bad period) become the page's 400; anything else is the handler's 500. */
async function asPage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error) && error.code === 'BAD_INPUT') throw bad(error.message, 'Kỳ báo cáo không hợp lệ');
    throw error;
  }
}

export async function qualityPage(
  services: Services,
  caller: Caller,
  path: string,
  query: Record<string, string | undefined>,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (path === '/dashboard') {
    const q = periodQuery(query, 'QUARTER');
    const data = await asPage(() => dashboardData(services, caller, q));
    const nonce = randomBytes(16).toString('base64');
    const response = htmlResponse(renderDashboard(data, { chart: chartJsSource(), dashboard: DASHBOARD_SCRIPT }, nonce));
    return { ...response, headers: { ...response.headers, 'content-security-policy': dashboardCsp(nonce) } };
  }
  const q = periodQuery(query, 'MONTH');
  const allowed = q.agency ? permits('QUALITY_READ', caller, { agency: q.agency }) : permits('QUALITY_PROVINCE_READ', caller);
  if (!allowed) throw new PrintError(403, 'FORBIDDEN', 'Not allowed to see these figures', 'Không có quyền xem số liệu này');
  const report = await asPage(() => services.quality.reportII06a(q, q.agency));
  const name = `II06a-${report.period.from}-${report.period.to}`;
  switch (query.format ?? 'html') {
    case 'html':
      return htmlResponse(renderII06a(report, { authority: report.agencyName, office: 'Báo cáo định kỳ' }));
    case 'csv':
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.csv"`,
          'cache-control': 'no-store',
        },
        // A BOM so spreadsheet programs read the Vietnamese text as UTF-8.
        body: `\uFEFF${ii06aCsv(report.rows)}`,
      };
    case 'xlsx':
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${name}.xlsx"`,
          'cache-control': 'no-store',
        },
        // exceljs (~1 MB with its tree) is a lazy chunk: only this download loads it, not every cold start.
        body: (await (await import('./ii06a-xlsx')).ii06aWorkbook(report)).toString('base64'),
        isBase64Encoded: true,
      };
    default:
      throw bad('format must be html, csv or xlsx', 'format phải là html, csv hoặc xlsx');
  }
}

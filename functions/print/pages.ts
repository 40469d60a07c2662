import type { Agency } from '#domain/agencies';
import { permits } from '#domain/authorization';
import { parseIsoDate } from '#domain/calendar/civil-date';
import { fromLocal } from '#domain/calendar/vn-time';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { isDomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import type { FormKind, Regime } from '#domain/regimes';
import type { Services } from '../services';
import { dossierFormAt, dossierRegime, labelOf, registerLabel, titleOf } from './form-numbers';
import {
  type FormLabel,
  ONE_STOP_OFFICE,
  type PageHeader,
  renderApology,
  renderCompletionRequest,
  renderControlSlip,
  renderExtensionRequest,
  renderReceipt,
  renderRefusal,
  renderStopNotice,
  renderTrackingBook,
} from './render';
import { renderReconciliation } from './render/reconciliation';

/**
 * The printable pages: the forms service (functions/services/forms.ts, shared with GraphQL) loads
 * and builds a form the caller may see; this draws it as a page. No HTTP here (app.ts maps the
 * outcome to a response).
 */

/** A printed form number, "01" … "07": read in the dossier's rule set (./form-numbers.ts). */
export type FormNumber = string;

export type PrintErrorCode = 'BAD_INPUT' | 'DOSSIER_NOT_FOUND' | 'FORM_NOT_AVAILABLE' | 'FORBIDDEN' | 'REPORT_NOT_FOUND';

/** A refusal to print, with the status and the message in both languages the handler answers with. */
export class PrintError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly code: PrintErrorCode,
    message: string,
    readonly messageVi: string,
  ) {
    super(message);
    this.name = 'PrintError';
  }
}

/** Longest register period one page prints, in days (a leap year). */
export const MAX_REGISTER_DAYS = 366;
/** Rows one register page lists at most: beyond, the page says so (the Lambda response stays small). */
export const MAX_REGISTER_ROWS = 1000;
const REGISTER_PAGE_SIZE = 200;
export function notFound(dossierId: string): PrintError {
  return new PrintError(404, 'DOSSIER_NOT_FOUND', `No dossier ${dossierId}`, 'Không tìm thấy hồ sơ');
}

function formNotAvailable(form: FormNumber, regime: Regime): PrintError {
  const spec = dossierFormAt(regime, form);
  if (!spec) {
    const { title, kind } = titleOf(form, regime);
    const what = kind === 'REGISTER' ? `is the register (${title}), printed without a dossier` : 'does not exist';
    return new PrintError(
      404,
      'FORM_NOT_AVAILABLE',
      `Form ${form} of this dossier's rule set (${regime.name}) ${what}`,
      `Mẫu số ${form} theo ${regime.name} ${kind === 'REGISTER' ? `là ${title}, in không kèm mã hồ sơ` : 'không có'}`,
    );
  }
  return new PrintError(
    404,
    'FORM_NOT_AVAILABLE',
    `This dossier has no Form ${form} (${spec.title}) yet`,
    `Hồ sơ chưa có Mẫu số ${form} (${spec.title})`,
  );
}

/** Page headers from the agencies a form names. */
function headers(agencies: ReadonlyMap<string, Agency>) {
  return (code: string, office?: string): PageHeader => {
    const agency = agencies.get(code);
    const place = agency ? placeName(agency) : undefined;
    return { authority: agency?.name ?? code, ...(office ? { office } : {}), ...(place ? { place } : {}) };
  };
}

/** "Xã Dương Phong" of type "Xã" → "Dương Phong", as the date line names the place. */
export function placeName(agency: Pick<Agency, 'unitName' | 'unitType'>): string {
  const prefix = `${agency.unitType} `;
  return agency.unitName.toLocaleLowerCase('vi').startsWith(prefix.toLocaleLowerCase('vi'))
    ? agency.unitName.slice(prefix.length)
    : agency.unitName;
}

export interface RenderedPage {
  html: string;
}

type PagePrinter = (services: Services, caller: Caller, dossier: Dossier, label: FormLabel, regime: Regime) => Promise<string | null>;

const oneStop = (agencies: ReadonlyMap<string, Agency>, dossier: Dossier) => headers(agencies)(dossier.receivingAgency, ONE_STOP_OFFICE);

/** The issuing agency heads its own apology, as apologyForm picks it. */
const apologyIssuer = (dossier: Dossier, events: readonly DossierEvent[]) =>
  events.find((event) => event.type === 'APOLOGIZED')?.actor.agencyCode ?? dossier.holderAgency ?? dossier.receivingAgency;

/**
 * Each form's data comes from the forms service (the same data GraphQL answers); only the page is
 * drawn here, with the number and title the dossier's rule set gives the form.
 */
const PRINTERS: Record<Exclude<FormKind, 'REGISTER'>, PagePrinter> = {
  RECEIPT: async (services, caller, dossier, label) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'receipt');
    return form && renderReceipt(form, oneStop(agencies, dossier), label);
  },
  COMPLETION_REQUEST: async (services, caller, dossier, label) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'completionRequest');
    return form && renderCompletionRequest(form, oneStop(agencies, dossier), label);
  },
  REFUSAL: async (services, caller, dossier, label) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'refusal');
    return form && renderRefusal(form, oneStop(agencies, dossier), label);
  },
  APOLOGY: async (services, caller, dossier, label, regime) => {
    if (regime.apology.value.kind === 'EXTENSION_REQUEST') {
      const { form, agencies, events } = await services.forms.dossierForm(caller, dossier, 'extensionRequest');
      return form && renderExtensionRequest(form, headers(agencies)(apologyIssuer(dossier, events)), label);
    }
    const { form, agencies, events } = await services.forms.dossierForm(caller, dossier, 'apology');
    return form && renderApology(form, headers(agencies)(apologyIssuer(dossier, events)), label);
  },
  STOP_NOTICE: async (services, caller, dossier, label) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'stopNotice');
    return form && renderStopNotice(form, oneStop(agencies, dossier), label);
  },
  CONTROL_SLIP: async (services, caller, dossier, label) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'controlSlip');
    return form && renderControlSlip(form, oneStop(agencies, dossier), label);
  },
};

/**
 * One form of a dossier, by the number its rule set prints: one read of the head; the history
 * only for the forms read from it (apology, control slip) and only once the form can exist; one
 * BatchGet of agency names. A printed form is a full read (the receipt and Form 02 carry the
 * applicant's contact data): recorded in the dossier's read log like `dossier(id)`.
 */
export async function dossierPage(
  services: Services,
  caller: Caller,
  dossierId: string,
  form: FormNumber,
  requestId: string,
): Promise<RenderedPage> {
  const dossier = await services.dossiers.read(caller, dossierId, requestId);
  if (!dossier) throw notFound(dossierId);
  const regime = dossierRegime(dossier);
  const spec = dossierFormAt(regime, form);
  if (!spec || spec.kind === 'REGISTER') throw formNotAvailable(form, regime);
  const html = await PRINTERS[spec.kind](services, caller, dossier, labelOf(spec), regime);
  if (html === null) throw formNotAvailable(form, regime);
  return { html };
}

export interface RegisterPeriod {
  /** Vietnamese calendar days, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
}

/** Checks a register period: real dates, `from` ≤ `to`, at most 366 days. */
export function parseRegisterPeriod(from: string | undefined, to: string | undefined): { fromDay: number; toDay: number } {
  const day = (name: string, value: string | undefined): number => {
    try {
      if (value === undefined) throw new RangeError('missing');
      return parseIsoDate(value);
    } catch {
      throw new PrintError(
        400,
        'BAD_INPUT',
        `Query parameter "${name}" must be a date YYYY-MM-DD`,
        `Tham số "${name}" phải là ngày dạng YYYY-MM-DD`,
      );
    }
  };
  const fromDay = day('from', from);
  const toDay = day('to', to);
  if (toDay < fromDay) throw new PrintError(400, 'BAD_INPUT', '"to" is before "from"', 'Ngày "to" trước ngày "from"');
  if (toDay - fromDay + 1 > MAX_REGISTER_DAYS) {
    throw new PrintError(
      400,
      'BAD_INPUT',
      `The period is longer than ${MAX_REGISTER_DAYS} days`,
      `Kỳ in dài quá ${MAX_REGISTER_DAYS} ngày`,
    );
  }
  return { fromDay, toDay };
}

/**
 * The register (Mẫu 06 of TT 01/2018, Mẫu 07 of TT 03/2025, as in force on the period's last day): the caller's one-stop register for the dossiers it received on the days `from`…`to`
 * (Hà Nội calendar, both included), oldest first, up to MAX_REGISTER_ROWS rows.
 */
export async function registerPage(services: Services, caller: Caller, period: RegisterPeriod): Promise<RenderedPage & { rows: number }> {
  if (!permits('REGISTER_READ', caller, { agency: caller.agencyCode })) {
    throw new PrintError(403, 'FORBIDDEN', 'Not allowed: REGISTER_READ', 'Không có quyền xem sổ theo dõi hồ sơ');
  }
  const { fromDay, toDay } = parseRegisterPeriod(period.from, period.to);
  const from = fromLocal(fromDay, 0).toISOString();
  const to = fromLocal(toDay + 1, 0).toISOString();
  const dossiers: Dossier[] = [];
  let after: string | undefined;
  let truncated = false;
  for (;;) {
    const first = Math.min(REGISTER_PAGE_SIZE, MAX_REGISTER_ROWS - dossiers.length);
    const page = await services.dossiers.register(caller.agencyCode, { from, to, first, ...(after ? { after } : {}) });
    dossiers.push(...page.items);
    if (!page.hasNextPage || !page.endCursor) break;
    if (dossiers.length >= MAX_REGISTER_ROWS) {
      truncated = true;
      break;
    }
    after = page.endCursor;
  }
  const [{ rows, agencies }, voids] = await Promise.all([
    services.forms.trackingBook(caller, dossiers),
    services.numbering.voidNumbers(caller, from, to),
  ]);
  const html = renderTrackingBook(
    { fromDate: period.from, toDate: period.to, rows, truncated, voids },
    headers(agencies)(caller.agencyCode, ONE_STOP_OFFICE),
    registerLabel(toDay),
  );
  return { html, rows: rows.length };
}

/**
 * Issue 10: the stored reconciliation of an agency's day with the national portal,
 * `GET /forms/reconciliation?day=YYYY-MM-DD&agency=CODE` (the caller's agency by default).
 */
export async function reconciliationPage(
  services: Services,
  caller: Caller,
  query: { day?: string; agency?: string },
): Promise<RenderedPage> {
  const agency = query.agency || caller.agencyCode;
  let report: Awaited<ReturnType<Services['reconciliation']['report']>>;
  try {
    report = await services.reconciliation.report(caller, query.day ?? '', agency);
  } catch (error) {
    if (isDomainError(error) && error.code === 'FORBIDDEN')
      throw new PrintError(403, 'FORBIDDEN', 'Not allowed: PORTAL_RECONCILIATION_READ', 'Không có quyền xem báo cáo đối soát');
    if (isDomainError(error) && error.code === 'BAD_INPUT')
      throw new PrintError(
        400,
        'BAD_INPUT',
        'Query parameter "day" must be a date YYYY-MM-DD',
        'Tham số "day" phải là ngày dạng YYYY-MM-DD',
      );
    throw error;
  }
  if (!report)
    throw new PrintError(
      404,
      'REPORT_NOT_FOUND',
      `No reconciliation of ${agency} on ${query.day} yet`,
      `Chưa đối soát đơn vị ${agency} ngày ${query.day}`,
    );
  const [found] = await services.agencies.getMany([agency]);
  const names = new Map(found ? [[agency, found]] : []);
  return { html: renderReconciliation(report, headers(names)(agency)) };
}

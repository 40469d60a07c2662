import type { Agency } from '#domain/agencies';
import { permits } from '#domain/authorization';
import { parseIsoDate } from '#domain/calendar/civil-date';
import { fromLocal } from '#domain/calendar/vn-time';
import type { Dossier } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import type { Services } from '../services';
import {
  ONE_STOP_OFFICE,
  type PageHeader,
  renderApology,
  renderCompletionRequest,
  renderControlSlip,
  renderReceipt,
  renderRefusal,
  renderTrackingBook,
} from './render';

/**
 * The printable pages: the forms service (functions/services/forms.ts, shared with GraphQL) loads
 * and builds a form the caller may see; this draws it as a page. No HTTP here (app.ts maps the
 * outcome to a response).
 */

export const DOSSIER_FORMS = ['01', '02', '03', '04', '05'] as const;
export type DossierFormNumber = (typeof DOSSIER_FORMS)[number];
export const REGISTER_FORM = '06';

export const isDossierForm = (form: string): form is DossierFormNumber => (DOSSIER_FORMS as readonly string[]).includes(form);

/** The forms by number, as the TT 01/2018 list names them (for messages). */
export const FORM_NAMES: Readonly<Record<DossierFormNumber | typeof REGISTER_FORM, { vi: string; en: string }>> = {
  '01': { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'receipt and appointment slip' },
  '02': { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'request to complete the dossier' },
  '03': { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'refusal of reception' },
  '04': { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'apology and new appointment' },
  '05': { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'process-control slip' },
  '06': { vi: 'Sổ theo dõi hồ sơ', en: 'tracking register' },
};

export type PrintErrorCode = 'BAD_INPUT' | 'DOSSIER_NOT_FOUND' | 'FORM_NOT_AVAILABLE' | 'FORBIDDEN';

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

function formNotAvailable(form: DossierFormNumber): PrintError {
  const name = FORM_NAMES[form];
  return new PrintError(
    404,
    'FORM_NOT_AVAILABLE',
    `This dossier has no Form ${form} (${name.en}) yet`,
    `Hồ sơ chưa có Mẫu số ${form} (${name.vi})`,
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

type PagePrinter = (services: Services, caller: Caller, dossier: Dossier) => Promise<string | null>;

const oneStop = (agencies: ReadonlyMap<string, Agency>, dossier: Dossier) => headers(agencies)(dossier.receivingAgency, ONE_STOP_OFFICE);

/** Each form's data comes from the forms service (the same data GraphQL answers); only the page is drawn here. */
const PRINTERS: Record<DossierFormNumber, PagePrinter> = {
  '01': async (services, caller, dossier) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'receipt');
    return form && renderReceipt(form, oneStop(agencies, dossier));
  },
  '02': async (services, caller, dossier) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'completionRequest');
    return form && renderCompletionRequest(form, oneStop(agencies, dossier));
  },
  '03': async (services, caller, dossier) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'refusal');
    return form && renderRefusal(form, oneStop(agencies, dossier));
  },
  '04': async (services, caller, dossier) => {
    const { form, agencies, events } = await services.forms.dossierForm(caller, dossier, 'apology');
    // The issuing agency heads its own apology, as apologyForm picks it.
    const issuer = events.find((event) => event.type === 'APOLOGIZED')?.actor.agencyCode ?? dossier.holderAgency ?? dossier.receivingAgency;
    return form && renderApology(form, headers(agencies)(issuer));
  },
  '05': async (services, caller, dossier) => {
    const { form, agencies } = await services.forms.dossierForm(caller, dossier, 'controlSlip');
    return form && renderControlSlip(form, oneStop(agencies, dossier));
  },
};

/**
 * Forms 01–05 of one dossier: one read of the head; the history only for the forms read from
 * it (04, 05) and only once the form can exist; one BatchGet of agency names.
 */
export async function dossierPage(services: Services, caller: Caller, dossierId: string, form: DossierFormNumber): Promise<RenderedPage> {
  const dossier = await services.dossiers.readable(caller, dossierId);
  if (!dossier) throw notFound(dossierId);
  const html = await PRINTERS[form](services, caller, dossier);
  if (html === null) throw formNotAvailable(form);
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
 * Form 06: the caller's one-stop register for the dossiers it received on the days `from`…`to`
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
  const { rows, agencies } = await services.forms.trackingBook(caller, dossiers);
  const html = renderTrackingBook(
    { fromDate: period.from, toDate: period.to, rows, truncated },
    headers(agencies)(caller.agencyCode, ONE_STOP_OFFICE),
  );
  return { html, rows: rows.length };
}

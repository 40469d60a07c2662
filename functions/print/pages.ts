import type { Agency } from '../domain/agencies';
import { fromLocal } from '../domain/calendar/vn-time';
import { parseIsoDate } from '../domain/calendar/civil-date';
import type { Dossier, DossierEvent } from '../domain/dossier';
import {
  type AgencyNames,
  type PersonalData,
  apologyForm,
  completionRequestForm,
  controlSlipForm,
  receiptForm,
  refusalForm,
  trackingBookRow,
} from '../domain/forms';
import type { Caller } from '../domain/lifecycle';
import type { Services } from '../services/dossiers';
import { permits } from '../domain/authorization';
import { lookupSecret } from '../domain/lookup-secret';
import { hashKey } from '../store/keys-config';
import { extensionRequestForm, stopNoticeForm } from '../domain/forms-2025';
import type { FormSpec, Regime } from '../domain/regimes';
import { dossierFormAt, dossierRegime, labelOf, registerLabel, titleOf } from './form-numbers';
import {
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

/**
 * The printable pages: load what a form needs, check the caller may see it, build the form with
 * domain/forms.ts and render it. No HTTP here (handler.ts maps the outcome to a response).
 */

/** A printed form number, "01" … "07": read in the dossier's rule set (./form-numbers.ts). */
export type FormNumber = string;

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
/** BatchGetItem's limit. */
const AGENCY_BATCH = 100;

/**
 * Agencies that may read a dossier: where it was handed in, who holds it, who sent or receives
 * it. The same rule as the GraphQL `dossier` query (graphql/resolvers/dossier.ts), so a page
 * shows nothing the API would not; anyone else gets "not found", so probing ids tells nothing.
 */
/** The same rule as the GraphQL `dossier` query: the authorization table's DOSSIER_READ. */
export function mayRead(dossier: Dossier, caller: Caller): boolean {
  return permits('DOSSIER_READ', caller, { dossier });
}

const personalDataView = (caller: Caller, dossier: Dossier): PersonalData =>
  permits('PERSONAL_DATA_READ', caller, { dossier }) ? 'FULL' : 'MASKED';

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
  return new PrintError(404, 'FORM_NOT_AVAILABLE', `This dossier has no Form ${form} (${spec.title}) yet`, `Hồ sơ chưa có Mẫu số ${form} (${spec.title})`);
}

interface AgencyBook {
  names: AgencyNames;
  header(code: string, office?: string): PageHeader;
}

/** Loads the agencies by code, 100 per BatchGet, and answers names and page headers from them. */
async function loadAgencies(services: Services, codes: Iterable<string>): Promise<AgencyBook> {
  const unique = [...new Set(codes)];
  const byCode = new Map<string, Agency>();
  for (let start = 0; start < unique.length; start += AGENCY_BATCH) {
    const agencies = await services.agencies.getMany(unique.slice(start, start + AGENCY_BATCH));
    for (const agency of agencies) if (agency) byCode.set(agency.code, agency);
  }
  return {
    names: (code) => byCode.get(code)?.name ?? code,
    header: (code, office) => {
      const agency = byCode.get(code);
      const place = agency ? placeName(agency) : undefined;
      return { authority: agency?.name ?? code, ...(office ? { office } : {}), ...(place ? { place } : {}) };
    },
  };
}

/** "Xã Dương Phong" of type "Xã" → "Dương Phong", as the date line names the place. */
export function placeName(agency: Pick<Agency, 'unitName' | 'unitType'>): string {
  const prefix = `${agency.unitType} `;
  return agency.unitName.toLocaleLowerCase('vi').startsWith(prefix.toLocaleLowerCase('vi'))
    ? agency.unitName.slice(prefix.length)
    : agency.unitName;
}

function agencyCodes(dossier: Dossier, events: readonly DossierEvent[] = []): string[] {
  const codes = [dossier.receivingAgency, dossier.applicant.address.communeAgencyCode, ...dossier.subjectChain.map((agency) => agency.code)];
  if (dossier.holderAgency) codes.push(dossier.holderAgency);
  for (const event of events) {
    codes.push(event.actor.agencyCode);
    if (event.handoff) codes.push(event.handoff.fromAgency, event.handoff.toAgency);
  }
  return codes;
}

export interface RenderedPage {
  html: string;
}

/**
 * One form of a dossier, by the number its rule set prints. One read of the head; the history
 * only for the forms read from it (apology, control slip) and only once the form can exist; one
 * BatchGet of agency names.
 */
export async function dossierPage(services: Services, caller: Caller, dossierId: string, form: FormNumber): Promise<RenderedPage> {
  const dossier = await services.dossiers.get(dossierId);
  if (!dossier || !mayRead(dossier, caller)) throw notFound(dossierId);
  const regime = dossierRegime(dossier);
  const spec = dossierFormAt(regime, form);
  if (!spec) throw formNotAvailable(form, regime);
  const needsHistory = (spec.kind === 'APOLOGY' && dossier.apology !== undefined) || (spec.kind === 'CONTROL_SLIP' && dossier.code !== undefined);
  const events = needsHistory ? await services.dossiers.history(dossier.id) : [];
  const agencies = await loadAgencies(services, agencyCodes(dossier, events));
  const oneStop = () => agencies.header(dossier.receivingAgency, ONE_STOP_OFFICE);
  const html = renderDossierForm(spec, regime, { dossier, events, agencies, oneStop, view: personalDataView(caller, dossier) });
  if (html === null) throw formNotAvailable(form, regime);
  return { html };
}

interface PageSource {
  dossier: Dossier;
  events: readonly DossierEvent[];
  agencies: AgencyBook;
  oneStop: () => PageHeader;
  view: PersonalData;
}

function renderDossierForm(spec: FormSpec, regime: Regime, { dossier, events, agencies, oneStop, view }: PageSource): string | null {
  const { names } = agencies;
  const label = labelOf(spec);
  switch (spec.kind) {
    case 'RECEIPT': {
      const secret = dossier.code ? lookupSecret(dossier.code, hashKey('LOOKUP_SECRET_KEY')) : undefined;
      const data = receiptForm(dossier, names, view, secret);
      return data && renderReceipt(data, oneStop(), label);
    }
    case 'COMPLETION_REQUEST': {
      const data = completionRequestForm(dossier, names, view);
      return data && renderCompletionRequest(data, oneStop(), label);
    }
    case 'REFUSAL': {
      const data = refusalForm(dossier, names);
      return data && renderRefusal(data, oneStop(), label);
    }
    case 'APOLOGY': {
      // The issuing agency heads its own apology, as apologyForm picks it.
      const issuer = events.find((event) => event.type === 'APOLOGIZED')?.actor.agencyCode ?? dossier.holderAgency ?? dossier.receivingAgency;
      if (regime.apology.value.kind === 'EXTENSION_REQUEST') {
        const data = extensionRequestForm(dossier, events, names);
        return data && renderExtensionRequest(data, agencies.header(issuer), label);
      }
      const data = apologyForm(dossier, events, names);
      return data && renderApology(data, agencies.header(issuer), label);
    }
    case 'STOP_NOTICE': {
      const data = stopNoticeForm(dossier, names);
      return data && renderStopNotice(data, oneStop(), label);
    }
    case 'CONTROL_SLIP': {
      const data = controlSlipForm(dossier, events, names);
      return data && renderControlSlip(data, oneStop(), label);
    }
    case 'REGISTER':
      return null;
  }
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
      throw new PrintError(400, 'BAD_INPUT', `Query parameter "${name}" must be a date YYYY-MM-DD`, `Tham số "${name}" phải là ngày dạng YYYY-MM-DD`);
    }
  };
  const fromDay = day('from', from);
  const toDay = day('to', to);
  if (toDay < fromDay) throw new PrintError(400, 'BAD_INPUT', '"to" is before "from"', 'Ngày "to" trước ngày "from"');
  if (toDay - fromDay + 1 > MAX_REGISTER_DAYS) {
    throw new PrintError(400, 'BAD_INPUT', `The period is longer than ${MAX_REGISTER_DAYS} days`, `Kỳ in dài quá ${MAX_REGISTER_DAYS} ngày`);
  }
  return { fromDay, toDay };
}

/**
 * The register (Mẫu 06 of TT 01/2018, Mẫu 07 of TT 03/2025, as in force on the last day): the caller's one-stop register for the dossiers it received on the days `from`…`to`
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
  const agencies = await loadAgencies(services, [caller.agencyCode, ...dossiers.flatMap((dossier) => agencyCodes(dossier))]);
  const rows = dossiers.flatMap((dossier) => trackingBookRow(dossier, agencies.names, personalDataView(caller, dossier)) ?? []);
  const html = renderTrackingBook(
    { fromDate: period.from, toDate: period.to, rows, truncated },
    agencies.header(caller.agencyCode, ONE_STOP_OFFICE),
    registerLabel(toDay),
  );
  return { html, rows: rows.length };
}

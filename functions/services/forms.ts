import type { Agency } from '#domain/agencies';
import { permits } from '#domain/authorization';
import type { Dossier, DossierEvent } from '#domain/dossier';
import {
  type AgencyNames,
  apologyForm,
  completionRequestForm,
  controlSlipForm,
  type PersonalData,
  receiptForm,
  refusalForm,
  type TrackingBookRow,
  trackingBookRow,
} from '#domain/forms';
import { extensionRequestForm, stopNoticeForm } from '#domain/forms-2025';
import type { Caller } from '#domain/lifecycle';
import { lookupSecret } from '#domain/lookup-secret';
import { regimeOf } from '#domain/regimes';
import { officerHistory, ratingLink } from '#domain/satisfaction';
import { hashKey, hashKeysReady } from '../store';
import type { ServiceDeps } from './deps';
import type { PersonalDataAudit } from './dossier-queries';

/**
 * The forms of a dossier (TT 01/2018) built once for every edge: GraphQL's `forms` fields and
 * the print Lambda's pages read the same data from here, with the same personal-data rule.
 */

/** Reads agencies by code; GraphQL passes its request's DataLoader, others get one BatchGet per 100. */
export type AgencyLoader = (codes: readonly string[]) => Promise<readonly (Agency | undefined)[]>;

interface FormSource {
  dossier: Dossier;
  events: readonly DossierEvent[];
  names: AgencyNames;
  view: PersonalData;
  /** Form 05 judges the step in progress of an open dossier as of now. */
  now: Date;
}

const BUILDERS = {
  receipt: ({ dossier, names, view }: FormSource) => withRatingLink(receiptForm(dossier, names, view, receiptSecret(dossier)), dossier),
  completionRequest: ({ dossier, names, view }: FormSource) => completionRequestForm(dossier, names, view),
  refusal: ({ dossier, names }: FormSource) => refusalForm(dossier, names),
  apology: ({ dossier, events, names }: FormSource) => apologyForm(dossier, events, names),
  controlSlip: ({ dossier, events, names, now }: FormSource) => controlSlipForm(dossier, events, names, now),
  // TT 03/2025 (regime 2025): Mẫu 04 asks to extend, Mẫu 05 notices the stop.
  extensionRequest: ({ dossier, events, names }: FormSource) => extensionRequestForm(dossier, events, names),
  stopNotice: ({ dossier, names }: FormSource) => stopNoticeForm(dossier, names),
};

export type DossierFormName = keyof typeof BUILDERS;

function receiptSecret(dossier: Dossier): string | undefined {
  return dossier.code ? lookupSecret(dossier.code, hashKey('LOOKUP_SECRET_KEY')) : undefined;
}

/**
 * The rating page's link on the receipt, when the province set RATING_PAGE_URL (its public
 * portal's page that calls `rateService`): code and secret in the link, so the QR code is enough.
 */
function withRatingLink<F extends { lookupSecret?: string }>(form: F | null, dossier: Dossier): F | null {
  const base = process.env.RATING_PAGE_URL;
  if (!form || !base || !dossier.code || !form.lookupSecret) return form;
  return { ...form, ratingLink: ratingLink(base, dossier.code, form.lookupSecret) };
}

/** Forms read from the history, and whether they can exist yet: otherwise nothing is read at all. */
const FROM_HISTORY: Partial<Record<DossierFormName, (dossier: Dossier) => boolean>> = {
  apology: (dossier) => dossier.apology !== undefined,
  extensionRequest: (dossier) => dossier.apology !== undefined && regimeOf(dossier).apology.value.kind === 'EXTENSION_REQUEST',
  controlSlip: (dossier) => dossier.code !== undefined,
};

export interface BuiltForm<N extends DossierFormName> {
  /** Null when the dossier has no such form (yet). */
  form: ReturnType<(typeof BUILDERS)[N]>;
  events: readonly DossierEvent[];
  /** The agencies the form names, by code (page headers are built from them). */
  agencies: ReadonlyMap<string, Agency>;
}

export type { TrackingBookRow };

/** Every agency a dossier's forms may name. */
function agencyCodes(dossier: Dossier, events: readonly DossierEvent[] = []): string[] {
  const codes = [
    dossier.receivingAgency,
    dossier.applicant.address.communeAgencyCode,
    ...dossier.subjectChain.map((agency) => agency.code),
  ];
  if (dossier.holderAgency) codes.push(dossier.holderAgency);
  for (const event of events) {
    codes.push(event.actor.agencyCode);
    if (event.handoff) codes.push(event.handoff.fromAgency, event.handoff.toAgency);
  }
  return codes;
}

const BATCH = 100;

/** Whether the caller sees the applicant's contact data on forms as given or masked. */
const personalDataView = (caller: Caller | null, dossier: Dossier): PersonalData =>
  permits('PERSONAL_DATA_READ', caller, { dossier }) ? 'FULL' : 'MASKED';

export function formService(deps: ServiceDeps) {
  const batchLoader: AgencyLoader = async (codes) => {
    const found: (Agency | undefined)[] = [];
    for (let start = 0; start < codes.length; start += BATCH)
      found.push(...(await deps.store.agencies.agencies(codes.slice(start, start + BATCH))));
    return found;
  };

  async function agenciesByCode(codes: Iterable<string>, load: AgencyLoader): Promise<Map<string, Agency>> {
    const agencies = await load([...new Set(codes)]);
    return new Map(agencies.flatMap((agency) => (agency ? [[agency.code, agency] as const] : [])));
  }

  const namesOf =
    (agencies: ReadonlyMap<string, Agency>): AgencyNames =>
    (code) =>
      agencies.get(code)?.name ?? code;

  return {
    /** One form of a dossier the caller may read: the history only for forms read from it, one load of agency names. */
    async dossierForm<N extends DossierFormName>(
      caller: Caller | null,
      dossier: Dossier,
      name: N,
      load: AgencyLoader = batchLoader,
      audit?: PersonalDataAudit,
    ): Promise<BuiltForm<N>> {
      const fromHistory = FROM_HISTORY[name];
      if (fromHistory && !fromHistory(dossier)) return { form: null as ReturnType<(typeof BUILDERS)[N]>, events: [], agencies: new Map() };
      const events = fromHistory ? officerHistory(await deps.store.dossiers.history(dossier.id)) : [];
      const agencies = await agenciesByCode(agencyCodes(dossier, events), load);
      const view = personalDataView(caller, dossier);
      // Contact data shown in full is a read of the dossier's personal data: recorded (once a request).
      if (view === 'FULL') await audit?.shown(dossier);
      // The receipt prints the lookup secret, a keyed hash: its key is read on first use.
      if (name === 'receipt') await hashKeysReady();
      const form = BUILDERS[name]({ dossier, events, names: namesOf(agencies), view, now: deps.now() }) as ReturnType<(typeof BUILDERS)[N]>;
      return { form, events, agencies };
    },

    /**
     * The register's rows (Form 06) for dossiers the caller's one-stop received, and the agencies
     * they name. Contact data is always masked here: a page lists up to 200 applicants at once, and
     * recording a read of each is not what a register is for; the dossier itself shows it (audited).
     */
    async trackingBook(caller: Caller, dossiers: readonly Dossier[], load: AgencyLoader = batchLoader) {
      const agencies = await agenciesByCode([caller.agencyCode, ...dossiers.flatMap((dossier) => agencyCodes(dossier))], load);
      const names = namesOf(agencies);
      const rows = dossiers.flatMap((dossier) => trackingBookRow(dossier, names, 'MASKED') ?? []);
      return { rows, agencies: agencies as ReadonlyMap<string, Agency> };
    },
  };
}

import { type Agency, type AgencyKind, isElectronicIdentifier } from '#domain/agencies';
import { type AddAgencyInput, addAgency, closeAgency, parentCodeOf, renameAgency } from '#domain/agencies-admin';
import { agencyStatusAt } from '#domain/agencies-validity';
import { authorizeOperation } from '#domain/authorization';
import { checkOfficeHours } from '#domain/clock';
import { DomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import type { AgencyChanges } from '../store';
import type { ServiceDeps } from './deps';
import { cacheFor, type ReferenceCache } from './reference-cache';

const caches = new WeakMap<object, ReferenceCache<Agency>>();

/** Keeps an agency an action read from the table (`onAgencyRead`) in the container's copy, so later requests name it without a read. */
export const rememberAgencyRead =
  (store: ServiceDeps['store']) =>
  (agency: Agency): void =>
    cacheFor(caches, store.agencies).set(agency.code, agency);

export interface AgencyFilter {
  kind?: AgencyKind | undefined;
  includeClosed?: boolean | undefined;
}

/**
 * Agencies: reads, and a province administrator's use cases. Each change loads the agencies it
 * needs, calls one domain function (agencies-admin.ts) and commits one write. A new agency's queue
 * is created by the next deploy (infra/provinces/README.md: `npm run agencies:export` first);
 * until its `validFrom` it is not a target, so it is dated after the deploy.
 */
export function agencyService(deps: ServiceDeps) {
  const { agencies } = deps.store;
  const cache = cacheFor(caches, agencies);
  /** This process wrote `agency`: its copy here is the new one at once. */
  const wrote = (agency: Agency): Agency => {
    cache.set(agency.code, agency);
    return agency;
  };
  const listed = (found: readonly Agency[], filter: AgencyFilter): Agency[] => {
    const now = deps.now();
    return found.filter(
      (agency) =>
        (filter.kind === undefined || agency.kind === filter.kind) &&
        (filter.includeClosed === true || agencyStatusAt(agency, now) !== 'CLOSED'),
    );
  };
  const requireAgency = async (code: string): Promise<Agency> => {
    const [agency] = await agencies.agencies([code]);
    if (!agency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code, field: 'code' });
    return agency;
  };
  return {
    /** Agencies by code, in the order asked (missing ones undefined); at most 100 codes a call. */
    getMany: (codes: readonly string[]) => agencies.agencies(codes),
    /**
     * The same from this container's copy where it has one (reference-cache.ts: at most
     * REFERENCE_TTL_MS old), reading only the others: for what a request shows (names), never for
     * a decision an action takes (those read the table: store `loadFor…`).
     */
    cachedMany: (codes: readonly string[]) => cache.many(codes, (missing) => agencies.agencies(missing)),
    async get(code: string): Promise<Agency | undefined> {
      const [agency] = await agencies.agencies([code]);
      return agency;
    },
    children: (parentCode: string | null) => agencies.children(parentCode),

    /** Agencies under a parent, optionally of one kind; closed ones only when asked. */
    async list(parentCode: string | null, filter: AgencyFilter = {}): Promise<Agency[]> {
      return listed(await agencies.children(parentCode), filter);
    },

    /** Of agencies already read (a request's loader), those `list` would answer. */
    listed: (found: readonly Agency[], filter: AgencyFilter = {}): Agency[] => listed(found, filter),

    /** Every agency the table holds, parents first (agencies:export, the local platform's queues); not a request path. */
    all: () => agencies.allAgencies(),

    /** A province's own data on an agency: its official identifier and its one-stop's office hours. */
    async update(code: string, changes: AgencyChanges): Promise<Agency> {
      if (changes.identifier === undefined && changes.officeHours === undefined)
        throw new DomainError('BAD_INPUT', 'Nothing to change', { field: 'input' });
      if (changes.identifier !== undefined && !isElectronicIdentifier(changes.identifier)) {
        throw new DomainError('BAD_INPUT', 'Not an electronic identifier (QĐ 20/2020/QĐ-TTg)', { field: 'identifier' });
      }
      if (changes.officeHours) checkOfficeHours(changes.officeHours);
      return wrote(await agencies.commitAgencyChanges(code, changes));
    },

    /** A province administrator adds a department, vertical agency, public service unit or reception point. */
    async add(caller: Caller, input: AddAgencyInput): Promise<Agency> {
      authorizeOperation('AGENCY_UPDATE', caller);
      const parentCode = parentCodeOf(input.code);
      const [parent] = parentCode ? await agencies.agencies([parentCode]) : [undefined];
      return wrote(await agencies.insertAgency(addAgency(input, parent, deps.now())));
    },

    /** A new name (and one-stop name) for an agency in service. */
    async rename(caller: Caller, code: string, change: { name: string; oneStopName?: string }): Promise<Agency> {
      authorizeOperation('AGENCY_UPDATE', caller);
      const before = await requireAgency(code);
      return wrote(await agencies.commitAgencyChange(before, renameAgency(before, change, deps.now())));
    },

    /** Closes an agency after its last day in service, naming the agency that takes over, if one does. */
    async close(caller: Caller, code: string, change: { validTo: string; successorCode?: string }): Promise<Agency> {
      authorizeOperation('AGENCY_UPDATE', caller);
      const [before, successor] = await agencies.agencies(change.successorCode ? [code, change.successorCode] : [code]);
      if (!before) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code, field: 'code' });
      if (change.successorCode && !successor) {
        throw new DomainError('AGENCY_NOT_FOUND', `No agency ${change.successorCode}`, {
          agencyCode: change.successorCode,
          field: 'successorCode',
        });
      }
      return wrote(
        await agencies.commitAgencyChange(
          before,
          closeAgency(before, { validTo: change.validTo, ...(successor ? { successor } : {}) }, deps.now()),
        ),
      );
    },
  };
}

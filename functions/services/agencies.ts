import type { Agency, AgencyKind } from '../domain/agencies';
import { type AddAgencyInput, addAgency, closeAgency, parentCodeOf, renameAgency } from '../domain/agencies-admin';
import { agencyStatusAt } from '../domain/agencies-validity';
import { authorizeOperation } from '../domain/authorization';
import { DomainError } from '../domain/errors';
import type { Caller } from '../domain/lifecycle';
import type { Services } from './dossiers';

/**
 * A province administrator's agency use cases: each loads the agencies it needs, calls one domain
 * function (agencies-admin.ts) and commits one write. A new agency's queue is created by the next
 * deploy (infra/provinces/README.md: `npm run agencies:export` first); until its `validFrom` it
 * is not a target, so date it after the deploy.
 */
export async function addProvinceAgency(services: Services, caller: Caller, input: AddAgencyInput): Promise<Agency> {
  authorizeOperation('AGENCY_UPDATE', caller);
  const parentCode = parentCodeOf(input.code);
  const parent = parentCode ? await services.agencies.get(parentCode) : undefined;
  const agency = addAgency(input, parent, services.now());
  return services.agencies.insert(agency);
}

export async function renameProvinceAgency(
  services: Services,
  caller: Caller,
  code: string,
  change: { name: string; oneStopName?: string },
): Promise<Agency> {
  authorizeOperation('AGENCY_UPDATE', caller);
  const before = await requireAgency(services, code);
  return services.agencies.commitChange(before, renameAgency(before, change, services.now()));
}

export async function closeProvinceAgency(
  services: Services,
  caller: Caller,
  code: string,
  change: { validTo: string; successorCode?: string },
): Promise<Agency> {
  authorizeOperation('AGENCY_UPDATE', caller);
  const [before, successor] = await services.agencies.getMany(change.successorCode ? [code, change.successorCode] : [code]);
  if (!before) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code, field: 'code' });
  if (change.successorCode && !successor) {
    throw new DomainError('AGENCY_NOT_FOUND', `No agency ${change.successorCode}`, { agencyCode: change.successorCode, field: 'successorCode' });
  }
  const after = closeAgency(before, { validTo: change.validTo, ...(successor ? { successor } : {}) }, services.now());
  return services.agencies.commitChange(before, after);
}

/** Agencies under a parent, optionally of one kind, closed ones only when asked. */
export async function childAgencies(
  services: Services,
  parentCode: string | null,
  filter: { kind?: AgencyKind; includeClosed?: boolean } = {},
): Promise<Agency[]> {
  const children = await services.agencies.children(parentCode);
  const now = services.now();
  return children.filter(
    (agency) => (filter.kind === undefined || agency.kind === filter.kind) && (filter.includeClosed || agencyStatusAt(agency, now) !== 'CLOSED'),
  );
}

async function requireAgency(services: Services, code: string): Promise<Agency> {
  const agency = await services.agencies.get(code);
  if (!agency) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${code}`, { agencyCode: code, field: 'code' });
  return agency;
}

/** Every agency the table holds, parents first (agencies:export, the local platform's queues); not a request path. */
export const allAgencies = (services: Services): Promise<Agency[]> => services.agencies.all();

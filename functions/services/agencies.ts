import { type Agency, isElectronicIdentifier } from '#domain/agencies';
import { checkOfficeHours } from '#domain/clock';
import { DomainError } from '#domain/errors';
import type { AgencyChanges } from '../store';
import type { ServiceDeps } from './deps';

export function agencyService(deps: ServiceDeps) {
  const { agencies } = deps.store;
  return {
    /** Agencies by code, in the order asked (missing ones undefined); at most 100 codes a call. */
    getMany: (codes: readonly string[]) => agencies.agencies(codes),
    async get(code: string): Promise<Agency | undefined> {
      const [agency] = await agencies.agencies([code]);
      return agency;
    },
    children: (parentCode: string | null) => agencies.children(parentCode),

    /** A province's own data on an agency: its official identifier and its one-stop's office hours. */
    async update(code: string, changes: AgencyChanges): Promise<Agency> {
      if (changes.identifier === undefined && changes.officeHours === undefined)
        throw new DomainError('BAD_INPUT', 'Nothing to change', { field: 'input' });
      if (changes.identifier !== undefined && !isElectronicIdentifier(changes.identifier)) {
        throw new DomainError('BAD_INPUT', 'Not an electronic identifier (QĐ 20/2020/QĐ-TTg)', { field: 'identifier' });
      }
      if (changes.officeHours) checkOfficeHours(changes.officeHours);
      return agencies.commitAgencyChanges(code, changes);
    },
  };
}

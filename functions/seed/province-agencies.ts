import { type Agency, deriveAgencies, findProvince, type UnitList } from '#domain/agencies';
import { configuredAgencies } from '#domain/agencies-config';
import { DEFAULT_UNITS_EDITION, EDITION_PROFILES, type UnitsEdition } from '#domain/agencies-editions';
import thaiNguyen from '../../data/agencies/19.json';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';

/**
 * A province's agencies, the one list the seed writes, the stack makes queues for and `npm start`
 * runs: the unit list's agencies for the edition, then the province's own file. Static imports,
 * so the seed Lambda's bundle carries every list and file (a changed file changes the seed's code
 * and so re-runs it on deploy).
 */
export const UNIT_LISTS: Record<UnitsEdition, UnitList> = {
  '2025-03': units2025_03 as UnitList,
  '2025-07': units2025_07 as UnitList,
};

/** Every file in data/agencies/, by province code; test/infra/provinces.test.ts checks none is left out. */
export const PROVINCE_AGENCY_FILES: Readonly<Record<string, unknown>> = {
  '19': thaiNguyen,
};

export const provinceAgencyFilePath = (provinceCode: string): string => `data/agencies/${provinceCode}.json`;

/** The unit list's agencies alone (People's Committees, and centres from 01/07/2025). */
export function unitAgencies(provinceCode: string, edition: UnitsEdition = DEFAULT_UNITS_EDITION): Agency[] {
  return deriveAgencies(findProvince(UNIT_LISTS[edition], provinceCode), {}, EDITION_PROFILES[edition]);
}

/** All agencies of the province, parents before children. Throws UnknownProvinceError, AgencyConfigError. */
export function provinceAgencies(provinceCode: string, edition: UnitsEdition = DEFAULT_UNITS_EDITION): Agency[] {
  const derived = unitAgencies(provinceCode, edition);
  const file = PROVINCE_AGENCY_FILES[provinceCode];
  return file === undefined ? derived : [...derived, ...configuredAgencies(file, derived, edition, provinceAgencyFilePath(provinceCode))];
}

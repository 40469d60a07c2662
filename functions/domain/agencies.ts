/**
 * Agencies derived from the official administrative unit list.
 *
 * One agency per unit: the People's Committee (UBND) of the province, of each district (three-tier
 * list, before 01/07/2025) and of each commune, each with its one-stop department (Bộ phận Tiếp
 * nhận và Trả kết quả). Levels are data (the unit's tier and type), not a closed enum in the code
 * paths that route dossiers: routing only follows `parentCode`.
 *
 * Agency codes are dot-grouped unit codes (`06`, `06.063`, `06.063.01840`), which fit the shape
 * QĐ 20/2020/QĐ-TTg allows for electronic identifiers (digit groups joined by "."). The official
 * 13-character identifiers (`000.00.00.H29`) could not be confirmed per unit [U], so they stay an
 * override (`identifier`) that a province supplies; until then the code itself is used.
 */

import type { OfficeSession } from './calendar';

export interface UnitCommune {
  code: string;
  name: string;
  type: string;
}

export interface UnitDistrict {
  code: string;
  name: string;
  type: string;
  communes: UnitCommune[];
}

export interface UnitProvince {
  code: string;
  name: string;
  type: string;
  /** Present in the three-tier list (to 30/06/2025). */
  districts?: UnitDistrict[];
  /** Present in the two-tier list (from 01/07/2025). */
  communes?: UnitCommune[];
}

export interface UnitList {
  source: string;
  provinces: UnitProvince[];
}

/** The tier of the administrative unit an agency serves. Stored as data on each agency. */
export type AgencyLevel = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';

export interface Agency {
  /** Stable agency code, e.g. `06.063.01840`. */
  code: string;
  /** Official electronic identifier used in dossier codes; defaults to `code` [U]. */
  identifier: string;
  level: AgencyLevel;
  /** Official unit code (GSO/NSO), leading zeros kept: `06`, `063`, `01840`. */
  unitCode: string;
  unitName: string;
  unitType: string;
  /** e.g. "UBND Xã Dương Phong". */
  name: string;
  oneStopName: string;
  parentCode: string | null;
  provinceCode: string;
  /** The one-stop's office hours on working days; the calendar's default when absent [P: configuration]. */
  officeHours?: OfficeSession[];
}

export class UnknownProvinceError extends Error {
  readonly code = 'UNKNOWN_PROVINCE';
  constructor(readonly provinceCode: string) {
    super(`Province code "${provinceCode}" is not in the administrative unit list`);
  }
}

const PROVINCE_CODE = /^\d{2}$/;

export function findProvince(units: UnitList, provinceCode: string): UnitProvince {
  const province = PROVINCE_CODE.test(provinceCode) ? units.provinces.find((p) => p.code === provinceCode) : undefined;
  if (!province) throw new UnknownProvinceError(provinceCode);
  return province;
}

/** All agencies of one province, parents before children (province, then each district and its communes). */
export function deriveAgencies(province: UnitProvince, identifiers: Readonly<Record<string, string>> = {}): Agency[] {
  const root = makeAgency('PROVINCE', province, null, province.code, identifiers);
  const agencies: Agency[] = [root];
  for (const district of province.districts ?? []) {
    const districtAgency = makeAgency('DISTRICT', district, root, province.code, identifiers);
    agencies.push(districtAgency);
    for (const commune of district.communes) {
      agencies.push(makeAgency('COMMUNE', commune, districtAgency, province.code, identifiers));
    }
  }
  for (const commune of province.communes ?? []) {
    agencies.push(makeAgency('COMMUNE', commune, root, province.code, identifiers));
  }
  return agencies;
}

function makeAgency(
  level: AgencyLevel,
  unit: { code: string; name: string; type: string },
  parent: Agency | null,
  provinceCode: string,
  identifiers: Readonly<Record<string, string>>,
): Agency {
  const code = parent ? `${parent.code}.${unit.code}` : unit.code;
  return {
    code,
    identifier: identifiers[code] ?? code,
    level,
    unitCode: unit.code,
    unitName: unit.name,
    unitType: unit.type,
    name: `UBND ${unit.name}`,
    oneStopName: `Bộ phận Tiếp nhận và Trả kết quả ${unit.name}`,
    parentCode: parent?.code ?? null,
    provinceCode,
  };
}

/** QĐ 20/2020/QĐ-TTg: at most 35 characters, groups of 0–9 and A–Z joined by ".". */
const ELECTRONIC_IDENTIFIER = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;

export function isElectronicIdentifier(value: string): boolean {
  return value.length <= 35 && ELECTRONIC_IDENTIFIER.test(value);
}

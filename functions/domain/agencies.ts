/**
 * Agencies of a province: who receives, decides and returns.
 *
 * The administrative unit list gives the units (province, districts before 01/07/2025,
 * communes); each unit gets the agencies its edition says it has (`UNIT_AGENCY_KINDS` in
 * agencies-editions.ts): a People's Committee (UBND) always, and from 01/07/2025 a Public
 * Administration Service Centre (Trung tâm Phục vụ hành chính công) as its reception point. The
 * province's departments (sở), vertical agencies (công an, thuế, bảo hiểm xã hội) and other units
 * come from the province's configuration (data/agencies/<NN>.json, agencies-config.ts) and from
 * its administrator at run time (agencies-admin.ts). What a kind of agency does is data
 * (`AGENCY_KINDS`), not branches in the code that routes dossiers.
 *
 * Agency codes are dot-grouped: the unit codes (`06`, `06.063`, `06.063.01840`, two-tier
 * `19.02014`) and, for an agency that is not the unit's People's Committee, a letter group under
 * the agency it belongs to (`19.TTPVHCC`, `19.02014.TTPVHCC`, `19.STP`). They fit the shape QĐ
 * 20/2020/QĐ-TTg allows for electronic identifiers (groups of 0–9, A–Z joined by "."). The
 * official 13-character identifiers (`000.00.00.H29`) could not be confirmed per unit [U], so they
 * stay an override (`identifier`) that a province supplies; until then the code itself is used.
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

/** What an agency is. Each kind's behaviour is a row of `AGENCY_KINDS`. */
export type AgencyKind = 'PEOPLES_COMMITTEE' | 'SERVICE_CENTRE' | 'DEPARTMENT' | 'VERTICAL_AGENCY' | 'PUBLIC_SERVICE_UNIT';

export interface AgencyKindTraits {
  /** Vietnamese name of the kind, for lists and forms. */
  label: string;
  /** A reception point: it receives dossiers and returns results (one-stop). */
  receives: boolean;
  /** It may be the competent agency of a procedure (decides). */
  decides: boolean;
  /** The agency that stands for an administrative unit: an applicant's address names one. */
  standsForUnit: boolean;
  /** A province administrator may add agencies of this kind at run time (units come from the law). */
  addable: boolean;
}

/**
 * The kinds and what each does. A People's Committee keeps its one-stop department (Bộ phận Tiếp
 * nhận và Trả kết quả) as under Decree 61/2018, so the three-tier list works as before; under
 * Decree 118/2025 the centres receive for the province and the communes (domain.md §b).
 * Departments take dossiers through the province's centre; vertical agencies also keep their own
 * reception (domain.md §b "Vertical agencies").
 */
export const AGENCY_KINDS: Readonly<Record<AgencyKind, AgencyKindTraits>> = {
  PEOPLES_COMMITTEE: { label: 'Ủy ban nhân dân', receives: true, decides: true, standsForUnit: true, addable: false },
  SERVICE_CENTRE: { label: 'Trung tâm Phục vụ hành chính công', receives: true, decides: false, standsForUnit: false, addable: true },
  DEPARTMENT: { label: 'Sở, ngành thuộc UBND tỉnh', receives: false, decides: true, standsForUnit: false, addable: true },
  VERTICAL_AGENCY: { label: 'Cơ quan ngành dọc', receives: true, decides: true, standsForUnit: false, addable: true },
  PUBLIC_SERVICE_UNIT: { label: 'Đơn vị sự nghiệp công lập', receives: false, decides: true, standsForUnit: false, addable: true },
};

export const AGENCY_KIND_NAMES = Object.keys(AGENCY_KINDS) as AgencyKind[];

/** Where an agency's record came from; the seed never undoes what a later source changed. */
export type AgencyOrigin = 'UNIT_LIST' | 'PROVINCE_FILE' | 'ADMIN';

export interface Agency {
  /** Stable agency code, e.g. `06.063.01840`, `19.02014.TTPVHCC`, `19.STP`. */
  code: string;
  /** Official electronic identifier used in dossier codes; defaults to `code` [U]. */
  identifier: string;
  kind: AgencyKind;
  level: AgencyLevel;
  /** Official unit code (GSO/NSO) of the unit the agency serves, leading zeros kept: `06`, `063`, `01840`. */
  unitCode: string;
  unitName: string;
  unitType: string;
  /** e.g. "UBND Xã Dương Phong", "Sở Tư pháp tỉnh Thái Nguyên". */
  name: string;
  oneStopName: string;
  parentCode: string | null;
  provinceCode: string;
  /**
   * For departments and vertical agencies: the sector they serve (`TU_PHAP`, `CONG_AN`, …), so a
   * route can name "the province's justice department" without knowing its code.
   */
  sector?: string;
  /** First day in service (Vietnamese calendar date, `YYYY-MM-DD`); absent: since before the records. */
  validFrom?: string;
  /** Last day in service (inclusive); absent: in service. After it the agency is closed (agencies-validity.ts). */
  validTo?: string;
  /** The agency that took over when this one closed. */
  successorCode?: string;
  /** The name or code was invented for the demo or not checked against an official source. */
  unconfirmed?: boolean;
  /** Where the name comes from, or what is unconfirmed about it. */
  note?: string;
  origin: AgencyOrigin;
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

/**
 * Agency codes: the province's two digits, an optional district (3 digits), an optional commune
 * (5 digits), then at most two letter groups for agencies under a unit (`TTPVHCC`, `STP.VPDKDD`).
 * At most 35 characters, as QĐ 20/2020/QĐ-TTg allows identifiers; that also keeps every queue
 * name within SQS's 80 characters (config.ts checks it again with the real prefix).
 */
const AGENCY_CODE = /^\d{2}(\.\d{3})?(\.\d{5})?(\.[A-Z][0-9A-Z]{0,15}){0,2}$/;
export const MAX_AGENCY_CODE_LENGTH = 35;

export function isAgencyCode(value: string, provinceCode?: string): boolean {
  return (
    value.length <= MAX_AGENCY_CODE_LENGTH && AGENCY_CODE.test(value) && (provinceCode === undefined || value.slice(0, 2) === provinceCode)
  );
}

/** What the unit list's edition gives each unit: the kinds of its agencies and when they began. */
export interface UnitAgencyProfile {
  /** Kinds of agency each unit has, the People's Committee first. */
  kinds: readonly ('PEOPLES_COMMITTEE' | 'SERVICE_CENTRE')[];
  /** The day the edition's units came into being, if the list says so. */
  validFrom?: string;
}

/** The People's Committees alone: the three-tier list as the platform has always run it. */
export const COMMITTEES_ONLY: UnitAgencyProfile = { kinds: ['PEOPLES_COMMITTEE'] };

/** Code group of a unit's service centre, under the unit's People's Committee. */
export const SERVICE_CENTRE_GROUP = 'TTPVHCC';

/** All agencies of one province's units, parents before children (province, then each district and its communes). */
export function deriveAgencies(
  province: UnitProvince,
  identifiers: Readonly<Record<string, string>> = {},
  profile: UnitAgencyProfile = COMMITTEES_ONLY,
): Agency[] {
  const make = (level: AgencyLevel, unit: Unit, parent: Agency | null) =>
    unitAgencies(level, unit, parent, province.code, identifiers, profile);
  const provinceAgencies = make('PROVINCE', province, null);
  const root = provinceAgencies[0]!;
  const agencies: Agency[] = [...provinceAgencies];
  for (const district of province.districts ?? []) {
    const districtAgencies = make('DISTRICT', district, root);
    agencies.push(...districtAgencies);
    for (const commune of district.communes) agencies.push(...make('COMMUNE', commune, districtAgencies[0]!));
  }
  for (const commune of province.communes ?? []) agencies.push(...make('COMMUNE', commune, root));
  return agencies;
}

type Unit = { code: string; name: string; type: string };

/** The unit's People's Committee, then (by the profile) its service centre under it. */
function unitAgencies(
  level: AgencyLevel,
  unit: Unit,
  parent: Agency | null,
  provinceCode: string,
  identifiers: Readonly<Record<string, string>>,
  profile: UnitAgencyProfile,
): Agency[] {
  const committeeCode = parent ? `${parent.code}.${unit.code}` : unit.code;
  const base = {
    level,
    unitCode: unit.code,
    unitName: unit.name,
    unitType: unit.type,
    provinceCode,
    origin: 'UNIT_LIST' as const,
    ...(profile.validFrom ? { validFrom: profile.validFrom } : {}),
  };
  return profile.kinds.map((kind): Agency => {
    const code = kind === 'PEOPLES_COMMITTEE' ? committeeCode : `${committeeCode}.${SERVICE_CENTRE_GROUP}`;
    const names = UNIT_AGENCY_NAMES[kind](unit.name);
    return {
      code,
      identifier: identifiers[code] ?? code,
      kind,
      ...base,
      ...names,
      parentCode: kind === 'PEOPLES_COMMITTEE' ? (parent?.code ?? null) : committeeCode,
    };
  });
}

/** "Xã Bạch Thông" → "xã Bạch Thông": the unit type is written in lower case inside a name. */
const inName = (unitName: string) => unitName.charAt(0).toLocaleLowerCase('vi') + unitName.slice(1);

const UNIT_AGENCY_NAMES: Record<UnitAgencyProfile['kinds'][number], (unitName: string) => { name: string; oneStopName: string }> = {
  PEOPLES_COMMITTEE: (unitName) => ({ name: `UBND ${unitName}`, oneStopName: `Bộ phận Tiếp nhận và Trả kết quả ${unitName}` }),
  SERVICE_CENTRE: (unitName) => {
    const name = `Trung tâm Phục vụ hành chính công ${inName(unitName)}`;
    return { name, oneStopName: name };
  },
};

/** The agency of a unit an applicant's address may name (its People's Committee), by the kind table. */
export const standsForUnit = (agency: Pick<Agency, 'kind'>): boolean => AGENCY_KINDS[agency.kind].standsForUnit;

/** QĐ 20/2020/QĐ-TTg: at most 35 characters, groups of 0–9 and A–Z joined by ".". */
const ELECTRONIC_IDENTIFIER = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;

export function isElectronicIdentifier(value: string): boolean {
  return value.length <= 35 && ELECTRONIC_IDENTIFIER.test(value);
}

import { AGENCY_KINDS, type Agency, type AgencyKind, type AgencyOrigin, isAgencyCode } from './agencies';
import { agencyStatusAt, assertAgencyOpen, vietnamDate } from './agencies-validity';
import { DomainError } from './errors';

/**
 * What a province administrator does to its agencies (and what its configuration file says, read
 * through the same rules): add a department, a vertical agency, a reception point; rename one;
 * close one. Units and their People's Committees come from the law (the unit list), not from
 * here. Every rule raises BAD_INPUT naming the field, before anything is written.
 */
export interface AgencySpec {
  code: string;
  kind: AgencyKind;
  name: string;
  oneStopName?: string;
  sector?: string;
  identifier?: string;
  validFrom?: string;
  validTo?: string;
  successorCode?: string;
  unconfirmed?: boolean;
  note?: string;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SECTOR = /^[A-Z][A-Z0-9_]{0,39}$/;
const IDENTIFIER = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;
export const MAX_AGENCY_NAME = 200;

function invalid(field: string, message: string): never {
  throw new DomainError('BAD_INPUT', message, { field });
}

/** The parent an agency code names: the code without its last group (`19.02014.TTPVHCC` → `19.02014`). */
export function parentCodeOf(code: string): string | null {
  const cut = code.lastIndexOf('.');
  return cut < 0 ? null : code.slice(0, cut);
}

export function checkAgencyName(field: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) invalid(field, `${field} must not be blank`);
  if (trimmed.length > MAX_AGENCY_NAME) invalid(field, `${field} is longer than ${MAX_AGENCY_NAME} characters`);
  return trimmed;
}

function checkDate(field: string, value: string | undefined): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    invalid(field, `${field} must be a date YYYY-MM-DD`);
  }
}

/**
 * A new agency under `parent`, from a spec: its code is the parent's code and one letter group;
 * its level and unit are the parent's. The caller checks that the code is not taken.
 */
export function buildAgency(spec: AgencySpec, parent: Agency, origin: AgencyOrigin): Agency {
  const traits = AGENCY_KINDS[spec.kind];
  if (!traits) invalid('kind', `kind must be one of ${Object.keys(AGENCY_KINDS).join(', ')}`);
  if (!traits.addable) invalid('kind', `${spec.kind} agencies come from the administrative unit list, not from a province`);
  if (
    !isAgencyCode(spec.code, parent.provinceCode) ||
    parentCodeOf(spec.code) !== parent.code ||
    /^\d+$/.test(spec.code.split('.').at(-1)!)
  ) {
    invalid(
      'code',
      `code must be "${parent.code}." and a group of capital letters and digits starting with a letter (at most 35 characters in all)`,
    );
  }
  const name = checkAgencyName('name', spec.name);
  const oneStopName = spec.oneStopName === undefined ? name : checkAgencyName('oneStopName', spec.oneStopName);
  if (spec.sector !== undefined && !SECTOR.test(spec.sector))
    invalid('sector', 'sector must be capital letters, digits and _ (e.g. TU_PHAP)');
  if (spec.identifier !== undefined && (spec.identifier.length > 35 || !IDENTIFIER.test(spec.identifier))) {
    invalid('identifier', 'Not an electronic identifier (QĐ 20/2020/QĐ-TTg)');
  }
  checkDate('validFrom', spec.validFrom);
  checkDate('validTo', spec.validTo);
  if (spec.validFrom && spec.validTo && spec.validTo < spec.validFrom) invalid('validTo', 'validTo is before validFrom');
  if (spec.note !== undefined && spec.note.length > 500) invalid('note', 'note is longer than 500 characters');
  return {
    code: spec.code,
    identifier: spec.identifier ?? spec.code,
    kind: spec.kind,
    level: parent.level,
    unitCode: parent.unitCode,
    unitName: parent.unitName,
    unitType: parent.unitType,
    name,
    oneStopName,
    parentCode: parent.code,
    provinceCode: parent.provinceCode,
    origin,
    ...(spec.sector !== undefined ? { sector: spec.sector } : {}),
    ...(spec.validFrom !== undefined ? { validFrom: spec.validFrom } : {}),
    ...(spec.validTo !== undefined ? { validTo: spec.validTo } : {}),
    ...(spec.successorCode !== undefined ? { successorCode: spec.successorCode } : {}),
    ...(spec.unconfirmed ? { unconfirmed: true } : {}),
    ...(spec.note !== undefined ? { note: spec.note } : {}),
  };
}

export interface AddAgencyInput {
  code: string;
  kind: AgencyKind;
  name: string;
  oneStopName?: string;
  sector?: string;
  /** Default: today. The stack creates the agency's queue on the next deploy: date it after that. */
  validFrom?: string;
}

/**
 * A province administrator adds an agency under an agency in service. It starts on `validFrom`
 * (today by default), never in the past: dossiers cannot have gone to it before it existed.
 */
export function addAgency(input: AddAgencyInput, parent: Agency | undefined, now: Date): Agency {
  if (!isAgencyCode(input.code))
    invalid('code', "code must be an agency code: the parent agency's code and a group of capital letters and digits (e.g. 19.SNGV)");
  if (!parent) throw new DomainError('AGENCY_NOT_FOUND', `No agency ${parentCodeOf(input.code) ?? input.code}`, { field: 'code' });
  assertAgencyOpen(parent, now, 'code');
  const today = vietnamDate(now);
  const validFrom = input.validFrom ?? today;
  checkDate('validFrom', validFrom);
  if (validFrom < today) invalid('validFrom', 'validFrom is in the past');
  return buildAgency({ ...input, validFrom }, parent, 'ADMIN');
}

/** A new name (and one-stop name) for an agency in service; its code and history stay. */
export function renameAgency(agency: Agency, change: { name: string; oneStopName?: string }, now: Date): Agency {
  if (agencyStatusAt(agency, now) === 'CLOSED') assertAgencyOpen(agency, now);
  const name = checkAgencyName('name', change.name);
  const oneStopName = change.oneStopName === undefined ? agency.oneStopName : checkAgencyName('oneStopName', change.oneStopName);
  return { ...agency, name, oneStopName };
}

/**
 * Closes an agency after `validTo` (its last day in service, today or later): from the next day
 * nothing new goes to it; what it holds stays readable. A successor, when named, must be an
 * agency of the province in service, and is what AGENCY_CLOSED points callers to.
 */
export function closeAgency(agency: Agency, change: { validTo: string; successor?: Agency }, now: Date): Agency {
  if (agencyStatusAt(agency, now) === 'CLOSED' || agency.validTo !== undefined) {
    throw new DomainError('AGENCY_CLOSED', `${agency.code} is already closed${agency.validTo ? ` (last day ${agency.validTo})` : ''}`, {
      agencyCode: agency.code,
      ...(agency.validTo ? { validTo: agency.validTo } : {}),
    });
  }
  checkDate('validTo', change.validTo);
  if (change.validTo < vietnamDate(now)) invalid('validTo', 'validTo is in the past: dossiers may have gone to the agency since');
  if (agency.validFrom && change.validTo < agency.validFrom) invalid('validTo', 'validTo is before validFrom');
  const successor = change.successor;
  if (successor) {
    if (successor.code === agency.code) invalid('successorCode', 'An agency does not succeed itself');
    assertAgencyOpen(successor, now, 'successorCode');
  }
  return { ...agency, validTo: change.validTo, ...(successor ? { successorCode: successor.code } : {}) };
}

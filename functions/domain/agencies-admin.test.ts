import { describe, expect, it } from 'vitest';
import thaiNguyen from '../../data/agencies/19.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';
import { type Agency, deriveAgencies, findProvince, type UnitList } from './agencies';
import { addAgency, closeAgency, renameAgency } from './agencies-admin';
import { AgencyConfigError, agencySpecOf, configuredAgencies } from './agencies-config';
import { EDITION_PROFILES } from './agencies-editions';
import { agencyStatusAt, assertAgencyOpen, sectorAgency } from './agencies-validity';
import { DomainError } from './errors';

const derived = deriveAgencies(findProvince(units2025_07 as UnitList, '19'), {}, EDITION_PROFILES['2025-07']);
const configured = configuredAgencies(thaiNguyen, derived, '2025-07', 'data/agencies/19.json');
const byCode = new Map([...derived, ...configured].map((agency) => [agency.code, agency]));
const agency = (code: string) => byCode.get(code)!;

/** 10:00 in Hà Nội on a Vietnamese calendar date. */
const at = (day: string) => new Date(`${day}T10:00:00+07:00`);
const NOW = at('2026-12-02');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}${error.details.field ? `:${String(error.details.field)}` : ''}`;
    if (error instanceof AgencyConfigError) return error.code;
    throw error;
  }
  return undefined;
}

describe('the two-tier units and the province file', () => {
  it('gives each unit its People’s Committee and its Public Administration Service Centre', () => {
    expect(agency('19.02014')).toMatchObject({ kind: 'PEOPLES_COMMITTEE', name: 'UBND Xã Bạch Thông', parentCode: '19' });
    expect(agency('19.02014.TTPVHCC')).toMatchObject({
      kind: 'SERVICE_CENTRE',
      level: 'COMMUNE',
      name: 'Trung tâm Phục vụ hành chính công xã Bạch Thông',
      parentCode: '19.02014',
    });
    expect(agency('19.TTPVHCC').name).toBe('Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên');
  });

  it('reads departments, vertical agencies and units from the file, marking what is unconfirmed', () => {
    expect(agency('19.STP')).toMatchObject({
      kind: 'DEPARTMENT',
      sector: 'TU_PHAP',
      level: 'PROVINCE',
      parentCode: '19',
      origin: 'PROVINCE_FILE',
      unconfirmed: true,
    });
    expect(agency('19.CAT')).toMatchObject({ kind: 'VERTICAL_AGENCY', sector: 'CONG_AN' });
    expect(agency('19.CAT').unconfirmed).toBeUndefined();
    expect(agency('19.SNNMT.VPDKDD')).toMatchObject({ kind: 'PUBLIC_SERVICE_UNIT', parentCode: '19.SNNMT' });
    expect(sectorAgency([...byCode.values()], 'VERTICAL_AGENCY', 'BAO_HIEM_XA_HOI', NOW)?.code).toBe('19.BHXH');
  });

  it('rejects a file with a taken code, a missing parent, a unit kind or another province', () => {
    const file = (agencies: unknown[], extra = {}) => ({ province: '19', unitsEdition: '2025-07', agencies, ...extra });
    const dept = { code: '19.SXX', kind: 'DEPARTMENT', name: 'Sở X' };
    expect(codeOf(() => configuredAgencies(file([dept, dept]), derived, '2025-07', 'f'))).toBe('INVALID_AGENCY_CONFIG');
    expect(codeOf(() => configuredAgencies(file([{ ...dept, code: '19.SYY.ZZ' }]), derived, '2025-07', 'f'))).toBe('INVALID_AGENCY_CONFIG');
    expect(codeOf(() => configuredAgencies(file([{ ...dept, kind: 'PEOPLES_COMMITTEE' }]), derived, '2025-07', 'f'))).toBe(
      'INVALID_AGENCY_CONFIG',
    );
    expect(codeOf(() => configuredAgencies(file([dept], { province: '06' }), derived, '2025-07', 'f'))).toBe('INVALID_AGENCY_CONFIG');
    expect(configuredAgencies(file([dept], { unitsEdition: '2025-03' }), derived, '2025-07', 'f')).toEqual([]);
  });

  it('writes an agency back in the file’s form (agencies:export) and reads it again unchanged', () => {
    const again = configuredAgencies(
      { province: '19', unitsEdition: '2025-07', agencies: configured.map(agencySpecOf) },
      derived,
      '2025-07',
      'f',
    );
    expect(again).toEqual(configured);
  });
});

describe('validity periods', () => {
  const closed: Agency = { ...agency('19.STP'), validTo: '2026-12-01', successorCode: '19.SNV' };

  it('counts both ends in Vietnamese calendar days', () => {
    const dated = { validFrom: '2026-12-03', validTo: '2026-12-31' };
    expect(agencyStatusAt(dated, new Date('2026-12-02T16:59:59Z'))).toBe('NOT_YET_OPEN');
    expect(agencyStatusAt(dated, new Date('2026-12-02T17:00:00Z'))).toBe('OPEN'); // 00:00 on 03/12 in Hà Nội
    expect(agencyStatusAt(dated, at('2026-12-31'))).toBe('OPEN');
    expect(agencyStatusAt(dated, new Date('2026-12-31T17:00:00Z'))).toBe('CLOSED');
  });

  it('refuses a closed agency as a target with its successor, and one not yet open', () => {
    expect(codeOf(() => assertAgencyOpen(closed, NOW, 'toAgency'))).toBe('AGENCY_CLOSED:toAgency');
    try {
      assertAgencyOpen(closed, NOW);
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ successorCode: '19.SNV', validTo: '2026-12-01' });
    }
    expect(codeOf(() => assertAgencyOpen({ ...agency('19.STP'), validFrom: '2027-01-01' }, NOW))).toBe('AGENCY_NOT_YET_OPEN');
    expect(sectorAgency([closed], 'DEPARTMENT', 'TU_PHAP', NOW)).toBeUndefined();
  });
});

describe('a province administrator’s changes', () => {
  it('adds a department under the province, from today, with the parent’s level and unit', () => {
    const added = addAgency(
      { code: '19.SNGV', kind: 'DEPARTMENT', name: ' Sở Ngoại vụ tỉnh Thái Nguyên ', sector: 'NGOAI_VU' },
      agency('19'),
      NOW,
    );
    expect(added).toMatchObject({
      code: '19.SNGV',
      identifier: '19.SNGV',
      level: 'PROVINCE',
      parentCode: '19',
      name: 'Sở Ngoại vụ tỉnh Thái Nguyên',
      oneStopName: 'Sở Ngoại vụ tỉnh Thái Nguyên',
      validFrom: '2026-12-02',
      origin: 'ADMIN',
    });
  });

  it.each([
    [{ code: '19.sngv', kind: 'DEPARTMENT', name: 'x' }, 'BAD_INPUT:code'],
    [{ code: '19.02015', kind: 'DEPARTMENT', name: 'x' }, 'BAD_INPUT:code'],
    [{ code: '19.SNGV', kind: 'PEOPLES_COMMITTEE', name: 'x' }, 'BAD_INPUT:kind'],
    [{ code: '19.SNGV', kind: 'DEPARTMENT', name: '  ' }, 'BAD_INPUT:name'],
    [{ code: '19.SNGV', kind: 'DEPARTMENT', name: 'x', validFrom: '2026-12-01' }, 'BAD_INPUT:validFrom'],
    [{ code: '19.SNGV', kind: 'DEPARTMENT', name: 'x', validFrom: '2026-13-01' }, 'BAD_INPUT:validFrom'],
    [{ code: '19.SNGV', kind: 'DEPARTMENT', name: 'x', sector: 'ngoai vu' }, 'BAD_INPUT:sector'],
    [{ code: `19.${'A'.repeat(40)}`, kind: 'DEPARTMENT', name: 'x' }, 'BAD_INPUT:code'],
  ] as const)('refuses %j with %s', (input, code) => {
    expect(codeOf(() => addAgency(input, agency('19'), NOW))).toBe(code);
  });

  it('refuses an agency under a missing or closed parent', () => {
    expect(codeOf(() => addAgency({ code: '19.XYZ.A', kind: 'DEPARTMENT', name: 'x' }, undefined, NOW))).toBe('AGENCY_NOT_FOUND:code');
    const closedParent = { ...agency('19.SNNMT'), validTo: '2026-11-30' };
    expect(codeOf(() => addAgency({ code: '19.SNNMT.CN', kind: 'PUBLIC_SERVICE_UNIT', name: 'x' }, closedParent, NOW))).toBe(
      'AGENCY_CLOSED:code',
    );
  });

  it('renames an agency in service, keeping its code; not a closed one', () => {
    expect(renameAgency(agency('19.THUE'), { name: 'Thuế tỉnh Thái Nguyên (mới)' }, NOW)).toMatchObject({
      code: '19.THUE',
      name: 'Thuế tỉnh Thái Nguyên (mới)',
      oneStopName: agency('19.THUE').oneStopName,
    });
    expect(codeOf(() => renameAgency({ ...agency('19.THUE'), validTo: '2026-01-01' }, { name: 'x' }, NOW))).toBe('AGENCY_CLOSED');
    expect(codeOf(() => renameAgency(agency('19.THUE'), { name: '' }, NOW))).toBe('BAD_INPUT:name');
  });

  it('closes an agency from a day today or later, with a successor in service; once', () => {
    const closed = closeAgency(agency('19.SDTTG'), { validTo: '2026-12-31', successor: agency('19.SNV') }, NOW);
    expect(closed).toMatchObject({ validTo: '2026-12-31', successorCode: '19.SNV' });
    expect(codeOf(() => closeAgency(closed, { validTo: '2027-01-31' }, NOW))).toBe('AGENCY_CLOSED');
    expect(codeOf(() => closeAgency(agency('19.SDTTG'), { validTo: '2026-12-01' }, NOW))).toBe('BAD_INPUT:validTo');
    expect(codeOf(() => closeAgency(agency('19.SDTTG'), { validTo: '31/12/2026' }, NOW))).toBe('BAD_INPUT:validTo');
    expect(codeOf(() => closeAgency(agency('19.SDTTG'), { validTo: '2026-12-31', successor: agency('19.SDTTG') }, NOW))).toBe(
      'BAD_INPUT:successorCode',
    );
    const closedSuccessor = { ...agency('19.SNV'), validTo: '2026-11-01' };
    expect(codeOf(() => closeAgency(agency('19.SDTTG'), { validTo: '2026-12-31', successor: closedSuccessor }, NOW))).toBe(
      'AGENCY_CLOSED:successorCode',
    );
  });
});

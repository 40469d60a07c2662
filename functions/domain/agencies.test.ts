import { describe, expect, it } from 'vitest';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import units2025_07 from '../../data/units/administrative-units-2025-07.json';
import { deriveAgencies, findProvince, type UnitList, UnknownProvinceError } from './agencies';

const threeTier = units2025_03 as UnitList;
const twoTier = units2025_07 as UnitList;

describe('agencies derived from the official unit list', () => {
  it('gives Bắc Kạn one agency per province, district and commune unit', () => {
    const province = findProvince(threeTier, '06');
    const agencies = deriveAgencies(province);
    const districts = province.districts ?? [];
    const communes = districts.flatMap((district) => district.communes);
    expect(agencies).toHaveLength(1 + districts.length + communes.length);
    expect(agencies.filter((agency) => agency.level === 'DISTRICT')).toHaveLength(districts.length);
    expect(new Set(agencies.map((agency) => agency.code)).size).toBe(agencies.length);
  });

  it('places Dương Phong commune under Bạch Thông district under the province', () => {
    const agencies = deriveAgencies(findProvince(threeTier, '06'));
    const duongPhong = agencies.find((agency) => agency.unitName === 'Xã Dương Phong');
    expect(duongPhong?.level).toBe('COMMUNE');
    const district = agencies.find((agency) => agency.code === duongPhong?.parentCode);
    expect(district?.unitName).toBe('Huyện Bạch Thông');
    expect(district?.parentCode).toBe('06');
    expect(duongPhong?.name).toBe('UBND Xã Dương Phong');
  });

  it('keeps leading zeros and lists Thanh Hóa as the largest province with 576 agencies', () => {
    const sizes = threeTier.provinces.map((province) => deriveAgencies(province).length);
    expect(Math.max(...sizes)).toBe(576);
    expect(deriveAgencies(findProvince(threeTier, '38'))).toHaveLength(576);
    expect(deriveAgencies(findProvince(threeTier, '01'))[0]?.code).toBe('01');
  });

  it('hangs communes directly under the province in the two-tier list', () => {
    const province = findProvince(twoTier, '19');
    const agencies = deriveAgencies(province);
    expect(agencies.some((agency) => agency.level === 'DISTRICT')).toBe(false);
    expect(agencies.filter((agency) => agency.level === 'COMMUNE').every((agency) => agency.parentCode === '19')).toBe(true);
  });

  it('uses a configured electronic identifier where the province supplies one', () => {
    const [root] = deriveAgencies(findProvince(threeTier, '06'), { '06': '000.00.00.H06' });
    expect(root?.identifier).toBe('000.00.00.H06');
  });

  it('rejects unknown or malformed province codes with a typed error', () => {
    expect(() => findProvince(threeTier, '99')).toThrow(UnknownProvinceError);
    expect(() => findProvince(threeTier, '6')).toThrow(UnknownProvinceError);
  });
});

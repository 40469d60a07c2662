import { describe, expect, it } from 'vitest';
import { parseStartOptions, StartOptionsError } from '../../local/start-options';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof StartOptionsError ? error.code : 'OTHER';
  }
  return undefined;
};

const THREE_TIER = ['--units', '2025-03', '--province', '06'];

describe('npm start defaults: the law in force', () => {
  it('runs two-tier Thái Nguyên (19) from the 2025-07 list with no flags', () => {
    expect(parseStartOptions([], {})).toMatchObject({ provinceCode: '19', unitsEdition: '2025-07' });
  });

  it('keeps the three-tier list a flag away', () => {
    expect(parseStartOptions(THREE_TIER, {})).toMatchObject({ provinceCode: '06', unitsEdition: '2025-03' });
    expect(parseStartOptions(['--units', '2025-03'], {})).toMatchObject({ provinceCode: '19', unitsEdition: '2025-03' });
    expect(codeOf(() => parseStartOptions(['--province', '06'], {}))).toBe('UNKNOWN_PROVINCE');
  });

  it('takes the province from PROVINCE as before', () => {
    expect(parseStartOptions([], { PROVINCE: '79' })).toMatchObject({ provinceCode: '79', unitsEdition: '2025-07' });
  });
});

describe('npm start flags for agencies with their own systems', () => {
  it('takes the external agencies from --external or EXTERNAL_AGENCIES', () => {
    expect(parseStartOptions([...THREE_TIER, '--external', '06.063, 06.063.02014'], {}).externalAgencies).toEqual([
      '06.063',
      '06.063.02014',
    ]);
    expect(parseStartOptions(THREE_TIER, { EXTERNAL_AGENCIES: '06.064' }).externalAgencies).toEqual(['06.064']);
    expect(parseStartOptions([], {}).externalAgencies).toEqual([]);
  });

  it('accepts the province file’s agencies, e.g. the provincial police with its own system', () => {
    expect(parseStartOptions(['--external', '19.CAT,19.02014.TTPVHCC'], {}).externalAgencies).toEqual(['19.CAT', '19.02014.TTPVHCC']);
  });

  it('refuses an agency that is not of the province, with a stable code', () => {
    expect(codeOf(() => parseStartOptions([...THREE_TIER, '--external', '06.999'], {}))).toBe('UNKNOWN_AGENCY');
    expect(codeOf(() => parseStartOptions(['--province', '38', '--external', '06.063'], {}))).toBe('UNKNOWN_AGENCY');
    expect(codeOf(() => parseStartOptions(['--external', '19.STQ'], {}))).toBe('UNKNOWN_AGENCY');
  });
});

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

describe('npm start flags for agencies with their own systems', () => {
  it('takes the external agencies from --external or EXTERNAL_AGENCIES', () => {
    expect(parseStartOptions(['--external', '06.063, 06.063.02014'], {}).externalAgencies).toEqual(['06.063', '06.063.02014']);
    expect(parseStartOptions([], { EXTERNAL_AGENCIES: '06.064' }).externalAgencies).toEqual(['06.064']);
    expect(parseStartOptions([], {}).externalAgencies).toEqual([]);
  });

  it('refuses an agency that is not of the province, with a stable code', () => {
    expect(codeOf(() => parseStartOptions(['--external', '06.999'], {}))).toBe('UNKNOWN_AGENCY');
    expect(codeOf(() => parseStartOptions(['--province', '38', '--external', '06.063'], {}))).toBe('UNKNOWN_AGENCY');
  });
});

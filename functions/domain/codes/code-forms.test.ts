import { describe, expect, it } from 'vitest';
import { vnTime } from '../calendar';
import { REGIME_2025 } from '../regimes';
import { CODE_FORMS, type CodeFormChoice, checkCodeFormChoices, codeFor, codeFormAt, codeFormChoicesOf } from './code-forms';

const NATIONAL: CodeFormChoice = { form: 'NATIONAL_CENTRALISED', from: '2026-01-25', systemOwner: 'TN' };

describe('dossier code forms as data', () => {
  it('writes the TT 04/2025 form <identifier>-YYMMDD-AAXXXX, at least four digits of the day', () => {
    const at = vnTime('2026-02-03', '09:15');
    expect(codeFor({ id: 'NATIONAL_CENTRALISED', systemOwner: 'TN' }, REGIME_2025, 'H55.001.02', at, 7)).toBe('H55.001.02-260203-TN0007');
    expect(codeFor({ id: 'NATIONAL_CENTRALISED', systemOwner: 'TN' }, REGIME_2025, 'H55.001.02', at, 12_345)).toBe(
      'H55.001.02-260203-TN12345',
    );
    expect(codeFor({ id: 'PROVINCIAL' }, REGIME_2025, 'H55.001.02', at, 7)).toBe('H55.001.02-260203-0007');
    expect(codeFor(undefined, REGIME_2025, 'H55.001.02', at, 7)).toBe('H55.001.02-260203-0007');
  });

  it('takes effect on 25/01/2026 (Vietnam time) and never before, whatever date a province writes', () => {
    expect(CODE_FORMS.NATIONAL_CENTRALISED.inForceFrom).toBe(vnTime('2026-01-25').toISOString());
    expect(codeFormAt([NATIONAL], vnTime('2026-01-24', '23:59')).id).toBe('PROVINCIAL');
    expect(codeFormAt([NATIONAL], vnTime('2026-01-25', '00:00'))).toEqual({ id: 'NATIONAL_CENTRALISED', systemOwner: 'TN' });
    const early: CodeFormChoice = { ...NATIONAL, from: '2025-12-01' };
    expect(codeFormAt([early], vnTime('2026-01-10')).id).toBe('PROVINCIAL');
    expect(codeFormAt([early], vnTime('2026-01-25')).id).toBe('NATIONAL_CENTRALISED');
  });

  it('follows the latest choice in force: a province may switch back from a date', () => {
    const choices: CodeFormChoice[] = [NATIONAL, { form: 'PROVINCIAL', from: '2026-06-01' }];
    expect(codeFormAt(choices, vnTime('2026-03-01')).id).toBe('NATIONAL_CENTRALISED');
    expect(codeFormAt(choices, vnTime('2026-06-01')).id).toBe('PROVINCIAL');
    expect(codeFormAt([], vnTime('2026-06-01')).id).toBe('PROVINCIAL');
  });

  it('refuses a choice without the owner code, an unknown form or a bad date, naming the field', () => {
    expect(() => checkCodeFormChoices([{ form: 'NATIONAL_CENTRALISED', from: '2026-01-25' }])).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', details: expect.objectContaining({ field: 'codeForms[0].systemOwner' }) }),
    );
    expect(() => checkCodeFormChoices([{ form: 'OTHER' as never, from: '2026-01-25' }])).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    expect(() => checkCodeFormChoices([{ ...NATIONAL, from: '25/01/2026' }])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    // The shipped data is valid: the demo province uses the national form from its effective date.
    expect(codeFormChoicesOf('19')).toEqual([NATIONAL]);
    expect(codeFormChoicesOf('06')).toEqual([]);
  });
});

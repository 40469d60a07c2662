import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONTRACT_PARTS, contractValidatorsSource, VALIDATORS_FILE } from '#portal/contract/generate';
import schema from '#portal/contract/v1.schema.json';
import { contractErrors } from '#portal/contract/validate';

/**
 * The portal contract is checked by standalone validators generated ahead of time (issue 14: no
 * schema compiled at cold start). They must be current, and must say what ajv compiling the schema
 * at run time said, message for message.
 */
describe('generated contract validators', () => {
  it('match v1.schema.json (run `npx tsx scripts/contract-validators.ts` after changing it)', () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8')).toBe(contractValidatorsSource());
  });

  it('report what ajv compiling the schema at run time reports', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(schema, 'v1');
    const bodies: unknown[] = [
      {},
      null,
      'text',
      { isUpdating: 'yes', data: { MaHoSo: 7, extra: true } },
      { data: [{ MaHoSo: '', PhienBan: -1 }], surplus: 1 },
      { MaHoSo: 'x'.repeat(300), PhienBan: 1.5, MaTTHC: null },
    ];
    for (const part of CONTRACT_PARTS) {
      const compiled = ajv.getSchema(`v1#/definitions/${part}`)!;
      for (const body of bodies) {
        compiled(body);
        const expected = (compiled.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
        const actual = contractErrors(part, body).map((line) => line.replace(/ \([^)]*\)$/, ''));
        expect(actual, `${part} ${JSON.stringify(body)}`).toEqual(expected);
      }
    }
  });
});

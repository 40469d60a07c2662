import { describe, expect, it } from 'vitest';
import { assessedFees, checkFees, feeSummary, withPayment } from './fees';

const LP = { code: 'LP01', name: 'Lệ phí', amount: 10_000, kind: 'CHARGE' as const };
const P = { code: 'P02', name: 'Phí', amount: 2_000, kind: 'FEE' as const };

describe('fees', () => {
  it('checks each line and names the bad field', () => {
    expect(checkFees([LP, P])).toEqual([LP, P]);
    expect(() => checkFees([])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => checkFees([{ ...LP, amount: 1.5 }])).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'fees[0].amount' }) }),
    );
    expect(() => checkFees([LP, LP])).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'fees[1].code' }) }));
  });

  it('keeps paid lines through a re-assessment and refuses to change a paid amount', () => {
    const paid = withPayment(assessedFees(undefined, [LP, P]), 'LP01', 'PORTAL', '2026-12-01T02:00:00.000Z');
    expect(assessedFees(paid, [{ ...P, amount: 3_000 }])).toEqual([paid[0], { ...P, amount: 3_000 }]);
    expect(() => assessedFees(paid, [{ ...LP, amount: 20_000 }])).toThrow(expect.objectContaining({ code: 'ILLEGAL_ACTION' }));
  });

  it('summarises what 766 reads: online only when every line above 0 was paid through the portal', () => {
    const assessed = assessedFees(undefined, [LP, { ...P, amount: 0 }]);
    expect(feeSummary(assessed)).toMatchObject({ total: 10_000, paid: 0, fullyPaid: false, paidOnline: false, feeBearing: true });
    const online = withPayment(assessed, 'LP01', 'PORTAL', '2026-12-01T02:00:00.000Z');
    expect(feeSummary(online)).toMatchObject({ paid: 10_000, fullyPaid: true, paidOnline: true });
    expect(feeSummary(undefined)).toMatchObject({ feeBearing: false, paidOnline: false });
  });
});

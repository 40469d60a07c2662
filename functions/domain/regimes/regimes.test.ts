import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { afterRequest, completionItems, type GuidanceSubject } from './guidance';
import {
  dossierCodeIn,
  formByNumber,
  formOf,
  formSet,
  REGIME_2018,
  REGIME_2025,
  REGIMES,
  type Regime,
  regimeAt,
  regimeById,
  regimeOf,
} from './index';
import { assertNoDecisionIssued } from './stopping';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

/** 30/06/2025 23:59 and 01/07/2025 00:00 in Hà Nội (UTC+7). */
const LAST_MINUTE_OF_2018 = new Date('2025-06-30T16:59:00.000Z');
const FIRST_MINUTE_OF_2025 = new Date('2025-06-30T17:00:00.000Z');

describe('the moment of receipt chooses the rule set', () => {
  it('30/06/2025 23:59 Vietnam time is 2018, 01/07/2025 00:00 is 2025, to the millisecond', () => {
    expect(regimeAt(LAST_MINUTE_OF_2018).id).toBe('2018');
    expect(regimeAt(new Date('2025-06-30T16:59:59.999Z')).id).toBe('2018');
    expect(regimeAt(FIRST_MINUTE_OF_2025).id).toBe('2025');
    expect(regimeAt(new Date('2026-12-02T10:00:00Z')).id).toBe('2025');
    expect(regimeAt(new Date('2019-01-06T00:00:00Z')).id).toBe('2018');
  });

  it('a dossier keeps its own: the stored id wins over the date; an old dossier without one is judged by its submission', () => {
    expect(regimeOf({ regime: '2018', submittedAt: '2026-01-01T00:00:00Z' }).id).toBe('2018');
    expect(regimeOf({ submittedAt: LAST_MINUTE_OF_2018.toISOString() }).id).toBe('2018');
    expect(regimeOf({ submittedAt: FIRST_MINUTE_OF_2025.toISOString() }).id).toBe('2025');
  });

  it('bad input is a typed error: an unknown id, an instant before any rule set, an invalid date', () => {
    expect(codeOf(() => regimeById('2030'))).toBe('BAD_INPUT');
    expect(codeOf(() => regimeAt(new Date('2010-01-01T00:00:00Z')))).toBe('BAD_INPUT');
    expect(codeOf(() => regimeAt(new Date('not a date')))).toBe('BAD_INPUT');
  });

  it('an amendment is one more entry: dossiers from its date follow it, earlier ones keep theirs', () => {
    const amendment: Regime = {
      ...REGIME_2025,
      id: '2025',
      name: 'Nghị định 118/2025 sửa đổi (hypothetical)',
      effectiveFrom: '2027-01-01T17:00:00.000Z',
      forms: { ...REGIME_2025.forms, STOP_NOTICE: { ...REGIME_2025.forms.STOP_NOTICE!, title: 'Thông báo dừng giải quyết hồ sơ' } },
    };
    const amended = [...REGIMES, amendment];
    expect(regimeAt(new Date('2027-01-02T00:00:00Z'), amended).name).toContain('sửa đổi');
    expect(regimeAt(new Date('2026-12-31T00:00:00Z'), amended).name).toBe(REGIME_2025.name);
    expect(regimeAt(LAST_MINUTE_OF_2018, amended).id).toBe('2018');
  });

  it('every rule set names its legal basis, and each rule its marker and source', () => {
    for (const regime of REGIMES) {
      expect(regime.legalBasis.length).toBeGreaterThan(0);
      for (const rule of [
        regime.apology,
        regime.applicantStop,
        regime.agencyStopNotice,
        regime.oneTimeGuidance,
        regime.nationalStatusCodes,
        regime.code,
      ]) {
        expect(['V', 'P', 'U']).toContain(rule.marker);
        expect(rule.source.length).toBeGreaterThan(10);
      }
    }
    expect(REGIMES.map((regime) => regime.effectiveFrom)).toEqual([...REGIMES.map((regime) => regime.effectiveFrom)].sort());
  });
});

describe('the form sets', () => {
  it('2018: six forms of TT 01/2018, 01–06, with no stop notice', () => {
    expect(formSet(REGIME_2018).map((form) => [form.number, form.title])).toEqual([
      ['01', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
      ['02', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
      ['03', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
      ['04', 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'],
      ['05', 'Phiếu kiểm soát quá trình giải quyết hồ sơ'],
      ['06', 'Sổ theo dõi hồ sơ'],
    ]);
    expect(formOf(REGIME_2018, 'STOP_NOTICE')).toBeUndefined();
  });

  it('2025: the seven forms of TT 03/2025 Appendix I, 01–07', () => {
    expect(formSet(REGIME_2025).map((form) => [form.number, form.kind, form.title])).toEqual([
      ['01', 'RECEIPT', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
      ['02', 'COMPLETION_REQUEST', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
      ['03', 'REFUSAL', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
      ['04', 'APOLOGY', 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'],
      ['05', 'STOP_NOTICE', 'Thông báo về việc dừng giải quyết hồ sơ'],
      ['06', 'CONTROL_SLIP', 'Phiếu kiểm soát quá trình giải quyết hồ sơ'],
      ['07', 'REGISTER', 'Sổ theo dõi hồ sơ'],
    ]);
  });

  it('a printed number is read in the dossier’s own set: Mẫu 05 is the control slip in 2018, the stop notice in 2025', () => {
    expect(formByNumber(REGIME_2018, '05')?.kind).toBe('CONTROL_SLIP');
    expect(formByNumber(REGIME_2025, '05')?.kind).toBe('STOP_NOTICE');
    expect(formByNumber(REGIME_2025, '06')?.kind).toBe('CONTROL_SLIP');
    expect(formByNumber(REGIME_2018, '07')).toBeUndefined();
  });

  it('the 2025 fields that could not be confirmed are listed on the forms they belong to', () => {
    expect(REGIME_2025.forms.STOP_NOTICE!.unconfirmedFields.length).toBeGreaterThan(0);
    expect(REGIME_2025.forms.APOLOGY!.unconfirmedFields).toContain('requested date');
    for (const form of formSet(REGIME_2025)) expect(form.unconfirmedFields.length).toBeGreaterThan(0);
  });

  it('what differs per regime is data: the apology kind, the stop notice', () => {
    expect(REGIME_2018.apology.value.kind).toBe('NEW_APPOINTMENT');
    expect(REGIME_2025.apology.value.kind).toBe('EXTENSION_REQUEST');
    expect(REGIME_2018.applicantStop.value.notice).toBeNull();
    expect(REGIME_2025.applicantStop.value.notice).toBe('STOP_NOTICE');
  });
});

describe('dossier codes', () => {
  it('`<identifier>-YYMMDD-NNNN` on the Vietnamese date: 23:59 on 30/06 and 00:00 on 01/07 fall on their own days', () => {
    expect(dossierCodeIn(REGIME_2018, '000.00.12.H29', LAST_MINUTE_OF_2018, 7)).toBe('000.00.12.H29-250630-0007');
    expect(dossierCodeIn(REGIME_2025, '000.00.12.H29', FIRST_MINUTE_OF_2025, 1)).toBe('000.00.12.H29-250701-0001');
  });

  it('a regime with another date shape or sequence length is one change of data', () => {
    const national: Regime = { ...REGIME_2025, code: { ...REGIME_2025.code, date: 'YYYYMMDD', sequenceDigits: 7 } };
    expect(dossierCodeIn(national, 'G09.20', new Date('2026-06-09T03:00:00Z'), 92637)).toBe('G09.20-20260609-0092637');
  });

  it('the day’s sequence stops at the regime’s limit with SEQUENCE_EXHAUSTED', () => {
    expect(codeOf(() => dossierCodeIn(REGIME_2025, 'X', FIRST_MINUTE_OF_2025, 10_000))).toBe('SEQUENCE_EXHAUSTED');
    expect(codeOf(() => dossierCodeIn(REGIME_2025, 'X', FIRST_MINUTE_OF_2025, 0))).toBe('SEQUENCE_EXHAUSTED');
    expect(dossierCodeIn(REGIME_2025, 'X', FIRST_MINUTE_OF_2025, 9999)).toBe('X-250701-9999');
  });
});

describe('the one-time guidance (Form 02)', () => {
  const terms = {
    documents: [
      { code: 'TO_KHAI', required: true },
      { code: 'GIAY_XAC_NHAN', required: true },
      { code: 'ANH', required: false },
    ],
  };
  const handedIn: GuidanceSubject = { terms, documents: [{ code: 'ANH' }] };

  it('the first request lists everything missing, even what the officer did not name', () => {
    const items = completionItems(handedIn, REGIME_2025, [{ code: 'ANH', note: 'Ảnh mờ' }], false);
    expect(items).toEqual([{ code: 'ANH', note: 'Ảnh mờ' }, { code: 'TO_KHAI' }, { code: 'GIAY_XAC_NHAN' }]);
    expect(
      afterRequest(
        undefined,
        REGIME_2025,
        items.map((item) => item.code),
        false,
      ),
    ).toEqual({ firstItems: ['ANH', 'TO_KHAI', 'GIAY_XAC_NHAN'], count: 1 });
  });

  for (const regime of REGIMES) {
    it(`${regime.id}: a later request may repeat the first one's items, never add one (NEW_COMPLETION_ITEMS)`, () => {
      const afterFirst: GuidanceSubject = {
        terms,
        documents: [{ code: 'TO_KHAI' }],
        guidance: { firstItems: ['GIAY_XAC_NHAN'], count: 1 },
      };
      expect(completionItems(afterFirst, regime, [], false)).toEqual([{ code: 'GIAY_XAC_NHAN' }]);
      expect(codeOf(() => completionItems(afterFirst, regime, [{ code: 'ANH' }], false))).toBe('NEW_COMPLETION_ITEMS');
      // A required document the first request forgot cannot be asked for either: that is what "once" costs.
      const forgot: GuidanceSubject = { terms, documents: [], guidance: { firstItems: ['GIAY_XAC_NHAN'], count: 1 } };
      expect(codeOf(() => completionItems(forgot, regime, [], false))).toBe('NEW_COMPLETION_ITEMS');
      expect(afterRequest({ firstItems: ['GIAY_XAC_NHAN'], count: 1 }, regime, ['GIAY_XAC_NHAN'], false)).toEqual({
        firstItems: ['GIAY_XAC_NHAN'],
        count: 2,
      });
    });
  }

  it('a supplement during processing is outside the rule where the regime limits it to reception, inside where it covers the dossier', () => {
    const received: GuidanceSubject = {
      terms,
      documents: [{ code: 'TO_KHAI' }, { code: 'GIAY_XAC_NHAN' }],
      guidance: { firstItems: ['GIAY_XAC_NHAN'], count: 1 },
    };
    expect(completionItems(received, REGIME_2025, [{ code: 'ANH' }], true)).toEqual([{ code: 'ANH' }]);
    expect(afterRequest(received.guidance, REGIME_2025, ['ANH'], true)).toEqual(received.guidance);
    const whole: Regime = { ...REGIME_2025, oneTimeGuidance: { ...REGIME_2025.oneTimeGuidance, value: { scope: 'WHOLE_DOSSIER' } } };
    expect(codeOf(() => completionItems(received, whole, [{ code: 'ANH' }], true))).toBe('NEW_COMPLETION_ITEMS');
  });
});

describe('stopping at the applicant’s request', () => {
  it('is possible until a decision is issued, then DECISION_ALREADY_ISSUED', () => {
    expect(() => assertNoDecisionIssued({ id: 'd1' })).not.toThrow();
    expect(codeOf(() => assertNoDecisionIssued({ id: 'd1', result: { resolvedAt: '2026-01-05T03:00:00Z' } }))).toBe(
      'DECISION_ALREADY_ISSUED',
    );
  });
});

describe('docs/rules.md', () => {
  // Folded to single spaces: the doc wraps its lines.
  const doc = readFileSync('docs/rules.md', 'utf8').replace(/\s+/g, ' ');

  it('names where the rule sets live, the forms TT 03/2025 adds or changes, and each rule the regimes differ in', () => {
    for (const name of ['regime-2018.ts', 'regime-2025.ts', 'unconfirmedFields']) expect(doc).toContain(name);
    for (const kind of ['APOLOGY', 'STOP_NOTICE'] as const) expect(doc).toContain(formOf(REGIME_2025, kind)!.title);
    for (const key of ['apology', 'applicantStop', 'agencyStopNotice', 'oneTimeGuidance', 'code', 'nationalStatusCodes'])
      expect(doc).toContain(`\`${key}\``);
    for (const code of ['NEW_COMPLETION_ITEMS', 'DECISION_ALREADY_ISSUED']) expect(doc).toContain(code);
  });
});

import type { Regime } from './types';

/**
 * Decree 118/2025/NĐ-CP (in force 01/07/2025) and Circular 03/2025/TT-VPCP (Appendix I, seven
 * forms): domain.md Appendix D. The list of forms is verified; their field lists were not read,
 * so every field the 2025 forms print beyond the 2018 ones is named in `unconfirmedFields`.
 */
export const REGIME_2025: Regime = {
  id: '2025',
  name: 'Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP',
  legalBasis: ['Nghị định 118/2025/NĐ-CP', 'Thông tư 03/2025/TT-VPCP'],
  // 01/07/2025 00:00 in Vietnam (UTC+7).
  effectiveFrom: '2025-06-30T17:00:00.000Z',
  forms: {
    RECEIPT: {
      kind: 'RECEIPT',
      number: '01',
      title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      marker: 'V',
      unconfirmedFields: ['all fields (as 2018)'],
    },
    COMPLETION_REQUEST: {
      kind: 'COMPLETION_REQUEST',
      number: '02',
      title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      marker: 'V',
      unconfirmedFields: ['all fields (as 2018)'],
    },
    REFUSAL: {
      kind: 'REFUSAL',
      number: '03',
      title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      marker: 'V',
      unconfirmedFields: ['all fields (as 2018)'],
    },
    APOLOGY: {
      kind: 'APOLOGY',
      number: '04',
      title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
      marker: 'V',
      unconfirmedFields: [
        'number line "Số: ……/VBXL"',
        'extension wording',
        'requested date',
        'extension length in working days',
        'signer (agency head)',
      ],
    },
    STOP_NOTICE: {
      kind: 'STOP_NOTICE',
      number: '05',
      title: 'Thông báo về việc dừng giải quyết hồ sơ',
      marker: 'V',
      unconfirmedFields: [
        'number line "Số: ……/TB"',
        'request date',
        'reason',
        'status when stopped',
        'originals handed back line',
        'signer',
      ],
    },
    CONTROL_SLIP: {
      kind: 'CONTROL_SLIP',
      number: '06',
      title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      marker: 'V',
      unconfirmedFields: ['all columns (as 2018 Form 05)'],
    },
    REGISTER: { kind: 'REGISTER', number: '07', title: 'Sổ theo dõi hồ sơ', marker: 'V', unconfirmedFields: ['register columns'] },
  },
  apology: {
    value: { kind: 'EXTENSION_REQUEST', atMostOnce: true },
    marker: 'U',
    source: 'TT 03/2025 Form 04 title (V); "once" and "one working day before the due date" carried over from 2018 (U)',
  },
  applicantStop: {
    value: { notice: 'STOP_NOTICE' },
    marker: 'P',
    source: 'Decree 118/2025 art. 21, TT 03/2025 art. 7, as quoted by a provincial regulation (domain.md Appendix D)',
  },
  agencyStopNotice: { value: true, marker: 'U', source: 'domain.md §d.2 S9: "Thông báo dừng giải quyết hồ sơ" for any stop' },
  oneTimeGuidance: {
    value: { scope: 'RECEPTION' },
    marker: 'U',
    source: 'Carried over from Decree 61/2018; Decree 118/2025 text not read',
  },
  code: {
    date: 'YYMMDD',
    sequenceDigits: 4,
    marker: 'P',
    source: 'Provincial systems keep <agency identifier>-YYMMDD-XXXX (domain.md Appendix D; TT 03/2025 art. 13(1–2) U)',
  },
  nationalStatusCodes: { value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], marker: 'P', source: 'DVCQG status names (domain.md Appendix D)' },
};

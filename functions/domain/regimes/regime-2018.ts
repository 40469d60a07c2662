import type { Regime } from './types';

/** Decree 61/2018/NĐ-CP (as amended by Decree 107/2021) and Circular 01/2018/TT-VPCP: domain.md Appendix A. */
export const REGIME_2018: Regime = {
  id: '2018',
  name: 'Nghị định 61/2018/NĐ-CP, Thông tư 01/2018/TT-VPCP',
  legalBasis: ['Nghị định 61/2018/NĐ-CP', 'Nghị định 107/2021/NĐ-CP', 'Thông tư 01/2018/TT-VPCP'],
  // Decree 61/2018 took effect on 21/06/2018; dossiers older than the platform are not loaded.
  effectiveFrom: '2018-06-20T17:00:00.000Z',
  forms: {
    RECEIPT: { kind: 'RECEIPT', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', marker: 'V', unconfirmedFields: [] },
    COMPLETION_REQUEST: {
      kind: 'COMPLETION_REQUEST',
      number: '02',
      title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      marker: 'V',
      unconfirmedFields: [],
    },
    REFUSAL: {
      kind: 'REFUSAL',
      number: '03',
      title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      marker: 'V',
      unconfirmedFields: ['reason wording'],
    },
    APOLOGY: {
      kind: 'APOLOGY',
      number: '04',
      title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      marker: 'V',
      unconfirmedFields: ['apology wording', 'signer (agency head)'],
    },
    // No stop notice in TT 01/2018: a stop or withdrawal is recorded on the dossier only.
    CONTROL_SLIP: {
      kind: 'CONTROL_SLIP',
      number: '05',
      title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      marker: 'V',
      unconfirmedFields: [],
    },
    REGISTER: { kind: 'REGISTER', number: '06', title: 'Sổ theo dõi hồ sơ', marker: 'V', unconfirmedFields: ['register columns'] },
  },
  apology: {
    value: { kind: 'NEW_APPOINTMENT', atMostOnce: true },
    marker: 'V',
    source: 'Decree 61/2018 art. 12: "hẹn lại … không quá một lần"',
  },
  applicantStop: {
    value: { notice: null },
    marker: 'P',
    source: 'No stop notice in TT 01/2018; the withdrawal is recorded (national code 7) as in practice',
  },
  agencyStopNotice: { value: false, marker: 'P', source: 'A written answer with reasons, outside the TT 01/2018 form set' },
  oneTimeGuidance: {
    value: { scope: 'RECEPTION' },
    marker: 'V',
    source: 'Decree 61/2018: one-time written guidance at reception; supplements during processing are counted (766)',
  },
  code: { date: 'YYMMDD', sequenceDigits: 4, marker: 'V', source: 'TT 01/2018/TT-VPCP art. 19' },
  nationalStatusCodes: { value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], marker: 'P', source: 'DVCQG TrangThaiHoSo (domain.md §d.2)' },
};

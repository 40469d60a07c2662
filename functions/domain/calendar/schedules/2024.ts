/**
 * Official 2024 schedule for civil servants.
 *
 * Sources read (December 2026), each a report that names the document; the documents themselves
 * were not read:
 * - Tết and National Day: Thông báo 5015/TB-LĐTBXH of 22/11/2023 (Ministry of Labour, Invalids and
 *   Social Affairs), implementing Công văn 8662/VPCP-KGVX of 03/11/2023 (the Prime Minister agreed
 *   to the ministry's proposal 4594/LĐTBXH-ATLĐ of 27/10/2023).
 * - 30/4–1/5: Văn bản 2450/VPCP-KGVX of 12/04/2024 (Monday 29/04 off, worked on Saturday 04/05).
 */
import type { Evidence, OfficialYearSchedule } from './types';

const TB_5015: Evidence = {
  status: 'V',
  source:
    'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động – Thương binh và Xã hội, thực hiện Công văn 8662/VPCP-KGVX ngày 03/11/2023 của Văn phòng Chính phủ',
  seenAt: ['huyendakha.kontum.gov.vn (Thông báo 5015-TB-LĐTBXH)', 'kkt-kontum.com (Văn bản 8662/VPCP-KGVX)', 'sucsongtre.vn'],
};

export const SCHEDULE_2024: OfficialYearSchedule = {
  year: 2024,
  appliesTo: 'Cán bộ, công chức, viên chức (cơ quan hành chính, sự nghiệp, tổ chức chính trị, chính trị – xã hội)',
  breaks: [
    {
      name: 'Tết Dương lịch',
      from: '2024-01-01',
      to: '2024-01-01',
      holidays: [{ date: '2024-01-01', code: 'NEW_YEAR' }],
      evidence: {
        status: 'U',
        source: 'Bộ luật Lao động 2019, Điều 112(1)(a)',
        note: 'Monday 01/01/2024 alone; no notice read for it.',
      },
    },
    {
      name: 'Tết Nguyên đán',
      from: '2024-02-08',
      to: '2024-02-14',
      // Thursday 08/02 (29 tháng Chạp Quý Mão) – Wednesday 14/02 (mùng 5 Giáp Thìn): "05 ngày nghỉ Tết
      // Âm lịch và 02 ngày nghỉ bù ngày nghỉ hằng tuần (Điều 111(3))". The notice's plan was two days
      // before Tết and three after: 08/02, 09/02, then mùng 1–3 (Sat 10/02 – Mon 12/02). Mùng 1 and
      // 2 fall on the weekly rest days, so Tuesday 13/02 and Wednesday 14/02 are compensatory.
      holidays: [
        { date: '2024-02-08', code: 'LUNAR_NEW_YEAR' },
        { date: '2024-02-09', code: 'LUNAR_NEW_YEAR' },
        { date: '2024-02-10', code: 'LUNAR_NEW_YEAR' },
        { date: '2024-02-11', code: 'LUNAR_NEW_YEAR' },
        { date: '2024-02-12', code: 'LUNAR_NEW_YEAR' },
      ],
      compensatory: [
        { date: '2024-02-13', for: '2024-02-10' },
        { date: '2024-02-14', for: '2024-02-11' },
      ],
      evidence: TB_5015,
    },
    {
      name: 'Giỗ Tổ Hùng Vương',
      from: '2024-04-18',
      to: '2024-04-18',
      holidays: [{ date: '2024-04-18', code: 'HUNG_KINGS' }],
      evidence: {
        status: 'V',
        source: 'Bộ luật Lao động 2019, Điều 112(1)(c)',
        seenAt: ['xaydungchinhsach.chinhphu.vn (20/04/2024: "Giỗ Tổ Hùng Vương năm 2024, người lao động được nghỉ ngày 18/4")'],
        note: 'Thursday 18/04/2024 = 10/3 Giáp Thìn (computed).',
      },
    },
    {
      name: 'Ngày Chiến thắng và Ngày Quốc tế lao động',
      from: '2024-04-27',
      to: '2024-05-01',
      holidays: [
        { date: '2024-04-30', code: 'VICTORY_DAY' },
        { date: '2024-05-01', code: 'LABOUR_DAY' },
      ],
      // Monday 29/04 off, worked on Saturday 04/05 instead: five days from Saturday 27/04.
      swaps: [{ dayOff: '2024-04-29', workOn: '2024-05-04' }],
      evidence: {
        status: 'V',
        source: 'Văn bản 2450/VPCP-KGVX ngày 12/04/2024 của Văn phòng Chính phủ (hoán đổi ngày làm việc dịp 30/4 và 1/5/2024)',
        seenAt: ['baophapluat.vn', 'xaydungchinhsach.chinhphu.vn (20/04/2024)'],
        note: 'The make-up day, Saturday 04/05/2024, was read in secondary reports only [U].',
      },
    },
    {
      name: 'Quốc khánh',
      from: '2024-08-31',
      to: '2024-09-03',
      // Saturday 31/08 – Tuesday 03/09: 02/09 and the adjacent Tuesday 03/09, + 2 weekly rest days.
      holidays: [
        { date: '2024-09-02', code: 'NATIONAL_DAY' },
        { date: '2024-09-03', code: 'NATIONAL_DAY' },
      ],
      evidence: TB_5015,
    },
  ],
};

/**
 * Official 2026 schedule for civil servants (announced by the Ministry of Home Affairs).
 */
import type { Evidence, OfficialYearSchedule } from './types';

const VPCP_TET_AND_NATIONAL_DAY_2026: Evidence = {
  status: 'V',
  source:
    'Văn bản của Văn phòng Chính phủ (10/2025) truyền đạt ý kiến Thủ tướng đồng ý phương án của Bộ Nội vụ về nghỉ Tết Âm lịch, nghỉ lễ Quốc khánh năm 2026 [số hiệu văn bản chưa xác minh]',
  seenAt: ['thanhnien.vn (13/10/2025)', 'kienthuc.net.vn (13/10/2025)', 'vietnammedia.vnanet.vn (17/10/2025)', 'congan.com.vn'],
};

const LABOUR_CODE: Omit<Evidence, 'note'> = {
  status: 'V',
  source: 'Bộ luật Lao động 2019, Điều 111(3) và 112(1)',
  seenAt: ['thanhnien.vn (23/02/2026)'],
};

export const SCHEDULE_2026: OfficialYearSchedule = {
  year: 2026,
  appliesTo: 'Cán bộ, công chức, viên chức (cơ quan hành chính, sự nghiệp, tổ chức chính trị, chính trị – xã hội)',
  breaks: [
    {
      name: 'Tết Dương lịch',
      from: '2026-01-01',
      to: '2026-01-04',
      holidays: [{ date: '2026-01-01', code: 'NEW_YEAR' }],
      // Friday 02/01 off, worked on Saturday 10/01 instead.
      swaps: [{ dayOff: '2026-01-02', workOn: '2026-01-10' }],
      evidence: {
        status: 'V',
        source:
          'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (Phó Thủ tướng Phạm Thị Thanh Trà đồng ý đề xuất của Bộ Nội vụ)',
        seenAt: ['baohiemxahoi.gov.vn (25/12/2025)', 'tracuuquyhoach.com'],
      },
    },
    {
      name: 'Tết Nguyên đán',
      from: '2026-02-14',
      to: '2026-02-22',
      // Saturday 14/02 (27 tháng Chạp) – Sunday 22/02 (mùng 6): 5 Tết days, Monday 16/02 (29 tháng
      // Chạp, the last day of Ất Tỵ) – Friday 20/02 (mùng 4), + 4 weekly rest days. No make-up day.
      holidays: [
        { date: '2026-02-16', code: 'LUNAR_NEW_YEAR' },
        { date: '2026-02-17', code: 'LUNAR_NEW_YEAR' },
        { date: '2026-02-18', code: 'LUNAR_NEW_YEAR' },
        { date: '2026-02-19', code: 'LUNAR_NEW_YEAR' },
        { date: '2026-02-20', code: 'LUNAR_NEW_YEAR' },
      ],
      evidence: VPCP_TET_AND_NATIONAL_DAY_2026,
    },
    {
      name: 'Giỗ Tổ Hùng Vương',
      from: '2026-04-25',
      to: '2026-04-27',
      // 10/3 Bính Ngọ is Sunday 26/04, so Monday 27/04 is the compensatory day.
      holidays: [{ date: '2026-04-26', code: 'HUNG_KINGS' }],
      compensatory: [{ date: '2026-04-27', for: '2026-04-26' }],
      evidence: LABOUR_CODE,
    },
    {
      name: 'Ngày Chiến thắng và Ngày Quốc tế lao động',
      from: '2026-04-30',
      to: '2026-05-03',
      holidays: [
        { date: '2026-04-30', code: 'VICTORY_DAY' },
        { date: '2026-05-01', code: 'LABOUR_DAY' },
      ],
      evidence: { ...LABOUR_CODE, note: 'Thursday and Friday; no swap announced in the sources read.' },
    },
    {
      name: 'Quốc khánh',
      from: '2026-08-29',
      to: '2026-09-02',
      // 02/09 and the adjacent Tuesday 01/09; Monday 31/08 off, worked on Saturday 22/08 instead.
      holidays: [
        { date: '2026-09-01', code: 'NATIONAL_DAY' },
        { date: '2026-09-02', code: 'NATIONAL_DAY' },
      ],
      swaps: [{ dayOff: '2026-08-31', workOn: '2026-08-22' }],
      evidence: VPCP_TET_AND_NATIONAL_DAY_2026,
    },
  ],
  notes: [
    'Ngày Văn hóa Việt Nam 24/11 (Tuesday 24/11/2026): Nghị quyết 80-NQ/TW (01/2026) makes it a paid day off in principle and Nghị quyết 30/NQ-CP (02/2026) asks for an amendment of Labour Code art. 112. Not in force when this file was written, so NOT included [U]. When enacted: add a break here and the holiday to holidays.ts.',
  ],
};

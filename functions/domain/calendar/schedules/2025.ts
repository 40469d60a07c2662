/**
 * Official 2025 schedule for civil servants.
 *
 * Main source: Thông báo 6150/TB-BLĐTBXH (2024) of the Ministry of Labour, Invalids and Social
 * Affairs, implementing the Prime Minister's decision conveyed by Công văn 8726/VPCP-KGVX of
 * 26/11/2024 (Tết, 30/4–1/5 and National Day 2025).
 */
import type { Evidence, OfficialYearSchedule } from './types';

const TB_6150: Omit<Evidence, 'seenAt'> = {
  status: 'V',
  source:
    'Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động – Thương binh và Xã hội, thực hiện Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ',
};

export const SCHEDULE_2025: OfficialYearSchedule = {
  year: 2025,
  appliesTo: 'Cán bộ, công chức, viên chức (cơ quan hành chính, sự nghiệp, tổ chức chính trị, chính trị – xã hội)',
  breaks: [
    {
      name: 'Tết Dương lịch',
      from: '2025-01-01',
      to: '2025-01-01',
      holidays: [{ date: '2025-01-01', code: 'NEW_YEAR' }],
      evidence: {
        status: 'U',
        source: 'Bộ luật Lao động 2019, Điều 112(1)(a)',
        note: 'Wednesday 01/01/2025 alone; no swap found in the sources read.',
      },
    },
    {
      name: 'Tết Nguyên đán',
      from: '2025-01-25',
      to: '2025-02-02',
      // Saturday 25/01 (26 tháng Chạp) to Sunday 02/02 (mùng 5): 9 days = 5 Tết days + 4 weekly rest
      // days, so the 5 Tết days are the weekdays Monday 27/01 (28 tháng Chạp) – Friday 31/01 (mùng 3).
      holidays: [
        { date: '2025-01-27', code: 'LUNAR_NEW_YEAR' },
        { date: '2025-01-28', code: 'LUNAR_NEW_YEAR' },
        { date: '2025-01-29', code: 'LUNAR_NEW_YEAR' },
        { date: '2025-01-30', code: 'LUNAR_NEW_YEAR' },
        { date: '2025-01-31', code: 'LUNAR_NEW_YEAR' },
      ],
      evidence: {
        ...TB_6150,
        seenAt: ['pld.net.vn (Công văn 8726/VPCP-KGVX, 26/11/2024)', 'licham.prices.vn (25/01–02/02/2025, 9 ngày)'],
      },
    },
    {
      name: 'Giỗ Tổ Hùng Vương',
      from: '2025-04-05',
      to: '2025-04-07',
      holidays: [{ date: '2025-04-07', code: 'HUNG_KINGS' }],
      evidence: {
        status: 'U',
        source: 'Bộ luật Lao động 2019, Điều 112(1)(c)',
        note: 'Monday 07/04/2025 = 10/3 Ất Tỵ (computed); no separate notice read.',
      },
    },
    {
      name: 'Ngày Chiến thắng và Ngày Quốc tế lao động',
      from: '2025-04-30',
      to: '2025-05-04',
      holidays: [
        { date: '2025-04-30', code: 'VICTORY_DAY' },
        { date: '2025-05-01', code: 'LABOUR_DAY' },
      ],
      // Friday 02/05 off, worked on Saturday 26/04 instead.
      swaps: [{ dayOff: '2025-05-02', workOn: '2025-04-26' }],
      evidence: {
        ...TB_6150,
        seenAt: ['kntb.vn (30/03/2025)', 'vietnamplus.vn (TTXVN)', 'tracuuquyhoach.com'],
      },
    },
    {
      name: 'Quốc khánh',
      from: '2025-08-30',
      to: '2025-09-02',
      // Saturday 30/08 – Tuesday 02/09: 2 National Day days (01/09 adjacent, 02/09) + 2 weekly rest days.
      holidays: [
        { date: '2025-09-01', code: 'NATIONAL_DAY' },
        { date: '2025-09-02', code: 'NATIONAL_DAY' },
      ],
      evidence: {
        ...TB_6150,
        seenAt: ['baodanang.vn', 'giadinh.suckhoedoisong.vn (01/05/2025)'],
      },
    },
  ],
};

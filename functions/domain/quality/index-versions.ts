/**
 * The Decision 766/QĐ-TTg index as data (domain.md §(h) and Appendix D). A change of the national
 * rules is a new entry with its `validFrom`; a period is always scored with the version in force
 * on its last day, so a past period keeps its figures when the rules change.
 *
 * Markers as in domain.md: V verified in a source read, P seen in practice (a vendor's code, the
 * national dashboard), U unverified (an inference to confirm with the province's KSTTHC office).
 */
export type Marker = 'V' | 'P' | 'U';

/** Rates the platform computes from its own events (figures.ts). */
export type LocalRate = 'onTime' | 'online' | 'paidOnline' | 'eResult' | 'digitised' | 'reused';

export type Rule =
  /** points = rate × max. */
  | { kind: 'PROPORTIONAL'; rate: LocalRate }
  /** rate ≥ threshold → max; otherwise rate ÷ threshold × max. */
  | { kind: 'FULL_FROM'; rate: LocalRate; threshold: number }
  /** Only the national portal has the data (CSDLQG, DVCQG payments, PAKN, its own ratings). */
  | { kind: 'PORTAL_ONLY'; why: string };

export interface IndicatorRule {
  code: string;
  name: string;
  max: number;
  rule: Rule;
  marker: Marker;
  source: string;
}

export interface GroupRule {
  code: number;
  name: string;
  max: number;
  marker: Marker;
  indicators: IndicatorRule[];
}

export interface IndexVersion {
  id: string;
  validFrom: string;
  source: string;
  groups: GroupRule[];
}

const TH = 'a provincial vendor’s implementation (domain.md Appendix D, “TH”)';
const NOTE = 'the national note “Mô tả công thức tính chỉ số 766” (domain.md §h)';
const portal = (why: string): Rule => ({ kind: 'PORTAL_ONLY', why });

export const INDEX_VERSIONS: readonly IndexVersion[] = [
  {
    id: '766-2022',
    validFrom: '2022-08-01',
    source: 'QĐ 766/QĐ-TTg (23/6/2022); group maxima as DVCQG publishes them (domain.md Appendix D)',
    groups: [
      {
        code: 1,
        name: 'Công khai, minh bạch',
        max: 18,
        marker: 'V',
        indicators: [
          {
            code: '1.2',
            name: 'TTHC được cập nhật, công khai đúng hạn',
            max: 4,
            rule: portal('CSDLQG về TTHC'),
            marker: 'V',
            source: 'baocaotaichinh.vn summary',
          },
          {
            code: '1.x',
            name: 'Công khai đúng hạn, đầy đủ thành phần, đồng bộ hồ sơ (1.1, 1.3, 1.4)',
            max: 14,
            rule: portal('CSDLQG về TTHC and the DVCQG sync counts'),
            marker: 'U',
            source: 'weights not published: 18 − 4',
          },
        ],
      },
      {
        code: 2,
        name: 'Tiến độ, kết quả giải quyết',
        max: 20,
        marker: 'V',
        indicators: [
          {
            code: '2.1',
            name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn',
            max: 20,
            rule: { kind: 'PROPORTIONAL', rate: 'onTime' },
            marker: 'P',
            source: `${NOTE}; on time ÷ (closed + open overdue)`,
          },
        ],
      },
      {
        code: 3,
        name: 'Cung cấp dịch vụ trực tuyến (gồm thanh toán trực tuyến 10)',
        max: 22,
        marker: 'P',
        indicators: [
          {
            code: '3.1',
            name: 'TTHC cung cấp DVC trực tuyến',
            max: 2,
            rule: portal('CSDLQG flags of online-enabled procedures'),
            marker: 'P',
            source: TH,
          },
          {
            code: '3.2',
            name: 'DVC trực tuyến phát sinh hồ sơ',
            max: 4,
            rule: portal('the published list of online services'),
            marker: 'P',
            source: TH,
          },
          {
            code: '3.3',
            name: 'Tỷ lệ hồ sơ trực tuyến',
            max: 6,
            rule: { kind: 'FULL_FROM', rate: 'online', threshold: 0.5 },
            marker: 'P',
            source: `${NOTE} (≥ 50 % full, else proportional; TH gives 3)`,
          },
          {
            code: '3.4',
            name: 'TTHC có phát sinh thanh toán trực tuyến',
            max: 2,
            rule: portal('DVCQG payment platform'),
            marker: 'P',
            source: TH,
          },
          {
            code: '3.5',
            name: 'TTHC tích hợp thanh toán trên DVCQG',
            max: 2,
            rule: portal('DVCQG payment platform'),
            marker: 'P',
            source: TH,
          },
          {
            code: '3.6',
            name: 'Tỷ lệ hồ sơ có phí thanh toán trực tuyến',
            max: 6,
            rule: { kind: 'FULL_FROM', rate: 'paidOnline', threshold: 0.3 },
            marker: 'U',
            source: `${TH} (≥ 30 % → 6; below: proportional [U])`,
          },
        ],
      },
      {
        code: 4,
        name: 'Số hóa hồ sơ',
        max: 22,
        marker: 'P',
        indicators: [
          {
            code: '4.1',
            name: 'Tỷ lệ cấp kết quả điện tử',
            max: 6,
            rule: { kind: 'PROPORTIONAL', rate: 'eResult' },
            marker: 'P',
            source: TH,
          },
          {
            code: '4.2',
            name: 'Tỷ lệ số hóa hồ sơ',
            max: 4,
            rule: { kind: 'FULL_FROM', rate: 'digitised', threshold: 0.8 },
            marker: 'P',
            source: `${TH}; ${NOTE}`,
          },
          {
            code: '4.3',
            name: 'Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa',
            max: 2,
            rule: { kind: 'FULL_FROM', rate: 'reused', threshold: 0.8 },
            marker: 'P',
            source: `${TH}; ${NOTE}`,
          },
          {
            code: '4.4–4.5',
            name: 'Kho dữ liệu trên DVCQG, dữ liệu dân cư',
            max: 10,
            rule: portal('DVCQG citizen store and VNeID data'),
            marker: 'U',
            source: 'weights not published: 22 − 12',
          },
        ],
      },
      {
        code: 5,
        name: 'Mức độ hài lòng',
        max: 18,
        marker: 'V',
        indicators: [
          {
            code: '5.4',
            name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
            max: 6,
            rule: portal('DVCQG computes satisfaction (TH); the local rate is shown beside it'),
            marker: 'V',
            source: 'baocaotaichinh.vn summary',
          },
          {
            code: '5.1–5.3',
            name: 'PAKN: phân loại, xử lý đúng hạn, hài lòng',
            max: 12,
            rule: portal('DVCQG PAKN system'),
            marker: 'U',
            source: 'weights not published: 18 − 6',
          },
        ],
      },
    ],
  },
];

/** The version in force on a day (a period's last day); none before the index began. */
export function versionFor(day: string, versions: readonly IndexVersion[] = INDEX_VERSIONS): IndexVersion | undefined {
  return [...versions]
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom))
    .filter((version) => version.validFrom <= day)
    .at(-1);
}

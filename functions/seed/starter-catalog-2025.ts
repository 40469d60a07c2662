import type { AgencyLevel } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import { STARTER_CATALOG } from './starter-catalog';

/**
 * A starter catalog that fits a two-tier province (from 01/07/2025): commune procedures, procedures
 * of the province's departments and vertical agencies that any commune centre receives (Decree
 * 118/2025, "phi địa giới"), one interconnected group across agencies, and a procedure stated in
 * calendar days. Steps name a sector (`TU_PHAP`, `CONG_AN`…), never a province's agency code, so
 * the catalog fits every province whose configuration lists agencies of those sectors.
 *
 * Markers: `example: true` where the code, fees or budgets were not checked against a published
 * decision (quyết định công bố). Codes in the 9.xxxxxx range are the platform's placeholders
 * [U]: the national code could not be confirmed and a province replaces it with its published one.
 */

const commune = (code: string): Procedure => {
  const found = STARTER_CATALOG.find((procedure) => procedure.code === code);
  if (!found) throw new Error(`starter catalog lacks ${code}`);
  return found;
};

export const DIPLOMA_COPY_CODE = '9.000201';
export const BIRTH_GROUP_CODE = '9.000631';
export const COMPLAINT_CODE = '9.000302';

export const STARTER_CATALOG_2025: Procedure[] = [
  // Commune procedures, unchanged by the reorganisation (Luật Hộ tịch, Decree 23/2015).
  commune('2.000815'),
  commune('1.001193'),
  {
    code: DIPLOMA_COPY_CODE,
    version: 1,
    name: 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
    field: { code: 'VAN_BANG_CHUNG_CHI', name: 'Văn bằng, chứng chỉ' },
    level: 'PROVINCE',
    documents: [
      {
        code: 'DON_BAN_SAO_VB',
        name: 'Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
        copies: 1,
        copyType: 'ORIGINAL',
        required: true,
      },
      { code: 'GIAY_TO_TUY_THAN', name: 'Căn cước hoặc giấy tờ tùy thân (xuất trình)', copies: 1, copyType: 'PHOTOCOPY', required: true },
    ],
    // "Ngay trong ngày… hoặc không quá 03 ngày làm việc" where the register must be searched [U].
    duration: { value: 3, unit: 'WORKING_DAYS' },
    fees: [],
    // The department that keeps the upper-secondary diploma registers decides; a commune centre receives.
    route: [
      {
        level: 'PROVINCE',
        sector: 'GIAO_DUC_DAO_TAO',
        task: 'Sở Giáo dục và Đào tạo tra cứu sổ gốc, cấp bản sao',
        budget: { value: 3, unit: 'WORKING_DAYS' },
      },
    ],
    legalBasis: ['Nghị định 23/2015/NĐ-CP', 'Thông tư 21/2019/TT-BGDĐT'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
    remoteDelivery: ['POSTAL'],
  },
  {
    // Competence moved from the Department of Justice to the provincial police in 2025 (domain.md
    // Appendix D [P]; exact date U).
    code: '2.000488',
    version: 1,
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    field: { code: 'LY_LICH_TU_PHAP', name: 'Lý lịch tư pháp' },
    level: 'PROVINCE',
    documents: [
      {
        code: 'TO_KHAI_LLTP',
        name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (theo mẫu)',
        copies: 1,
        copyType: 'ORIGINAL',
        required: true,
      },
      { code: 'GIAY_TO_TUY_THAN', name: 'Giấy tờ tùy thân (căn cước hoặc hộ chiếu)', copies: 1, copyType: 'PHOTOCOPY', required: true },
    ],
    duration: { value: 10, unit: 'WORKING_DAYS' },
    fees: [{ code: 'PHI_LLTP', name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000, collectedAt: 'RECEPTION' }],
    route: [{ level: 'PROVINCE', sector: 'CONG_AN', task: 'Công an tỉnh tra cứu, cấp phiếu', budget: { value: 10, unit: 'WORKING_DAYS' } }],
    legalBasis: ['Luật Lý lịch tư pháp 2009', 'Thông tư 244/2016/TT-BTC'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
    remoteDelivery: ['POSTAL', 'ONLINE'],
  },
  {
    // Decree 63/2024/NĐ-CP, group 1 [U: recollection, domain.md Appendix D]: one dossier, three
    // results, each decided by its own agency in turn. Budgets and the total are [U].
    code: BIRTH_GROUP_CODE,
    version: 1,
    name: 'Liên thông thủ tục hành chính: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    field: { code: 'LIEN_THONG_KHAI_SINH', name: 'Liên thông hộ tịch, cư trú, bảo hiểm y tế' },
    level: 'COMMUNE',
    documents: [
      { code: 'TO_KHAI_LIEN_THONG', name: 'Tờ khai điện tử liên thông (theo mẫu)', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'GIAY_CHUNG_SINH', name: 'Giấy chứng sinh hoặc văn bản thay thế', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'UY_QUYEN', name: 'Văn bản ủy quyền (nếu nộp thay)', copies: 1, copyType: 'ORIGINAL_OR_CERTIFIED_COPY', required: false },
    ],
    duration: { value: 6, unit: 'WORKING_DAYS' },
    fees: [],
    route: [
      { level: 'COMMUNE', task: 'UBND xã (tư pháp - hộ tịch) đăng ký khai sinh', budget: { value: 1, unit: 'WORKING_DAYS' } },
      { level: 'PROVINCE', sector: 'CONG_AN', task: 'Công an đăng ký thường trú', budget: { value: 3, unit: 'WORKING_DAYS' } },
      {
        level: 'PROVINCE',
        sector: 'BAO_HIEM_XA_HOI',
        task: 'Bảo hiểm xã hội cấp thẻ bảo hiểm y tế',
        budget: { value: 2, unit: 'WORKING_DAYS' },
      },
    ],
    legalBasis: ['Nghị định 63/2024/NĐ-CP [U]', 'Luật Hộ tịch 2014', 'Luật Cư trú 2020', 'Luật Bảo hiểm y tế'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
    remoteDelivery: ['POSTAL', 'ONLINE'],
  },
  {
    // Stated in calendar days: "không quá 30 ngày, kể từ ngày thụ lý" (Luật Khiếu nại 2011 art. 28).
    code: COMPLAINT_CODE,
    version: 1,
    name: 'Giải quyết khiếu nại lần đầu tại cấp xã',
    field: { code: 'GIAI_QUYET_KHIEU_NAI', name: 'Giải quyết khiếu nại' },
    level: 'COMMUNE',
    documents: [
      { code: 'DON_KHIEU_NAI', name: 'Đơn khiếu nại hoặc bản ghi lời khiếu nại', copies: 1, copyType: 'ORIGINAL', required: true },
    ],
    duration: { value: 30, unit: 'CALENDAR_DAYS' },
    fees: [],
    route: [{ level: 'COMMUNE', task: 'Chủ tịch UBND xã thụ lý, xác minh, ra quyết định', budget: { value: 30, unit: 'CALENDAR_DAYS' } }],
    legalBasis: ['Luật Khiếu nại 2011', 'Nghị định 124/2020/NĐ-CP'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
  },
];

/** What the catalog needs to know of an agency to tell whether a province can route a step. */
interface RoutableAgency {
  level: AgencyLevel;
  sector?: string;
}

/**
 * The starter catalog for a province's agencies: the two-tier one when the province has no
 * districts, the three-tier one otherwise; only procedures whose every step has an agency there
 * (its level, and its sector where the step names one).
 */
export function starterCatalogFor(agencies: readonly RoutableAgency[]): Procedure[] {
  const levels = new Set(agencies.map((agency) => agency.level));
  const catalog = levels.has('DISTRICT') ? STARTER_CATALOG : STARTER_CATALOG_2025;
  const has = (level: AgencyLevel, sector?: string) =>
    sector === undefined ? levels.has(level) : agencies.some((agency) => agency.level === level && agency.sector === sector);
  return catalog.filter((procedure) => procedure.route.every((step) => has(step.level, step.sector)));
}

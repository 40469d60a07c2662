import type { Procedure } from '#domain/catalog';

/**
 * A starter catalog of real procedures across the three levels, for the demo province and for a
 * province's first deployment. Codes follow the national catalog (CSDLQG về TTHC) as seen on
 * provincial portals; `example: true` marks entries whose code, fee or step budgets were not
 * checked against a published decision (quyết định công bố) and must be before production use.
 * Legal bases are the laws the procedures rest on.
 */
export const STARTER_CATALOG: Procedure[] = [
  {
    code: '2.000815',
    version: 1,
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    field: { code: 'CHUNG_THUC', name: 'Chứng thực' },
    level: 'COMMUNE',
    documents: [
      {
        code: 'BAN_CHINH',
        name: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao',
        copies: 1,
        copyType: 'ORIGINAL',
        required: true,
      },
      { code: 'BAN_SAO', name: 'Bản sao cần chứng thực', copies: 1, copyType: 'PHOTOCOPY', required: true },
    ],
    // "Trong ngày; sau 15 giờ thì trả trong ngày làm việc tiếp theo" (Decree 23/2015 art. 21):
    // zero working days with the 15:00 cut-off.
    duration: { value: 0, unit: 'WORKING_DAYS' },
    fees: [
      { code: 'LP_CHUNG_THUC', name: 'Phí chứng thực bản sao từ bản chính (2.000 đồng/trang)', amount: 2000, collectedAt: 'RECEPTION' },
    ],
    route: [{ level: 'COMMUNE', task: 'Tiếp nhận, chứng thực và trả kết quả', budget: { value: 1, unit: 'WORKING_DAYS' } }],
    legalBasis: ['Nghị định 23/2015/NĐ-CP', 'Thông tư 226/2016/TT-BTC'],
    fourOnTheSpot: true,
    financialObligationPausesClock: false,
    sameDayCutoff: '15:00',
    example: false,
  },
  {
    code: '1.001193',
    version: 1,
    name: 'Đăng ký khai sinh',
    field: { code: 'HO_TICH', name: 'Hộ tịch' },
    level: 'COMMUNE',
    documents: [
      { code: 'TO_KHAI_KS', name: 'Tờ khai đăng ký khai sinh (theo mẫu)', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'GIAY_CHUNG_SINH', name: 'Giấy chứng sinh hoặc văn bản thay thế', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'UY_QUYEN', name: 'Văn bản ủy quyền (nếu nộp thay)', copies: 1, copyType: 'ORIGINAL_OR_CERTIFIED_COPY', required: false },
    ],
    // "Ngay trong ngày; sau 15 giờ thì trả trong ngày làm việc tiếp theo" (Luật Hộ tịch art. 16).
    duration: { value: 0, unit: 'WORKING_DAYS' },
    fees: [],
    route: [{ level: 'COMMUNE', task: 'Tiếp nhận, đăng ký và trả kết quả', budget: { value: 1, unit: 'WORKING_DAYS' } }],
    legalBasis: ['Luật Hộ tịch 2014', 'Nghị định 123/2015/NĐ-CP'],
    fourOnTheSpot: true,
    financialObligationPausesClock: false,
    sameDayCutoff: '15:00',
    example: false,
  },
  {
    code: '1.001776',
    version: 1,
    name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng',
    field: { code: 'BAO_TRO_XA_HOI', name: 'Bảo trợ xã hội' },
    level: 'DISTRICT',
    documents: [
      { code: 'TO_KHAI_TCXH', name: 'Tờ khai đề nghị trợ giúp xã hội (theo mẫu)', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'GIAY_XAC_NHAN_KT', name: 'Giấy xác nhận khuyết tật (nếu có)', copies: 1, copyType: 'CERTIFIED_COPY', required: false },
    ],
    duration: { value: 20, unit: 'WORKING_DAYS' },
    fees: [],
    // Interconnected (liên thông) commune → district: the commune reviews and lists publicly,
    // the district appraises and its chairman decides, the commune returns the result.
    route: [
      { level: 'COMMUNE', task: 'Tiếp nhận, xét duyệt, niêm yết công khai', budget: { value: 10, unit: 'WORKING_DAYS' } },
      { level: 'DISTRICT', task: 'Thẩm định, quyết định trợ cấp', budget: { value: 10, unit: 'WORKING_DAYS' } },
      { level: 'COMMUNE', task: 'Trả kết quả', budget: { value: 0, unit: 'WORKING_DAYS' } },
    ],
    legalBasis: ['Nghị định 20/2021/NĐ-CP'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
  },
  {
    code: '1.009994',
    version: 1,
    name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    field: { code: 'XAY_DUNG', name: 'Hoạt động xây dựng' },
    level: 'DISTRICT',
    documents: [
      { code: 'DON_GPXD', name: 'Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)', copies: 1, copyType: 'ORIGINAL', required: true },
      { code: 'GIAY_TO_DAT', name: 'Giấy tờ hợp pháp về quyền sử dụng đất', copies: 1, copyType: 'CERTIFIED_COPY', required: true },
      { code: 'BAN_VE_TK', name: 'Bản vẽ thiết kế xây dựng', copies: 2, copyType: 'ORIGINAL', required: true },
    ],
    duration: { value: 15, unit: 'WORKING_DAYS' },
    fees: [{ code: 'LP_GPXD', name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', amount: 75000, collectedAt: 'RECEPTION' }],
    route: [{ level: 'DISTRICT', task: 'Tiếp nhận, thẩm định, cấp giấy phép', budget: { value: 15, unit: 'WORKING_DAYS' } }],
    legalBasis: ['Luật Xây dựng 2014 (sửa đổi 2020)', 'Nghị định 15/2021/NĐ-CP'],
    fourOnTheSpot: false,
    financialObligationPausesClock: true,
    example: true,
  },
  {
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
      {
        code: 'GIAY_TO_TUY_THAN',
        name: 'Giấy tờ tùy thân (căn cước công dân hoặc hộ chiếu)',
        copies: 1,
        copyType: 'PHOTOCOPY',
        required: true,
      },
    ],
    duration: { value: 10, unit: 'WORKING_DAYS' },
    fees: [{ code: 'PHI_LLTP', name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000, collectedAt: 'RECEPTION' }],
    route: [{ level: 'PROVINCE', task: 'Sở Tư pháp tiếp nhận, tra cứu, cấp phiếu', budget: { value: 10, unit: 'WORKING_DAYS' } }],
    legalBasis: ['Luật Lý lịch tư pháp 2009', 'Thông tư 244/2016/TT-BTC'],
    fourOnTheSpot: false,
    financialObligationPausesClock: false,
    example: true,
  },
];

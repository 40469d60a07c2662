import type { ApologyForm, CompletionRequestForm, ControlSlipForm, ReceiptForm, RefusalForm, TrackingBookRow } from '#domain/forms';
import type { PageHeader } from '#print/render';

/** Form data as domain/forms.ts builds it, for rendering without a table (times are UTC; pages show UTC+7). */

export const HEADER: PageHeader = { authority: 'UBND Xã Dương Phong', office: 'Bộ phận Tiếp nhận và Trả kết quả', place: 'Dương Phong' };

export const CODE = '06.063.02014-260305-0007';

export const receipt: ReceiptForm = {
  dossierCode: CODE,
  receivingUnit: 'UBND Xã Dương Phong',
  applicantName: 'Hà Văn Nam',
  applicantAddress: 'Thôn Nà Pài, UBND Xã Dương Phong',
  applicantPhone: '0987654321',
  applicantEmail: 'ha.van.nam@example.vn',
  requestContent: 'Giải quyết hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng',
  documents: [
    { code: 'TO_KHAI_TCXH', name: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a)', copies: 1 },
    { code: 'GIAY_XAC_NHAN_KT', name: 'Giấy xác nhận khuyết tật (nếu có)', copies: 2 },
  ],
  statutoryDuration: '20 ngày làm việc',
  receivedAt: '2026-03-05T01:30:00.000Z',
  dueAt: '2026-04-02T10:00:00.000Z',
};

export const completionRequest: CompletionRequestForm = {
  receivingUnit: 'UBND Xã Dương Phong',
  applicantName: 'Hà Văn Nam',
  applicantAddress: 'Thôn Nà Pài, UBND Xã Dương Phong',
  applicantPhone: '0987654321',
  requestContent: receipt.requestContent,
  items: [
    {
      code: 'GIAY_XAC_NHAN_KT',
      name: 'Giấy xác nhận khuyết tật (nếu có)',
      copyType: 'CERTIFIED_COPY',
      copies: 1,
      note: 'Bản sao có chứng thực',
    },
    { code: 'TO_KHAI_TCXH', name: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a)', copyType: 'ORIGINAL', copies: 1 },
  ],
  reason: 'Thiếu giấy xác nhận khuyết tật',
  guidingOfficer: 'tn-duongphong',
  at: '2026-03-04T02:15:00.000Z',
  afterReception: false,
};

export const refusal: RefusalForm = {
  receivingUnit: 'UBND Xã Dương Phong',
  applicantName: 'Hà Văn Nam',
  requestContent: receipt.requestContent,
  reason: 'Người nộp không bổ sung giấy tờ theo hướng dẫn',
  officer: 'tn-duongphong',
  at: '2026-03-04T08:40:00.000Z',
};

export const apology: ApologyForm = {
  issuingAgency: 'UBND Huyện Bạch Thông',
  applicantName: 'Hà Văn Nam',
  dossierCode: CODE,
  requestContent: receipt.requestContent,
  receivedAt: receipt.receivedAt,
  originalDueAt: receipt.dueAt,
  reason: 'Chờ kết quả xác minh của cơ quan phối hợp',
  revisedDueAt: '2026-04-09T10:00:00.000Z',
  signer: 'tp-bachthong',
  at: '2026-03-30T03:05:00.000Z',
};

export const controlSlip: ControlSlipForm = {
  dossierCode: CODE,
  applicantName: 'Hà Văn Nam',
  leadAgency: 'UBND Huyện Bạch Thông',
  coordinatingAgencies: ['UBND Tỉnh Bắc Kạn'],
  rows: [
    {
      fromAgency: 'UBND Xã Dương Phong',
      toAgency: 'UBND Huyện Bạch Thông',
      handedOverAt: '2026-03-06T02:00:00.000Z',
      receivedAt: '2026-03-06T02:20:00.000Z',
      stepTask: 'Tiếp nhận, kiểm tra hồ sơ, xác nhận và chuyển cấp huyện',
      stepBudget: '05 ngày làm việc',
      stepDueAt: '2026-03-12T10:00:00.000Z',
      verdict: 'EARLY',
      verdictLabel: 'Trước hạn',
      note: 'Chuyển qua hệ thống',
    },
    {
      fromAgency: 'UBND Huyện Bạch Thông',
      toAgency: 'UBND Xã Dương Phong',
      handedOverAt: '2026-03-31T09:00:00.000Z',
      receivedAt: null,
      stepTask: 'Thẩm định, quyết định trợ cấp',
      stepBudget: '15 ngày làm việc',
      stepDueAt: '2026-03-27T10:00:00.000Z',
      verdict: 'LATE',
      verdictLabel: 'Quá hạn',
    },
    {
      fromAgency: 'UBND Xã Dương Phong',
      toAgency: null,
      handedOverAt: '2026-04-01T01:00:00.000Z',
      receivedAt: '2026-04-01T01:00:00.000Z',
      stepTask: 'Trả kết quả',
      stepBudget: '20 ngày làm việc',
      stepDueAt: '2026-04-02T10:00:00.000Z',
      verdict: 'ON_TIME',
      verdictLabel: 'Đúng hạn',
      note: 'COUNTER',
    },
  ],
};

export function trackingRows(count: number): TrackingBookRow[] {
  return Array.from({ length: count }, (_, index) => ({
    dossierCode: `06.063.02014-2603${String(5 + (index % 20)).padStart(2, '0')}-${String(index + 1).padStart(4, '0')}`,
    procedureName: index % 2 ? receipt.requestContent : 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    sets: 1,
    applicantName: index % 3 ? 'Hà Văn Nam' : 'Lý Thị Hoa',
    applicantAddress: 'Thôn Nà Pài, UBND Xã Dương Phong',
    ...(index % 2 ? { applicantPhone: '0987654321' } : {}),
    leadAgency: index % 2 ? 'UBND Huyện Bạch Thông' : 'UBND Xã Dương Phong',
    receivedAt: new Date(Date.parse('2026-03-05T01:30:00.000Z') + index * 3_600_000).toISOString(),
    dueAt: '2026-04-02T10:00:00.000Z',
    ...(index % 2 ? { transferredAt: '2026-03-06T02:00:00.000Z' } : {}),
    ...(index % 4 === 1 ? { resultReceivedAt: '2026-03-31T09:00:00.000Z', returnedAt: '2026-04-01T01:00:00.000Z' } : {}),
    status: index % 4 === 1 ? 'RETURNED' : index % 2 ? 'IN_PROCESSING' : 'RECEIVED',
  }));
}

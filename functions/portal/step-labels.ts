import type { DossierEventType } from '#domain/dossier';

/**
 * NoiDungXuLy of a process step, per event type. Partial on purpose: an event type added by
 * another module (fees, documents, ratings) still syncs, as "Cập nhật hồ sơ", until it has a label.
 */
export const STEP_LABELS: Partial<Record<DossierEventType, string>> = {
  SUBMITTED: 'Nộp hồ sơ',
  COMPLETION_REQUESTED: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  RESUBMITTED: 'Nộp bổ sung, hoàn thiện hồ sơ',
  REFUSED: 'Từ chối tiếp nhận hồ sơ',
  ACCEPTED: 'Tiếp nhận hồ sơ',
  TRANSFERRED: 'Chuyển hồ sơ',
  DELIVERED: 'Nhận hồ sơ chuyển đến',
  HANDOFF_ACCEPTED: 'Tiếp nhận hồ sơ chuyển đến',
  HANDOFF_RETURNED: 'Trả lại hồ sơ',
  OPINIONS_REQUESTED: 'Lấy ý kiến cơ quan liên quan',
  OPINION_GIVEN: 'Cho ý kiến',
  CONSULTATION_CLOSED: 'Kết thúc lấy ý kiến',
  ASSIGNED: 'Phân công xử lý',
  APPRAISAL_STARTED: 'Thẩm định hồ sơ',
  SUBMITTED_FOR_SIGNATURE: 'Trình ký',
  SIGNED: 'Ký duyệt',
  ISSUED: 'Ban hành kết quả',
  APPROVED_AT_COUNTER: 'Giải quyết tại chỗ',
  SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ',
  SUPPLEMENT_RECEIVED: 'Nhận hồ sơ bổ sung',
  FINANCIAL_OBLIGATION_REQUESTED: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  FINANCIAL_OBLIGATION_MET: 'Hoàn thành nghĩa vụ tài chính',
  APOLOGIZED: 'Xin lỗi và hẹn lại ngày trả kết quả',
  WITHDRAWN: 'Công dân rút hồ sơ',
  STOPPED: 'Dừng giải quyết hồ sơ',
  RESULT_RETURNED: 'Trả kết quả',
  REASSIGNED: 'Chuyển giao theo sắp xếp đơn vị hành chính',
};

export const DEFAULT_STEP_LABEL = 'Cập nhật hồ sơ';

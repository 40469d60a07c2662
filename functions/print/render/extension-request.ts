import type { ExtensionRequestForm } from '#domain/forms-2025';
import { twoDigits, vnDateTimeWords, vnDateWords } from './format';
import { html } from './html';
import { type FormLabel, type PageHeader, renderDocument, signatures } from './layout';

export const EXTENSION_REQUEST_TITLE = 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết';

/**
 * Mẫu số 04 of TT 03/2025: the agency that cannot meet the appointment apologises and asks the
 * applicant to accept a later date. The title is verified; the wording and the number line are
 * not (the regime entry lists them as unconfirmed).
 */
export function renderExtensionRequest(
  form: ExtensionRequestForm,
  header: PageHeader,
  label: FormLabel = { number: '04', title: EXTENSION_REQUEST_TITLE },
): string {
  const agency = form.issuingAgency;
  const body = html`
<p style="text-align:center">Kính gửi: <span class="field-value">${form.applicantName}</span></p>
<p>${vnDateWords(form.receivedAt).replace(/^n/, 'N')}, ${agency} tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ: <span class="field-value" data-field="dossierCode">${form.dossierCode}</span>.</p>
<p>Nội dung yêu cầu giải quyết: <span class="field-value">${form.requestContent}</span>.</p>
<p>Thời gian hẹn trả kết quả giải quyết hồ sơ: <span class="field-value" data-field="originalDueAt">${vnDateTimeWords(form.originalDueAt)}</span>.</p>
<p>Tuy nhiên đến nay, ${agency} chưa thể trả kết quả giải quyết hồ sơ đúng hạn.</p>
<p>Lý do: <span class="field-value" data-field="reason">${form.reason}</span></p>
<p>${agency} xin lỗi ông/bà vì sự chậm trễ này và đề nghị ông/bà đồng ý gia hạn thời gian giải quyết hồ sơ thêm <span class="field-value" data-field="extensionWorkingDays">${twoDigits(form.extensionWorkingDays)}</span> ngày làm việc, đến <span class="field-value" data-field="requestedDueAt">${vnDateTimeWords(form.requestedDueAt)}</span>.</p>
<p>Xin trân trọng cảm ơn sự hợp tác của ông/bà./.</p>
${signatures([
  { role: '', hint: '' },
  { role: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: form.signer },
])}`;
  return renderDocument({
    formNumber: label.number,
    title: label.title,
    size: 'A5',
    header,
    numberLine: 'Số: ……/VBXL',
    dateIso: form.at,
    body,
  });
}

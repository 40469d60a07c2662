import type { ApologyForm } from '#domain/forms';
import { vnDateTimeWords, vnDateWords } from './format';
import { html } from './html';
import { type PageHeader, renderDocument, signatures } from './layout';

export const APOLOGY_TITLE = 'Phiếu xin lỗi và hẹn lại ngày trả kết quả';

/**
 * Mẫu số 04: the apology of the agency that could not meet the appointment, with the new date.
 * The wording follows practice (domain.md Appendix A); the exact template text is [U].
 */
export function renderApology(form: ApologyForm, header: PageHeader): string {
  const agency = form.issuingAgency;
  const body = html`
<p style="text-align:center">Kính gửi: <span class="field-value">${form.applicantName}</span></p>
<p>${vnDateWords(form.receivedAt).replace(/^n/, 'N')}, ${agency} tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ: <span class="field-value" data-field="dossierCode">${form.dossierCode}</span>.</p>
<p>Nội dung yêu cầu giải quyết: <span class="field-value">${form.requestContent}</span>.</p>
<p>Thời gian hẹn trả kết quả giải quyết hồ sơ: <span class="field-value">${vnDateTimeWords(form.originalDueAt)}</span>.</p>
<p>Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ cho ông/bà.</p>
<p>Lý do: <span class="field-value" data-field="reason">${form.reason}</span></p>
<p>Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. ${agency} xin lỗi ông/bà và hẹn lại thời gian trả kết quả là: <span class="field-value" data-field="revisedDueAt">${vnDateTimeWords(form.revisedDueAt)}</span>.</p>
<p>Xin trân trọng cảm ơn sự hợp tác của ông/bà./.</p>
${signatures([
  { role: '', hint: '' },
  { role: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: form.signer },
])}`;
  return renderDocument({
    formNumber: '04',
    title: APOLOGY_TITLE,
    size: 'A5',
    header,
    numberLine: 'Số: ……/PXL',
    dateIso: form.at,
    body,
  });
}

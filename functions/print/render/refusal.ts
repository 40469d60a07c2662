import type { RefusalForm } from '#domain/forms';
import { html } from './html';
import { field, type PageHeader, renderDocument, signatures } from './layout';

export const REFUSAL_TITLE = 'Phiếu từ chối tiếp nhận giải quyết hồ sơ';

/** Mẫu số 03: the refusal, with the officer's reasons. */
export function renderRefusal(form: RefusalForm, header: PageHeader): string {
  const body = html`
<p>Bộ phận Tiếp nhận và Trả kết quả ${form.receivingUnit} tiếp nhận hồ sơ của: <span class="field-value">${form.applicantName}</span></p>
${field('Nội dung yêu cầu giải quyết', form.requestContent)}
<p>Qua xem xét, ${form.receivingUnit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:</p>
<p class="field-value" data-field="reason">${form.reason}</p>
<p>Xin thông báo cho ông/bà được biết và thực hiện./.</p>
${signatures([
  { role: 'Người nộp hồ sơ', name: form.applicantName },
  { role: 'Người tiếp nhận hồ sơ', name: form.officer },
])}`;
  return renderDocument({
    formNumber: '03',
    title: REFUSAL_TITLE,
    size: 'A5',
    header,
    numberLine: 'Số: ……/TCHS',
    dateIso: form.at,
    body,
  });
}

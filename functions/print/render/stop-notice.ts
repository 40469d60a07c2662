import type { StopNoticeForm } from '#domain/forms-2025';
import { vnDateTimeWords } from './format';
import { html } from './html';
import { type FormLabel, field, type PageHeader, renderDocument, signatures } from './layout';

export const STOP_NOTICE_TITLE = 'Thông báo về việc dừng giải quyết hồ sơ';

/**
 * Mẫu số 05 of TT 03/2025 (new): the one-stop tells the applicant that processing of the dossier
 * is stopped, at their request or by the agency. The title is verified; the wording and the
 * number line are not (the regime entry lists them as unconfirmed).
 */
export function renderStopNotice(
  form: StopNoticeForm,
  header: PageHeader,
  label: FormLabel = { number: '05', title: STOP_NOTICE_TITLE },
): string {
  const why = form.onApplicantRequest
    ? html`<p>Ông/bà đã đề nghị dừng giải quyết hồ sơ lúc <span class="field-value" data-field="stoppedAt">${vnDateTimeWords(form.at)}</span> khi hồ sơ chưa có kết quả giải quyết. ${form.receivingUnit} thông báo dừng giải quyết hồ sơ nêu trên.</p>`
    : html`<p>${form.receivingUnit} thông báo dừng giải quyết hồ sơ nêu trên kể từ <span class="field-value" data-field="stoppedAt">${vnDateTimeWords(form.at)}</span>.</p>`;
  const body = html`
<p style="text-align:center">Kính gửi: <span class="field-value">${form.applicantName}</span></p>
${field('Địa chỉ', form.applicantAddress)}
${field('Mã hồ sơ', form.dossierCode)}
${field('Nội dung yêu cầu giải quyết', form.requestContent)}
${field('Thời gian nộp hồ sơ', vnDateTimeWords(form.submittedAt))}
${form.receivedAt ? field('Thời gian tiếp nhận hồ sơ', vnDateTimeWords(form.receivedAt)) : null}
${why}
${field('Lý do', form.reason ?? (form.onApplicantRequest ? 'Theo đề nghị của người nộp hồ sơ' : undefined))}
<p>Giấy tờ bản chính (nếu có) được trả lại cho ông/bà tại ${form.receivingUnit}.</p>
<p>Xin thông báo để ông/bà được biết./.</p>
${signatures([
  { role: '', hint: '' },
  { role: 'Người tiếp nhận hồ sơ', name: form.officer },
])}`;
  return renderDocument({
    formNumber: label.number,
    title: label.title,
    size: 'A5',
    header,
    numberLine: 'Số: ……/TB',
    dateIso: form.at,
    body,
  });
}

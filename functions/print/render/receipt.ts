import type { ReceiptForm } from '#domain/forms';
import { twoDigits, vnDateTimeWords } from './format';
import { html } from './html';
import { type FormLabel, field, ONE_STOP_OFFICE, type PageHeader, renderDocument, signatures } from './layout';
import { qrSvg } from './qr';

export const RECEIPT_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

/** Issue 11: how each component was digitised at intake (TT 01/2023 art. 8), under the documents. */
function digitised(form: ReceiptForm) {
  const components = form.digitisation?.components ?? [];
  if (components.length === 0) return '';
  return html`<p class="note" data-field="digitisation">Số hóa thành phần hồ sơ: ${components.map(
    (component, index) => html`${index > 0 ? '; ' : ''}${component.name}: ${component.label}`,
  )}.</p>`;
}

/** Mẫu số 01: the appointment slip, with the dossier code in text and as a QR code. */
export function renderReceipt(form: ReceiptForm, header: PageHeader, label: FormLabel = { number: '01', title: RECEIPT_TITLE }): string {
  const documents = form.documents.length
    ? form.documents.map(
        (document, index) =>
          html`<tr><td class="num">${index + 1}</td><td>${document.name}</td><td class="num">${twoDigits(document.copies)}</td></tr>`,
      )
    : html`<tr><td colspan="3" class="empty">Không có giấy tờ</td></tr>`;
  const body = html`
<p class="code">Mã hồ sơ: <span data-field="dossierCode">${form.dossierCode}</span>${
    form.lookupSecret ? html` &nbsp; Mã tra cứu: <span data-field="lookupSecret">${form.lookupSecret}</span>` : ''
  }</p>
<figure class="qr-figure">${qrSvg(form.dossierCode, { label: `Mã QR của mã hồ sơ ${form.dossierCode}`, sizeMm: 21 })}<figcaption>Mã hồ sơ (QR)</figcaption></figure>${
    form.ratingLink
      ? html`<figure class="qr-figure" data-field="ratingLink">${qrSvg(form.ratingLink, { label: 'Mã QR đánh giá mức độ hài lòng', sizeMm: 21 })}<figcaption>Đánh giá sự hài lòng</figcaption></figure>`
      : ''
  }
${field(`${ONE_STOP_OFFICE}`, form.receivingUnit)}
${field('Tiếp nhận hồ sơ của', form.applicantName)}
${field('Địa chỉ', form.applicantAddress)}
<p>Số điện thoại: ${form.applicantPhone ? html`<span class="field-value">${form.applicantPhone}</span>` : html`<span class="dotted"></span>`}
&nbsp; Email: ${form.applicantEmail ? html`<span class="field-value">${form.applicantEmail}</span>` : html`<span class="dotted"></span>`}</p>
${field('Nội dung yêu cầu giải quyết', form.requestContent)}
<p>1. Thành phần hồ sơ nộp gồm:</p>
<table class="grid">
<thead><tr><th style="width:9%">STT</th><th>Tên giấy tờ</th><th style="width:18%">Số lượng (bản)</th></tr></thead>
<tbody>${documents}</tbody>
</table>
${digitised(form)}
<p>2. Số lượng hồ sơ: <b>01</b> (bộ)</p>
<p>3. Thời gian giải quyết hồ sơ theo quy định là: <b>${form.statutoryDuration}</b></p>
<p>4. Thời gian nhận hồ sơ: <b>${vnDateTimeWords(form.receivedAt)}</b></p>
<p>5. Thời gian trả kết quả giải quyết hồ sơ: <b>${vnDateTimeWords(form.dueAt)}</b></p>
<p>6. Đăng ký nhận kết quả tại: <b>${form.receivingUnit}</b></p>
<p class="note">Vào Sổ theo dõi hồ sơ, Quyển số: …… Số thứ tự: ……</p>
${signatures([{ role: 'Người nộp hồ sơ', name: form.applicantName }, { role: 'Người tiếp nhận hồ sơ' }])}`;
  return renderDocument({
    formNumber: label.number,
    title: label.title,
    size: 'A5',
    header,
    numberLine: 'Số: ……/TNHS',
    dateIso: form.receivedAt,
    body,
  });
}

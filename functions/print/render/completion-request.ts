import type { CompletionRequestForm } from '#domain/forms';
import { copyTypeLabel, twoDigits } from './format';
import { html } from './html';
import { field, type PageHeader, renderDocument, signatures } from './layout';

export const COMPLETION_REQUEST_TITLE = 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ';

/** Mẫu số 02: the one-time written guidance, listing each item to add or correct. */
export function renderCompletionRequest(form: CompletionRequestForm, header: PageHeader): string {
  const items = form.items.length
    ? form.items.map(
        (item, index) => html`<tr>
<td class="num">${index + 1}</td><td>${item.name}</td><td>${copyTypeLabel(item.copyType)}</td><td class="num">${twoDigits(item.copies)}</td><td>${item.note ?? ''}</td>
</tr>`,
      )
    : html`<tr><td colspan="5" class="empty">Không có</td></tr>`;
  const body = html`
${form.afterReception ? html`<p class="note" style="text-align:center">(Yêu cầu bổ sung trong quá trình giải quyết hồ sơ)</p>` : null}
${field('Hồ sơ của', form.applicantName)}
${field('Nội dung yêu cầu giải quyết', form.requestContent)}
${field('Địa chỉ', form.applicantAddress)}
${field('Số điện thoại', form.applicantPhone)}
<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>
<table class="grid">
<thead><tr><th style="width:8%">STT</th><th>Tên giấy tờ</th><th style="width:22%">Loại bản</th><th style="width:11%">Số lượng</th><th style="width:24%">Nội dung cần bổ sung, hoàn thiện</th></tr></thead>
<tbody>${items}</tbody>
</table>
${field('Lý do', form.reason)}
<p>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với người hướng dẫn dưới đây hoặc ${form.receivingUnit} để được hướng dẫn.</p>
<p>Người hướng dẫn: <span class="field-value">${form.guidingOfficer}</span></p>
${signatures([
  { role: 'Người nộp hồ sơ', name: form.applicantName },
  { role: 'Người hướng dẫn', name: form.guidingOfficer },
])}`;
  return renderDocument({
    formNumber: '02',
    title: COMPLETION_REQUEST_TITLE,
    size: 'A5',
    header,
    numberLine: 'Số: ……/HDHS',
    dateIso: form.at,
    body,
  });
}

import type { ControlSlipCurrentStep, ControlSlipForm, ControlSlipRow } from '#domain/forms';
import { noteLabel, vnDateTimeWords } from './format';
import { html } from './html';
import { type FormLabel, field, type PageHeader, renderDocument } from './layout';

export const CONTROL_SLIP_TITLE = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';

/** The receiver of the last step is the applicant: the result is returned to them. */
const TO_APPLICANT = 'Trả kết quả cho tổ chức, cá nhân';

function row(slipRow: ControlSlipRow, index: number) {
  return html`<tr data-verdict="${slipRow.verdict}">
<td class="num">${index + 1}</td>
<td><div>1. Giao: <b>${slipRow.fromAgency}</b></div><div>2. Nhận: <b>${slipRow.toAgency ?? TO_APPLICANT}</b></div></td>
<td>${vnDateTimeWords(slipRow.handedOverAt)}</td>
<td>${slipRow.receivedAt ? vnDateTimeWords(slipRow.receivedAt) : 'Chưa nhận'}</td>
<td>${slipRow.stepTask}</td>
<td>${slipRow.stepBudget}<div class="due">Hạn: ${vnDateTimeWords(slipRow.stepDueAt)}</div></td>
<td class="center"><b>${slipRow.verdictLabel}</b></td>
<td>${noteLabel(slipRow.note)}</td>
</tr>`;
}

/** An open dossier's step in progress: not handed over yet, so judged as of now (chưa đến hạn / quá hạn). */
function currentRow(step: ControlSlipCurrentStep, index: number) {
  return html`<tr data-verdict="${step.verdict}" class="current">
<td class="num">${index + 1}</td>
<td><div>Đang giải quyết tại: <b>${step.agency}</b></div></td>
<td>Chưa giao</td>
<td>${vnDateTimeWords(step.receivedAt)}</td>
<td>${step.stepTask}</td>
<td>${step.stepBudget}<div class="due">Hạn: ${vnDateTimeWords(step.stepDueAt)}</div></td>
<td class="center"><b>${step.verdictLabel}</b></td>
<td></td>
</tr>`;
}

/**
 * Mẫu số 05: every handover of the dossier, who gave it, who received it and when, and how the
 * giving step went against its budget (Trước hạn / Đúng hạn / Quá hạn). The signatures of giver
 * and receiver are collected on paper, in the agency column.
 */
export function renderControlSlip(
  form: ControlSlipForm,
  header: PageHeader,
  label: FormLabel = { number: '05', title: CONTROL_SLIP_TITLE },
): string {
  const handovers = form.rows.map(row);
  const current = form.currentStep ? [currentRow(form.currentStep, form.rows.length)] : [];
  const rows =
    handovers.length || current.length
      ? [...handovers, ...current]
      : html`<tr><td colspan="8" class="empty">Chưa có lần giao nhận nào</td></tr>`;
  const body = html`
<p style="text-align:center">Mã hồ sơ: <b data-field="dossierCode">${form.dossierCode}</b></p>
<p style="text-align:center" class="note">(Kèm theo hồ sơ của: <b>${form.applicantName}</b>)</p>
${field('Cơ quan (bộ phận) giải quyết hồ sơ', form.leadAgency)}
${field('Cơ quan phối hợp giải quyết hồ sơ', form.coordinatingAgencies.join('; ') || 'Không')}
<table class="grid slip">
<thead><tr>
<th style="width:4%">STT</th>
<th style="width:19%">Tên cơ quan giao, nhận hồ sơ</th>
<th style="width:13%">Thời gian giao hồ sơ</th>
<th style="width:13%">Thời gian nhận hồ sơ</th>
<th>Nhiệm vụ</th>
<th style="width:14%">Thời hạn của bước</th>
<th style="width:10%">Kết quả (Trước hạn / Đúng hạn / Quá hạn)</th>
<th style="width:11%">Ghi chú</th>
</tr></thead>
<tbody>${rows}</tbody>
</table>
${form.digitisation ? html`<p class="note" data-field="digitisation">${form.digitisation.summary} (${form.digitisation.components.map((component, index) => html`${index > 0 ? '; ' : ''}${component.name}: ${component.label}`)}).</p>` : ''}
<p class="note">Người giao và người nhận hồ sơ ký, ghi rõ họ tên tại cột "Tên cơ quan giao, nhận hồ sơ" của từng lần giao nhận.</p>`;
  return renderDocument({
    formNumber: label.number,
    title: label.title,
    // Eight columns do not fit across A5 portrait: the slip is A5 turned sideways.
    size: 'A5-landscape',
    header,
    body,
  });
}

import type { II06aRow, Period } from '#domain/quality';
import { html } from './html';
import { type PageHeader, renderDocument } from './layout';

export const II06A_TITLE = 'Tình hình, kết quả giải quyết thủ tục hành chính';

const cells = (row: II06aRow) => [
  row.receivedTotal,
  row.receivedOnline,
  row.receivedDirect,
  row.carriedOver,
  row.resolvedTotal,
  row.resolvedEarly,
  row.resolvedOnTime,
  row.resolvedLate,
  row.inProcessTotal,
  row.inProcessOnTime,
  row.inProcessOverdue,
];

const dmy = (iso: string) => iso.split('-').reverse().join('/');

/**
 * Biểu số II.06a/VPCP/KSTT as a printable A4-landscape page: the two-row header of the template
 * [P], then a row per level (bold, with its sum) and per field, and the total.
 */
export function renderII06a(report: { period: Period; rows: readonly II06aRow[]; agencyName: string }, header: PageHeader): string {
  const body = html`
<table class="grid register ii06a">
<thead>
<tr>
<th rowspan="3" style="width:4%">STT</th>
<th rowspan="3">Lĩnh vực giải quyết</th>
<th colspan="4">Số hồ sơ nhận giải quyết</th>
<th colspan="4">Kết quả giải quyết: số hồ sơ đã giải quyết</th>
<th colspan="3">Số hồ sơ đang giải quyết</th>
</tr>
<tr>
<th rowspan="2">Tổng số</th><th colspan="2">Trong kỳ</th><th rowspan="2">Từ kỳ trước chuyển qua</th>
<th rowspan="2">Tổng số</th><th rowspan="2">Trước hạn</th><th rowspan="2">Đúng hạn</th><th rowspan="2">Quá hạn</th>
<th rowspan="2">Tổng số</th><th rowspan="2">Chưa đến hạn</th><th rowspan="2">Quá hạn</th>
</tr>
<tr><th>Trực tuyến</th><th>Trực tiếp, dịch vụ bưu chính</th></tr>
<tr>${Array.from({ length: 13 }, (_, i) => html`<th class="center">(${i + 1})</th>`)}</tr>
</thead>
<tbody>${report.rows.map(
    (row) =>
      html`<tr class="${row.kind === 'FIELD' ? 'field' : 'sum'}" data-row-kind="${row.kind}"><td class="center">${row.row}</td><td>${row.kind === 'FIELD' ? row.field : html`<strong>${row.field}</strong>`}</td>${cells(row).map((n) => html`<td class="num">${n}</td>`)}</tr>`,
  )}</tbody>
</table>
<p class="note">Trực tiếp gồm cả dịch vụ bưu chính công ích. Đã giải quyết đúng hạn gồm cả hồ sơ rút, dừng đúng hạn; hồ sơ chờ bổ sung được tính đang giải quyết, đúng hạn khi yêu cầu bổ sung trước hạn (Quyết định 766, cách tính của Cổng DVCQG).</p>`;
  return renderDocument({
    formNumber: 'II.06a/VPCP/KSTT',
    title: II06A_TITLE,
    size: 'A4-landscape',
    header,
    dateIso: null,
    subtitle: html`<div>${report.agencyName} · ${report.period.label}</div><div>Số liệu tính từ ngày ${dmy(report.period.from)} đến ngày ${dmy(report.period.to)}</div><div><em>Đơn vị tính: số hồ sơ</em></div>`,
    body,
  });
}

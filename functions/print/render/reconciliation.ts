import type { ReconciliationReport } from '#domain/online/reconcile';
import { vnShortDateTime } from './format';
import { html } from './html';
import { type PageHeader, renderDocument } from './layout';

export const RECONCILIATION_TITLE = 'Báo cáo đối soát hồ sơ với Cổng Dịch vụ công quốc gia';

const isoDay = (date: string) => date.split('-').reverse().join('/');

/**
 * The reconciliation of one agency's day with the national portal, A4: the counts, then each
 * dossier to act on (missing at the portal, in another state there, unknown here). Not a legal
 * form: no form number.
 */
export function renderReconciliation(report: ReconciliationReport, header: PageHeader): string {
  const { counts } = report;
  const clean = counts.missing + counts.mismatched + counts.unknown === 0;
  const rows = [
    ...report.missing.map(
      (entry) =>
        html`<tr><td>${entry.code}</td><td>Chưa có trên Cổng</td><td class="center">${entry.version} / ${entry.portalStatus}</td><td class="center">—</td></tr>`,
    ),
    ...report.mismatched.map(
      (entry) =>
        html`<tr><td>${entry.code}</td><td>Trạng thái khác nhau</td><td class="center">${entry.ourVersion} / ${entry.ourStatus}</td><td class="center">${entry.portalVersion} / ${entry.portalStatus}</td></tr>`,
    ),
    ...report.unknown.map(
      (entry) =>
        html`<tr><td>${entry.code}</td><td>Không có tại tỉnh</td><td class="center">—</td><td class="center">${entry.version} / ${entry.portalStatus}</td></tr>`,
    ),
  ];
  const body = html`
<table class="grid">
<tbody>
<tr><th>Hồ sơ tiếp nhận tại đơn vị</th><td class="num">${counts.province}</td><th>Hồ sơ trên Cổng</th><td class="num">${counts.portal}</td></tr>
<tr><th>Khớp</th><td class="num">${counts.matching}</td><th>Chưa được Cổng xác nhận phiên bản mới nhất</th><td class="num">${counts.unacknowledged}</td></tr>
<tr><th>Thiếu trên Cổng</th><td class="num">${counts.missing}</td><th>Lệch trạng thái</th><td class="num">${counts.mismatched}</td></tr>
<tr><th>Có trên Cổng, không có tại tỉnh</th><td class="num">${counts.unknown}</td><th>Thời điểm đối soát</th><td>${vnShortDateTime(report.ranAt)}</td></tr>
</tbody>
</table>
${
  clean
    ? html`<p class="note">Số liệu của đơn vị và của Cổng khớp nhau.</p>`
    : html`<table class="grid">
<thead><tr><th>Mã hồ sơ</th><th>Chênh lệch</th><th>Tại tỉnh (phiên bản / trạng thái)</th><th>Trên Cổng (phiên bản / trạng thái)</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<p class="note">Đồng bộ lại một hồ sơ hoặc cả ngày: resyncDossierToPortal, resyncDayToPortal.</p>`
}`;
  return renderDocument({
    title: RECONCILIATION_TITLE,
    size: 'A4-landscape',
    header,
    subtitle: html`Ngày tiếp nhận <b>${isoDay(report.day)}</b>, đơn vị <b>${report.agencyCode}</b>`,
    body,
  });
}

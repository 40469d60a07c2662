import type { DashboardData } from '../dashboard-data';
import { html, trusted } from './html';

/** The dashboard's CSP: nothing from elsewhere; only the two scripts carrying this response's nonce run. */
export const dashboardCsp = (nonce: string) =>
  `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f9; color: #1d2733; }
header { background: #1f4e8c; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; opacity: .9; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; padding: 16px 24px; }
section { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
section h2 { font-size: 15px; margin: 0 0 8px; }
.kpis { display: flex; gap: 16px; flex-wrap: wrap; }
.kpi { min-width: 120px; }
.kpi .value { font-size: 26px; font-weight: 700; }
.kpi .label { font-size: 12px; color: #5a6775; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid #e3e7ec; padding: 4px 6px; text-align: left; }
td.num, th.num { text-align: right; }
.portal { color: #7a5c00; font-style: italic; }
.muted { color: #5a6775; font-size: 12px; }
`;

const dmy = (iso?: string) =>
  iso ? new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('/') : '';

/** The page: figures as text (tables read without the charts), charts drawn by chart.js from the JSON block. */
export function renderDashboard(data: DashboardData, scripts: { chart: string; dashboard: string }, nonce: string): string {
  // JSON inside <script>: "<" escaped so no text can close the element.
  const json = JSON.stringify(data).replaceAll('<', '\\u003c');
  const page = html`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chỉ số phục vụ người dân, doanh nghiệp - ${data.scopeName}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<header><h1>Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)</h1>
<p>${data.scopeName} · ${data.period.label} (${dmy(`${data.period.from}T00:00:00+07:00`)} – ${dmy(`${data.period.to}T00:00:00+07:00`)})</p></header>
<main>
<section id="index">
<h2>Chỉ số tổng hợp</h2>
<div class="kpis">
<div class="kpi"><div class="value" data-figure="points">${data.points.toFixed(2)}</div><div class="label">điểm / ${data.computedMax} điểm tính được tại tỉnh</div></div>
<div class="kpi"><div class="value" data-figure="on-time">${data.onTime}</div><div class="label">Tỷ lệ trước hạn, đúng hạn</div></div>
<div class="kpi"><div class="value" data-figure="satisfaction">${data.satisfaction.display}</div><div class="label">Hài lòng (${data.satisfaction.ratings} đánh giá)</div></div>
<div class="kpi"><div class="value" data-figure="overdue">${data.figures.inProcessOverdue}</div><div class="label">Đang giải quyết quá hạn</div></div>
</div>
<table><thead><tr><th>Nhóm chỉ số</th><th class="num">Điểm</th><th class="num">Tính được</th><th class="num">Tối đa</th></tr></thead>
<tbody>${data.groups.map(
    (group) =>
      html`<tr data-group="${group.code}"><td>${group.code}. ${group.name}${group.portalOnly ? html` <span class="portal">(${group.portalOnly} điểm do Cổng DVCQG tính)</span>` : null}</td><td class="num">${group.points.toFixed(2)}</td><td class="num">${group.computedMax}</td><td class="num">${group.max}</td></tr>`,
  )}</tbody></table>
</section>
<section><h2>Chỉ số theo kỳ, ${data.year}</h2><canvas id="chart-trend" width="560" height="260"></canvas></section>
<section id="agencies"><h2>Tỷ lệ trước hạn, đúng hạn theo cơ quan</h2><canvas id="chart-on-time" width="560" height="${Math.max(120, 40 + 28 * data.agencies.length)}"></canvas>
<table><thead><tr><th>Cơ quan</th><th class="num">Tiếp nhận</th><th class="num">Trễ hạn</th><th class="num">Quá hạn đang xử lý</th><th class="num">Đúng hạn</th><th class="num">Điểm</th></tr></thead>
<tbody>${data.agencies.map(
    (agency) =>
      html`<tr data-agency="${agency.code}"><td>${agency.name}</td><td class="num">${agency.received}</td><td class="num">${agency.resolvedLate}</td><td class="num">${agency.inProcessOverdue}</td><td class="num">${agency.onTimeDisplay}</td><td class="num">${agency.points.toFixed(2)}</td></tr>`,
  )}</tbody></table></section>
<section id="satisfaction"><h2>Mức độ hài lòng</h2><canvas id="chart-satisfaction" width="300" height="220"></canvas>
<p class="muted">Rất hài lòng ${data.satisfaction.levels[0]} · Hài lòng ${data.satisfaction.levels[1]} · Không hài lòng ${data.satisfaction.levels[2]}. Điểm nhóm 5 do Cổng DVCQG tính.</p></section>
<section id="overdue"><h2>Hồ sơ đang giải quyết quá hạn (${data.overdue.length})</h2>
<table><thead><tr><th>Hồ sơ</th><th>Cơ quan</th><th>Thủ tục</th><th>Hẹn trả</th></tr></thead>
<tbody>${data.overdue.map((d) => html`<tr><td>${d.dossierId}</td><td>${d.agency}</td><td>${d.procedure}</td><td>${dmy(d.dueAt)}</td></tr>`)}</tbody></table></section>
<section id="late"><h2>Hồ sơ giải quyết quá hạn và văn bản xin lỗi (${data.late.length})</h2>
<table><thead><tr><th>Hồ sơ</th><th>Cơ quan</th><th>Hẹn trả</th><th>Hoàn thành</th><th>Xin lỗi</th></tr></thead>
<tbody>${data.late.map((d) => html`<tr><td>${d.dossierId}</td><td>${d.agency}</td><td>${dmy(d.dueAt)}</td><td>${dmy(d.closedAt)}</td><td>${d.lastApology ? `${dmy(d.lastApology.at)} (hẹn lại ${dmy(d.lastApology.revisedDueAt)})` : 'Chưa có'}</td></tr>`)}</tbody></table></section>
<section id="pakn"><h2>Phản ánh, kiến nghị (PAKN)</h2>
${
  data.pakn
    ? html`<div class="kpis"><div class="kpi"><div class="value">${data.pakn.backlog}</div><div class="label">Đang xử lý</div></div><div class="kpi"><div class="value">${data.pakn.overdueCount}</div><div class="label">Quá hạn</div></div><div class="kpi"><div class="value">${data.pakn.nearlyDueCount}</div><div class="label">Sắp đến hạn</div></div></div>
<table><tbody>${data.pakn.overdue.map((item) => html`<tr><td>${item.label}</td><td>${dmy(item.dueAt)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Chưa kết nối dữ liệu PAKN.</p>`
}
</section>
</main>
<script type="application/json" id="dashboard-data">${trusted(json)}</script>
<script nonce="${nonce}">${trusted(scripts.chart)}</script>
<script nonce="${nonce}">${trusted(scripts.dashboard)}</script>
</body>
</html>
`;
  return page.value;
}

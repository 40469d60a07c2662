import { VOID_REASON_TEXT, type VoidNumber } from '#domain/codes/number-register';
import type { TrackingBookRow } from '#domain/forms';
import { statusLabel, twoDigits, vnShortDate, vnShortDateTime } from './format';
import { html } from './html';
import { type FormLabel, type PageHeader, renderDocument } from './layout';

export const TRACKING_BOOK_TITLE = 'Sổ theo dõi hồ sơ';

export interface TrackingBookPage {
  /** The Vietnamese calendar days the page covers, both included (`YYYY-MM-DD`). */
  fromDate: string;
  toDate: string;
  rows: readonly TrackingBookRow[];
  /** True when more dossiers were received in the period than the page lists. */
  truncated?: boolean;
  /** Numbers of the day's sequence given to no dossier, with the reason (issue 14): every gap in the codes is here. */
  voids?: readonly VoidNumber[];
}

/** `261203` → `03/12/2026`. */
const yymmddDay = (day: string) => `${day.slice(4, 6)}/${day.slice(2, 4)}/20${day.slice(0, 2)}`;

/** The numbers given to no dossier: a gap in the day's codes is never unexplained. */
function voidTable(voids: readonly VoidNumber[]) {
  if (voids.length === 0) return null;
  return html`
<p class="note"><b>Số thứ tự trong ngày đã cấp nhưng không sử dụng</b> (không gắn với hồ sơ nào; mã hồ sơ bỏ trống số này):</p>
<table class="grid register-voids">
<thead><tr><th style="width:3%">STT</th><th style="width:10%">Ngày</th><th style="width:8%">Số thứ tự</th><th>Lý do</th><th style="width:14%">Ghi nhận lúc</th></tr></thead>
<tbody>${voids.map(
    (entry, index) => html`<tr data-void="${entry.day}-${String(entry.number)}">
<td class="num">${index + 1}</td>
<td class="center">${yymmddDay(entry.day)}</td>
<td class="center">${String(entry.number).padStart(4, '0')}</td>
<td>${VOID_REASON_TEXT[entry.reason]}${entry.detail ? html` (${entry.detail})` : null}</td>
<td class="center">${vnShortDateTime(entry.at)}</td>
</tr>`,
  )}</tbody>
</table>`;
}

function isoDay(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

function row(entry: TrackingBookRow, index: number) {
  return html`<tr>
<td class="num">${index + 1}</td>
<td>${entry.dossierCode}</td>
<td>${entry.procedureName}</td>
<td class="num">${twoDigits(entry.sets)}</td>
<td>${entry.applicantName}</td>
<td>${entry.applicantAddress}${entry.applicantPhone ? html`<div>ĐT: ${entry.applicantPhone}</div>` : null}</td>
<td>${entry.leadAgency}</td>
<td class="center">${vnShortDateTime(entry.receivedAt)}</td>
<td class="center">${vnShortDateTime(entry.dueAt)}</td>
<td class="center">${vnShortDate(entry.transferredAt)}</td>
<td class="center">${vnShortDate(entry.resultReceivedAt)}</td>
<td class="center">${vnShortDate(entry.returnedAt)}</td>
<td></td>
<td>${statusLabel(entry.status)}${entry.digitisation ? html`<div data-field="digitisation">${entry.digitisation}</div>` : null}</td>
</tr>`;
}

/**
 * Mẫu số 06: the one-stop's register of the dossiers it received in a period, A4 landscape. The
 * column list follows domain.md §i item 5 ([U]); the signature column is left for ink.
 */
export function renderTrackingBook(
  page: TrackingBookPage,
  header: PageHeader,
  label: FormLabel = { number: '06', title: TRACKING_BOOK_TITLE },
): string {
  const rows = page.rows.length
    ? page.rows.map(row)
    : html`<tr><td colspan="14" class="empty">Không có hồ sơ nào được tiếp nhận trong kỳ này</td></tr>`;
  const body = html`
<table class="grid register">
<thead>
<tr>
<th rowspan="2" style="width:3%">STT</th>
<th rowspan="2" style="width:9%">Mã hồ sơ</th>
<th rowspan="2">Tên thủ tục hành chính</th>
<th rowspan="2" style="width:4%">Số lượng hồ sơ (bộ)</th>
<th rowspan="2" style="width:9%">Tên cá nhân, tổ chức</th>
<th rowspan="2" style="width:10%">Địa chỉ, số điện thoại</th>
<th rowspan="2" style="width:8%">Cơ quan chủ trì giải quyết</th>
<th colspan="5">Ngày, tháng, năm</th>
<th rowspan="2" style="width:5%">Ký nhận</th>
<th rowspan="2" style="width:7%">Ghi chú</th>
</tr>
<tr>
<th style="width:6%">Nhận hồ sơ</th>
<th style="width:6%">Hẹn trả kết quả</th>
<th style="width:5.5%">Chuyển hồ sơ đến cơ quan giải quyết</th>
<th style="width:5.5%">Nhận kết quả từ cơ quan giải quyết</th>
<th style="width:5.5%">Trả kết quả cho cá nhân, tổ chức</th>
</tr>
</thead>
<tbody>${rows}</tbody>
</table>
${page.truncated ? html`<p class="note">Kỳ này có nhiều hồ sơ hơn số dòng in được; hãy in theo kỳ ngắn hơn để có đủ.</p>` : null}
${voidTable(page.voids ?? [])}`;
  return renderDocument({
    formNumber: label.number,
    title: label.title,
    size: 'A4-landscape',
    header,
    subtitle: html`Từ ngày <b>${isoDay(page.fromDate)}</b> đến ngày <b>${isoDay(page.toDate)}</b>`,
    body,
  });
}

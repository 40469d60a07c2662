import { toVnIso } from '#domain/calendar/vn-time';
import type { CopyType } from '#domain/catalog';
import { DOSSIER_STATUSES, type DossierStatus } from '#domain/dossier';

/**
 * How printed forms write times: on the wall clock of Hà Nội (Asia/Ho_Chi_Minh, UTC+7 all year),
 * in the words the TT 01/2018 templates use ("… giờ … phút, ngày … tháng … năm …"). A missing
 * or unreadable time prints the template's dots, as a blank paper form would.
 */

const DOTS = '…';

interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function wallClock(iso: string | null | undefined): WallClock | undefined {
  if (!iso) return undefined;
  const instant = new Date(iso);
  if (!Number.isFinite(instant.getTime())) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(toVnIso(instant));
  if (!match) return undefined;
  const [, year = '', month = '', day = '', hour = '', minute = ''] = match;
  return { year, month, day, hour, minute };
}

/** "08 giờ 30 phút, ngày 05 tháng 03 năm 2026". */
export function vnDateTimeWords(iso: string | null | undefined): string {
  const t = wallClock(iso);
  if (!t) return `${DOTS} giờ ${DOTS} phút, ngày ${DOTS} tháng ${DOTS} năm ${DOTS}`;
  return `${t.hour} giờ ${t.minute} phút, ${vnDateWords(iso)}`;
}

/** "ngày 05 tháng 03 năm 2026". */
export function vnDateWords(iso: string | null | undefined): string {
  const t = wallClock(iso);
  if (!t) return `ngày ${DOTS} tháng ${DOTS} năm ${DOTS}`;
  return `ngày ${t.day} tháng ${t.month} năm ${t.year}`;
}

/** "05/03/2026 08:30", for table cells where the words do not fit. */
export function vnShortDateTime(iso: string | null | undefined): string {
  const t = wallClock(iso);
  return t ? `${t.day}/${t.month}/${t.year} ${t.hour}:${t.minute}` : '';
}

/** "05/03/2026". */
export function vnShortDate(iso: string | null | undefined): string {
  const t = wallClock(iso);
  return t ? `${t.day}/${t.month}/${t.year}` : '';
}

/** "01", "02" … as counts are written on the forms. */
export const twoDigits = (n: number): string => String(n).padStart(2, '0');

export const COPY_TYPE_LABELS: Readonly<Record<CopyType, string>> = {
  ORIGINAL: 'Bản chính',
  CERTIFIED_COPY: 'Bản sao có chứng thực',
  PHOTOCOPY: 'Bản chụp',
  ORIGINAL_OR_CERTIFIED_COPY: 'Bản chính hoặc bản sao có chứng thực',
};

export function copyTypeLabel(copyType: string): string {
  return (COPY_TYPE_LABELS as Record<string, string>)[copyType] ?? copyType;
}

const DELIVERY_MODE_LABELS: Readonly<Record<string, string>> = {
  COUNTER: 'Trả trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả',
  POST: 'Trả qua dịch vụ bưu chính công ích',
  ELECTRONIC: 'Trả kết quả trực tuyến',
};

/** The control slip's note column: a delivery mode code reads as words, free text as itself. */
export function noteLabel(note: string | undefined): string {
  if (!note) return '';
  return DELIVERY_MODE_LABELS[note] ?? note;
}

export function statusLabel(status: DossierStatus): string {
  return DOSSIER_STATUSES[status]?.label ?? status;
}

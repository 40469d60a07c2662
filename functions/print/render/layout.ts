import { vnDateWords } from './format';
import { type HtmlValue, html, type SafeHtml, trusted } from './html';

/**
 * The page every printed form shares, after the TT 01/2018/TT-VPCP templates: the form number in
 * the top right corner; on the left the parent authority, the issuing unit and its number line;
 * on the right the national motto and the place and date; then the title and the body.
 *
 * On screen the sheet is drawn as a sheet of paper of its size; in print the `@page` rule sets the
 * paper and margins and the sheet fills it. Everything is inline (CSS, SVG): the document loads
 * nothing, so it prints offline and under `Content-Security-Policy: default-src 'none'`.
 */

export type SheetSize = 'A5' | 'A5-landscape' | 'A4-landscape';

export interface PageHeader {
  /** The parent authority, e.g. "UBND Xã Dương Phong" (printed in capitals). */
  authority: string;
  /** The issuing unit under it, e.g. "Bộ phận Tiếp nhận và Trả kết quả" (capitals, bold). */
  office?: string;
  /** The place for the date line, e.g. "Dương Phong". */
  place?: string;
}

export const ONE_STOP_OFFICE = 'Bộ phận Tiếp nhận và Trả kết quả';

/**
 * The number and title a form bears in the dossier's rule set (functions/domain/regimes): the
 * control slip is Mẫu số 05 under TT 01/2018 and Mẫu số 06 under TT 03/2025. Each renderer
 * defaults to its TT 01/2018 label.
 */
export interface FormLabel {
  number: string;
  title: string;
}

export interface PageSpec {
  /** "01" … "06"; absent on a report that is no legal form (the reconciliation with the portal). */
  formNumber?: string;
  /** The form's title (the document title and the heading). */
  title: string;
  size: SheetSize;
  header: PageHeader;
  /** The number line under the unit, e.g. "Số: ……/TNHS"; none when absent. */
  numberLine?: string;
  /** The date the form bears (the date line right of the header); none for the register. */
  dateIso?: string | null;
  /** Lines under the title (e.g. the register's period). */
  subtitle?: HtmlValue;
  body: HtmlValue;
}

/** Exposed for tests and the browser check: the sheet element has `sheet sheet-<class>`. */
export const SHEET_CLASS: Readonly<Record<SheetSize, string>> = {
  A5: 'sheet-a5',
  'A5-landscape': 'sheet-a5-landscape',
  'A4-landscape': 'sheet-a4-landscape',
};

const PAGE_RULES: Readonly<Record<SheetSize, string>> = {
  A5: '@page { size: A5; margin: 8mm 9mm 8mm 13mm; }',
  'A5-landscape': '@page { size: A5 landscape; margin: 8mm 10mm 8mm 12mm; }',
  'A4-landscape': '@page { size: A4 landscape; margin: 10mm; }',
};

const STYLE = `
html { background: #d9d9d9; }
body { margin: 0; color: #000; font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.3; }
.sheet { position: relative; box-sizing: border-box; background: #fff; margin: 8mm auto; box-shadow: 0 1px 5px rgba(0, 0, 0, .35); }
.sheet-a5 { width: 148mm; min-height: 210mm; padding: 8mm 9mm 8mm 13mm; }
.sheet-a5-landscape { width: 210mm; min-height: 148mm; padding: 8mm 10mm 8mm 12mm; }
.sheet-a4-landscape { width: 297mm; min-height: 210mm; padding: 10mm; font-size: 10pt; }
.form-number { text-align: right; font-size: 9pt; font-style: italic; margin: -3mm 0 0; }
.heading { display: flex; justify-content: space-between; gap: 3mm; margin-top: 1mm; text-align: center; }
.heading > div { flex: 1 1 50%; }
.heading .authority { font-size: 10pt; }
.heading .office { font-weight: bold; font-size: 10pt; }
.heading .nation { font-weight: bold; font-size: 10pt; white-space: nowrap; }
.heading .motto { font-weight: bold; font-size: 10.5pt; }
.heading .rule { width: 40%; margin: 1mm auto 1.5mm; border-top: 1px solid #000; }
.heading .motto + .rule { width: 62%; }
.heading .number { font-size: 10pt; }
.heading .date { font-style: italic; font-size: 10.5pt; }
h1 { margin: 4mm 0 1mm; text-align: center; font-size: 12.5pt; }
.subtitle { text-align: center; margin-bottom: 3mm; }
p { margin: 0.8mm 0; }
.field-value { font-weight: bold; }
.dotted { display: inline-block; min-width: 20mm; border-bottom: 1px dotted #000; }
table.grid { width: 100%; border-collapse: collapse; margin: 1.5mm 0 2mm; font-size: 9.5pt; }
table.grid th, table.grid td { border: 1px solid #000; padding: 1mm 1.3mm; vertical-align: top; text-align: left; }
table.grid th { text-align: center; vertical-align: middle; font-weight: bold; }
table.grid td.num, table.grid td.center { text-align: center; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; }
.signatures { display: flex; justify-content: space-between; gap: 6mm; margin-top: 3mm; text-align: center; break-inside: avoid; }
.signatures > div { flex: 1 1 0; }
.signatures .role { font-weight: bold; font-size: 10pt; }
.signatures .hint { font-style: italic; font-size: 9.5pt; }
.signatures .name { margin-top: 13mm; font-weight: bold; }
p.code { text-align: center; font-weight: bold; font-size: 11.5pt; margin: 0 0 2mm; }
.qr-figure { float: right; margin: 0 0 1mm 3mm; text-align: center; }
.qr-figure figcaption { font-size: 7pt; font-style: italic; }
svg.qr { display: block; }
.empty { text-align: center; font-style: italic; padding: 4mm 0; }
.note { font-size: 9.5pt; font-style: italic; }
.slip td, .slip th { font-size: 8.5pt; line-height: 1.25; }
.slip .due { font-size: 8pt; color: #222; }
.register th, .register td { font-size: 8.5pt; }
@media print {
  html { background: none; }
  .sheet { margin: 0; width: auto; min-height: 0; padding: 0; box-shadow: none; }
}
`;

/** The head's content security policy, the same as the handler's header: the page loads nothing. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Capitals as the templates print them, in the text itself (so copied or extracted text reads the same). */
const upper = (text: string): string => text.toLocaleUpperCase('vi');

export function renderDocument(spec: PageSpec): string {
  const { header } = spec;
  const date =
    spec.dateIso === undefined
      ? null
      : html`<div class="date">${header.place ? `${header.place}, ` : ''}${vnDateWords(spec.dateIso)}</div>`;
  const page = html`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spec.formNumber ? `Mẫu số ${spec.formNumber} - ` : ''}${spec.title}</title>
<style>${trusted(PAGE_RULES[spec.size])}${trusted(STYLE)}</style>
</head>
<body>
<main class="sheet ${SHEET_CLASS[spec.size]}" data-form="${spec.formNumber ?? 'report'}">
${spec.formNumber ? html`<div class="form-number">Mẫu số ${spec.formNumber}</div>` : null}
<header class="heading">
<div>
<div class="authority">${upper(header.authority)}</div>
${header.office ? html`<div class="office">${upper(header.office)}</div>` : null}
<div class="rule"></div>
${spec.numberLine ? html`<div class="number">${spec.numberLine}</div>` : null}
</div>
<div>
<div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
<div class="motto">Độc lập - Tự do - Hạnh phúc</div>
<div class="rule"></div>
${date}
</div>
</header>
<h1>${upper(spec.title)}</h1>
${spec.subtitle ? html`<div class="subtitle">${spec.subtitle}</div>` : null}
${spec.body}
</main>
</body>
</html>
`;
  return page.value;
}

export interface SignatureSpec {
  role: string;
  hint?: string;
  name?: string;
}

/** Signature blocks side by side: the role in capitals, the hint in italics, room to sign, the name. */
export function signatures(blocks: readonly SignatureSpec[]): SafeHtml {
  return html`<section class="signatures">${blocks.map(
    (block) =>
      html`<div><div class="role">${upper(block.role)}</div><div class="hint">${block.hint ?? '(Ký và ghi rõ họ tên)'}</div><div class="name">${block.name ?? ''}</div></div>`,
  )}</section>`;
}

/** A labelled line: "Label: value" with the value in bold, or the template's dots when empty. */
export function field(label: string, value: string | undefined | null): SafeHtml {
  return html`<p>${label}: ${value ? html`<span class="field-value">${value}</span>` : html`<span class="dotted"></span>`}</p>`;
}

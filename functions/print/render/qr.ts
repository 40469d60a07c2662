import QRCode from 'qrcode';
import { html, type SafeHtml, trusted } from './html';

/** The quiet zone the QR specification asks for around the symbol, in modules. */
const QUIET_ZONE = 4;

/**
 * A QR code as inline SVG (no image file, no script: it prints offline and passes a CSP of
 * `default-src 'none'`). `qrcode` encodes and masks; this draws each run of dark modules in a row
 * as one rectangle of a single path, on a white square that includes the quiet zone. The label
 * is the accessible text (`aria-label` and `<title>`), so a screen reader reads the code too.
 */
export function qrSvg(text: string, options: { label: string; sizeMm: number }): SafeHtml {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * QUIET_ZONE;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  return html`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${options.sizeMm}mm" height="${options.sizeMm}mm" role="img" aria-label="${options.label}" shape-rendering="crispEdges"><title>${options.label}</title><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${trusted(path)}"/></svg>`;
}

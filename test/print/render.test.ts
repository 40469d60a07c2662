import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderApology,
  renderCompletionRequest,
  renderControlSlip,
  renderReceipt,
  renderRefusal,
  renderTrackingBook,
} from '#print/render';
import { vnDateTimeWords, vnDateWords, vnShortDateTime } from '#print/render/format';
import { html, trusted } from '#print/render/html';
import { qrSvg } from '#print/render/qr';
import { apology, CODE, completionRequest, controlSlip, HEADER, receipt, refusal, trackingRows } from './fixtures';
import { decodeQrGrid, decodeQrSvg, gridFromSvg } from './qr-decode';

/** The document's text, roughly as a reader sees it: tags out, entities decoded, spaces folded. */
function text(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const NATIONAL_HEADER = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

describe('Vietnamese times (Asia/Ho_Chi_Minh, UTC+7)', () => {
  it('writes the wall clock of Hà Nội in the words of the templates', () => {
    expect(vnDateTimeWords('2026-03-05T01:30:00.000Z')).toBe('08 giờ 30 phút, ngày 05 tháng 03 năm 2026');
    // 17:30 UTC is already the next day in Vietnam.
    expect(vnDateTimeWords('2025-12-31T17:30:00Z')).toBe('00 giờ 30 phút, ngày 01 tháng 01 năm 2026');
    expect(vnDateWords('2026-04-02T10:00:00.000Z')).toBe('ngày 02 tháng 04 năm 2026');
    expect(vnShortDateTime('2026-04-02T10:00:00.000Z')).toBe('02/04/2026 17:00');
  });

  it('prints the blank template’s dots for a missing or unreadable time', () => {
    expect(vnDateTimeWords(undefined)).toBe('… giờ … phút, ngày … tháng … năm …');
    expect(vnDateWords('not a date')).toBe('ngày … tháng … năm …');
    expect(vnShortDateTime(null)).toBe('');
  });
});

describe('each form', () => {
  it('01 receipt: header, title, code, applicant, documents, duration, reception and appointment times', () => {
    const page = renderReceipt(receipt, HEADER);
    const words = text(page);
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 01',
      'UBND XÃ DƯƠNG PHONG',
      'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${CODE}`,
      'Tiếp nhận hồ sơ của: Hà Văn Nam',
      'Số điện thoại: 0987654321',
      'Email: ha.van.nam@example.vn',
      'Nội dung yêu cầu giải quyết: Giải quyết hưởng trợ cấp xã hội hằng tháng',
      '1 Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a) 01',
      '2 Giấy xác nhận khuyết tật (nếu có) 02',
      'Số lượng hồ sơ: 01 (bộ)',
      'Thời gian giải quyết hồ sơ theo quy định là: 20 ngày làm việc',
      'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 03 năm 2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 02 tháng 04 năm 2026',
      'Dương Phong, ngày 05 tháng 03 năm 2026',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) {
      expect(words).toContain(label);
    }
    expect(page).toMatch(/@page \{ size: A5;/);
    expect(page).toContain('class="sheet sheet-a5"');
  });

  it('01 receipt: a QR code that decodes to the dossier code, with the code in its accessible text', () => {
    const page = renderReceipt(receipt, HEADER);
    const svg = /<svg class="qr"[\s\S]*?<\/svg>/.exec(page)?.[0];
    expect(svg).toBeDefined();
    expect(svg).toContain(`aria-label="Mã QR của mã hồ sơ ${CODE}"`);
    expect(svg).toContain(`<title>Mã QR của mã hồ sơ ${CODE}</title>`);
    expect(svg).toMatch(/width="21mm" height="21mm"/);
    const decoded = decodeQrSvg(svg!);
    expect(decoded).toMatchObject({ text: CODE, errorCorrection: 'M' });
  });

  it('02 completion request: the items with their copy types, the reason and the guiding officer', () => {
    const words = text(renderCompletionRequest(completionRequest, HEADER));
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 02',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Số: ……/HDHS',
      'Hồ sơ của: Hà Văn Nam',
      'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:',
      '1 Giấy xác nhận khuyết tật (nếu có) Bản sao có chứng thực 01 Bản sao có chứng thực',
      '2 Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a) Bản chính 01',
      'Lý do: Thiếu giấy xác nhận khuyết tật',
      'Người hướng dẫn: tn-duongphong',
      'NGƯỜI HƯỚNG DẪN',
      'Dương Phong, ngày 04 tháng 03 năm 2026',
    ]) {
      expect(words).toContain(label);
    }
    expect(words).not.toContain('trong quá trình giải quyết');
    expect(text(renderCompletionRequest({ ...completionRequest, afterReception: true }, HEADER))).toContain(
      'Yêu cầu bổ sung trong quá trình giải quyết hồ sơ',
    );
  });

  it('03 refusal: the request, the reason and the officer', () => {
    const words = text(renderRefusal(refusal, HEADER));
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 03',
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'tiếp nhận hồ sơ của: Hà Văn Nam',
      'thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: Người nộp không bổ sung giấy tờ theo hướng dẫn',
      'tn-duongphong',
      'Dương Phong, ngày 04 tháng 03 năm 2026',
    ]) {
      expect(words).toContain(label);
    }
  });

  it('04 apology: both appointments, the reason, the apology and the signer', () => {
    const words = text(renderApology(apology, { authority: 'UBND Huyện Bạch Thông', place: 'Bạch Thông' }));
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 04',
      'UBND HUYỆN BẠCH THÔNG',
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      'Kính gửi: Hà Văn Nam',
      `Ngày 05 tháng 03 năm 2026, UBND Huyện Bạch Thông tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ: ${CODE}`,
      'Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 02 tháng 04 năm 2026',
      'Lý do: Chờ kết quả xác minh của cơ quan phối hợp',
      'Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà',
      'hẹn lại thời gian trả kết quả là: 17 giờ 00 phút, ngày 09 tháng 04 năm 2026',
      'THỦ TRƯỞNG CƠ QUAN',
      'tp-bachthong',
      'Bạch Thông, ngày 30 tháng 03 năm 2026',
    ]) {
      expect(words).toContain(label);
    }
  });

  it('05 control slip: one row per handover — agency, handover and receipt times, task, budget, verdict, note', () => {
    const page = renderControlSlip(controlSlip, HEADER);
    const words = text(page);
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 05',
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${CODE}`,
      '(Kèm theo hồ sơ của: Hà Văn Nam )',
      'Cơ quan (bộ phận) giải quyết hồ sơ: UBND Huyện Bạch Thông',
      'Cơ quan phối hợp giải quyết hồ sơ: UBND Tỉnh Bắc Kạn',
      'Tên cơ quan giao, nhận hồ sơ Thời gian giao hồ sơ Thời gian nhận hồ sơ Nhiệm vụ Thời hạn của bước Kết quả (Trước hạn / Đúng hạn / Quá hạn) Ghi chú',
      '1 1. Giao: UBND Xã Dương Phong 2. Nhận: UBND Huyện Bạch Thông 09 giờ 00 phút, ngày 06 tháng 03 năm 2026 09 giờ 20 phút, ngày 06 tháng 03 năm 2026 Tiếp nhận, kiểm tra hồ sơ, xác nhận và chuyển cấp huyện 05 ngày làm việc Hạn: 17 giờ 00 phút, ngày 12 tháng 03 năm 2026 Trước hạn Chuyển qua hệ thống',
      '2 1. Giao: UBND Huyện Bạch Thông 2. Nhận: UBND Xã Dương Phong 16 giờ 00 phút, ngày 31 tháng 03 năm 2026 Chưa nhận',
      'Quá hạn',
      '2. Nhận: Trả kết quả cho tổ chức, cá nhân',
      'Đúng hạn Trả trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả',
    ]) {
      expect(words).toContain(label);
    }
    expect(page.match(/<tr data-verdict=/g)).toHaveLength(3);
    expect(page).toMatch(/@page \{ size: A5 landscape;/);
    expect(text(renderControlSlip({ ...controlSlip, rows: [], coordinatingAgencies: [] }, HEADER))).toContain('Chưa có lần giao nhận nào');
  });

  it('05 control slip of an open dossier: the step in progress, "Chưa đến hạn" until it is due', () => {
    const currentStep = {
      agency: 'UBND Huyện Bạch Thông',
      receivedAt: '2026-03-06T02:20:00.000Z',
      stepTask: 'Thẩm định, quyết định trợ cấp',
      stepBudget: '10 ngày làm việc',
      stepDueAt: '2026-03-20T10:00:00.000Z',
      verdict: 'NOT_YET_DUE' as const,
      verdictLabel: 'Chưa đến hạn',
    };
    const page = renderControlSlip({ ...controlSlip, rows: controlSlip.rows.slice(0, 1), currentStep }, HEADER);
    expect(text(page)).toContain(
      '2 Đang giải quyết tại: UBND Huyện Bạch Thông Chưa giao 09 giờ 20 phút, ngày 06 tháng 03 năm 2026 Thẩm định, quyết định trợ cấp 10 ngày làm việc Hạn: 17 giờ 00 phút, ngày 20 tháng 03 năm 2026 Chưa đến hạn',
    );
    expect(page.match(/<tr data-verdict="NOT_YET_DUE" class="current">/g)).toHaveLength(1);
    expect(text(renderControlSlip({ ...controlSlip, rows: [], currentStep }, HEADER))).not.toContain('Chưa có lần giao nhận nào');
  });

  it('06 register: A4 landscape, the period, one row per dossier with its dates and status', () => {
    const page = renderTrackingBook({ fromDate: '2026-03-01', toDate: '2026-03-31', rows: trackingRows(3) }, HEADER);
    const words = text(page);
    for (const label of [
      ...NATIONAL_HEADER,
      'Mẫu số 06',
      'SỔ THEO DÕI HỒ SƠ',
      'Từ ngày 01/03/2026 đến ngày 31/03/2026',
      'Mã hồ sơ',
      'Cơ quan chủ trì giải quyết',
      'Ngày, tháng, năm',
      'Trả kết quả cho cá nhân, tổ chức',
      '1 06.063.02014-260305-0001 Chứng thực bản sao từ bản chính giấy tờ, văn bản 01 Lý Thị Hoa',
      '05/03/2026 08:30 02/04/2026 17:00',
      '06/03/2026 31/03/2026 01/04/2026 Đã trả kết quả',
      'Được tiếp nhận',
    ]) {
      expect(words).toContain(label);
    }
    expect(page).toMatch(/@page \{ size: A4 landscape;/);
    expect(page).toContain('class="sheet sheet-a4-landscape"');
    expect(text(renderTrackingBook({ fromDate: '2026-03-01', toDate: '2026-03-01', rows: [] }, HEADER))).toContain(
      'Không có hồ sơ nào được tiếp nhận trong kỳ này',
    );
    expect(text(renderTrackingBook({ fromDate: '2026-03-01', toDate: '2026-03-01', rows: [], truncated: true }, HEADER))).toContain(
      'hãy in theo kỳ ngắn hơn',
    );
  });

  it('loads nothing: no script, link, external URL or image file; the page carries its own CSP', () => {
    const pages = allPages('Hà Văn Nam');
    for (const page of pages) {
      expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      expect(page).not.toMatch(/(?:src|href)=/i);
      expect(page.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual(page.includes('<svg') ? ['http://www.w3.org/2000/svg'] : []);
      expect(page).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:`,
      );
      expect(page.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true);
    }
  });
});

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & 'Nam'`;

function allPages(name: string, other = name): string[] {
  const header = { authority: other, office: other, place: other };
  return [
    renderReceipt(
      {
        ...receipt,
        applicantName: name,
        applicantAddress: other,
        receivingUnit: other,
        requestContent: other,
        documents: [{ code: 'X', name: other, copies: 1 }],
        dossierCode: `${CODE}`,
      },
      header,
    ),
    renderCompletionRequest(
      {
        ...completionRequest,
        applicantName: name,
        reason: other,
        guidingOfficer: other,
        items: [{ ...completionRequest.items[0]!, name: other, note: other }],
      },
      header,
    ),
    renderRefusal({ ...refusal, applicantName: name, reason: other, officer: other }, header),
    renderApology({ ...apology, applicantName: name, reason: other, issuingAgency: other, signer: other }, header),
    renderControlSlip(
      {
        ...controlSlip,
        applicantName: name,
        leadAgency: other,
        rows: controlSlip.rows.map((row) => ({ ...row, fromAgency: other, stepTask: other, note: other })),
      },
      header,
    ),
    renderTrackingBook(
      {
        fromDate: '2026-03-01',
        toDate: '2026-03-31',
        rows: trackingRows(2).map((row) => ({ ...row, applicantName: name, applicantAddress: other, procedureName: other })),
      },
      header,
    ),
  ];
}

describe('escaping', () => {
  it('escapeHtml turns the five special characters into entities and leaves Vietnamese alone', () => {
    expect(escapeHtml(`<a href="x">Đặng & 'Ơ'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Đặng &amp; &#39;Ơ&#39;&lt;/a&gt;');
    expect(escapeHtml('Nguyễn Thị Ánh Tuyết')).toBe('Nguyễn Thị Ánh Tuyết');
  });

  it('html escapes every interpolation, arrays included, and passes only what html or trusted built', () => {
    expect(html`<p>${'<b>'}</p>`.value).toBe('<p>&lt;b&gt;</p>');
    expect(html`<ul>${['<i>', html`<li>${'&'}</li>`]}</ul>`.value).toBe('<ul>&lt;i&gt;<li>&amp;</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
    expect(html`${trusted('<br>')}`.value).toBe('<br>');
  });

  it('a <script> in any user-typed field of any form renders as text', () => {
    for (const page of allPages(HOSTILE)) {
      expect(page).not.toMatch(/<script|<img|<[^>]*onerror/i);
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;Nam&#39;');
      expect(text(page)).toContain(HOSTILE);
    }
    for (const page of allPages('Hà Văn Nam', HOSTILE)) {
      expect(page).not.toMatch(/<script|<img|<[^>]*onerror/i);
      expect(text(page)).toContain(HOSTILE);
    }
  });

  it('a hostile dossier code is escaped in the text and still encoded verbatim in the QR code', () => {
    const page = renderReceipt({ ...receipt, dossierCode: '"><script>x</script>' }, HEADER);
    expect(page).not.toContain('<script>');
    const svg = /<svg class="qr"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(decodeQrSvg(svg).text).toBe('"><script>x</script>');
  });
});

describe('the QR code', () => {
  it('is an inline SVG with a quiet zone, crisp modules and accessible text', () => {
    const svg = qrSvg(CODE, { label: `Mã hồ sơ ${CODE}`, sizeMm: 20 }).value;
    expect(svg).toMatch(
      /^<svg class="qr" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 33 33" width="20mm" height="20mm" role="img"/,
    );
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(gridFromSvg(svg)).toHaveLength(25);
  });

  it('decodes (an independent decoder: format BCH, Reed–Solomon, segments) for codes of several shapes', () => {
    for (const code of [CODE, '000.00.00.H29-251231-9999', 'H06-260101-0001', 'Mã có dấu tiếng Việt', 'x'.repeat(150)]) {
      expect(decodeQrSvg(qrSvg(code, { label: code, sizeMm: 20 }).value).text).toBe(code);
    }
  });

  it('the decoder notices a damaged symbol (so a pass means something)', () => {
    const grid = gridFromSvg(qrSvg(CODE, { label: CODE, sizeMm: 20 }).value);
    grid[12]![20] = !grid[12]![20];
    expect(() => decodeQrGrid(grid)).toThrow(/Reed–Solomon/);
  });
});

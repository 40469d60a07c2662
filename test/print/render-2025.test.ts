import { describe, expect, it } from 'vitest';
import { formOf, REGIME_2025 } from '#domain/regimes';
import {
  EXTENSION_REQUEST_TITLE,
  renderCompletionRequest,
  renderControlSlip,
  renderExtensionRequest,
  renderReceipt,
  renderRefusal,
  renderStopNotice,
  renderTrackingBook,
  STOP_NOTICE_TITLE,
} from '#print/render';
import { completionRequest, controlSlip, extensionRequest, HEADER, receipt, refusal, stopNotice, trackingRows } from './fixtures';

/** The document's text as a reader sees it (tags out, entities decoded, spaces folded). */
function text(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
}

const label = (kind: Parameters<typeof formOf>[1]) => {
  const form = formOf(REGIME_2025, kind)!;
  return { number: form.number, title: form.title };
};

const upper = (words: string) => words.toLocaleUpperCase('vi');

describe('the seven forms of TT 03/2025, printed', () => {
  it('every form carries its 2025 number and title, from the regime entry', () => {
    const pages: [string, string][] = [
      [renderReceipt(receipt, HEADER, label('RECEIPT')), '01'],
      [renderCompletionRequest(completionRequest, HEADER, label('COMPLETION_REQUEST')), '02'],
      [renderRefusal(refusal, HEADER, label('REFUSAL')), '03'],
      [renderExtensionRequest(extensionRequest, HEADER, label('APOLOGY')), '04'],
      [renderStopNotice(stopNotice, HEADER, label('STOP_NOTICE')), '05'],
      [renderControlSlip(controlSlip, HEADER, label('CONTROL_SLIP')), '06'],
      [renderTrackingBook({ fromDate: '2025-11-01', toDate: '2025-11-30', rows: trackingRows(3) }, HEADER, label('REGISTER')), '07'],
    ];
    for (const [page, number] of pages) {
      const form = Object.values(REGIME_2025.forms).find((candidate) => candidate?.number === number)!;
      expect(text(page)).toContain(`Mẫu số ${number}`);
      expect(page).toContain(`data-form="${number}"`);
      expect(text(page)).toContain(upper(form.title));
      expect(page).toContain(`<title>Mẫu số ${number} - ${form.title}</title>`);
    }
  });

  it('04: the apology asks to extend by the working days to the requested date, with the reason and the signer', () => {
    const words = text(renderExtensionRequest(extensionRequest, { authority: extensionRequest.issuingAgency, place: 'Thái Nguyên' }));
    for (const line of [
      'Mẫu số 04',
      upper(EXTENSION_REQUEST_TITLE),
      'Kính gửi: Hà Văn Nam',
      'Ngày 05 tháng 11 năm 2025, Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ: 000.00.19.H55-251105-0012',
      'Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 03 tháng 12 năm 2025',
      'Lý do: Chờ kết quả xác minh của cơ quan phối hợp',
      'đề nghị ông/bà đồng ý gia hạn thời gian giải quyết hồ sơ thêm 05 ngày làm việc, đến 17 giờ 00 phút, ngày 10 tháng 12 năm 2025',
      'THỦ TRƯỞNG CƠ QUAN',
      'gd-so-nnmt',
      'Thái Nguyên, ngày 01 tháng 12 năm 2025',
    ]) {
      expect(words).toContain(line);
    }
    expect(words).not.toContain('hẹn lại thời gian trả kết quả');
  });

  it('05: the stop notice at the applicant’s request names the dossier, the request, the reason and the originals', () => {
    const words = text(renderStopNotice(stopNotice, HEADER));
    for (const line of [
      'Mẫu số 05',
      upper(STOP_NOTICE_TITLE),
      'Kính gửi: Hà Văn Nam',
      'Mã hồ sơ: 000.00.19.H55-251105-0012',
      'Thời gian tiếp nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 11 năm 2025',
      'Ông/bà đã đề nghị dừng giải quyết hồ sơ lúc 09 giờ 45 phút, ngày 12 tháng 11 năm 2025 khi hồ sơ chưa có kết quả giải quyết. UBND Xã Bạch Thông thông báo dừng giải quyết hồ sơ nêu trên',
      'Lý do: Người nộp hồ sơ đề nghị dừng để bổ sung giấy tờ khác',
      'Giấy tờ bản chính (nếu có) được trả lại',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) {
      expect(words).toContain(line);
    }
  });

  it('05: stopped by the agency, before reception, without a reason given: the template’s dots where nothing is known', () => {
    const { dossierCode: _code, receivedAt: _received, reason: _reason, ...bare } = stopNotice;
    const words = text(renderStopNotice({ ...bare, onApplicantRequest: false }, HEADER));
    expect(words).toContain('UBND Xã Bạch Thông thông báo dừng giải quyết hồ sơ nêu trên kể từ 09 giờ 45 phút, ngày 12 tháng 11 năm 2025');
    expect(words).not.toContain('Thời gian tiếp nhận hồ sơ');
    expect(renderStopNotice({ ...bare, onApplicantRequest: false }, HEADER)).toMatch(/Mã hồ sơ: <span class="dotted">/);
    expect(words).toContain('Lý do: …'.slice(0, 6));
    expect(words).not.toContain('Theo đề nghị của người nộp hồ sơ');
  });

  it('user text is escaped on both new forms', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    for (const page of [
      renderExtensionRequest({ ...extensionRequest, applicantName: hostile, reason: hostile, signer: hostile }, HEADER),
      renderStopNotice({ ...stopNotice, applicantName: hostile, reason: hostile, officer: hostile }, HEADER),
    ]) {
      expect(page).not.toMatch(/<script|<img/);
      expect(page).toContain('&lt;script&gt;');
    }
  });
});

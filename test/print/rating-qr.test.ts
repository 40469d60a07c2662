import { describe, expect, it } from 'vitest';
import { ratingLink } from '#domain/satisfaction';
import { renderReceipt } from '#print/render/receipt';
import { CODE, HEADER, receipt } from './fixtures';
import { decodeQrSvg } from './qr-decode';

describe('the receipt’s rating QR code (issue 12)', () => {
  it('leads to the rating page with the code and the receipt secret, when the province has one', () => {
    const link = ratingLink('https://dichvucong.example.gov.vn/danh-gia', CODE, 'K7M2QX');
    expect(link).toBe(`https://dichvucong.example.gov.vn/danh-gia?ma=${CODE}&k=K7M2QX`);
    const page = renderReceipt({ ...receipt, ratingLink: link }, HEADER);
    const svgs = page.match(/<svg class="qr"[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(2);
    expect(decodeQrSvg(svgs[1]!).text).toBe(link);
    expect(page).toContain('Đánh giá sự hài lòng');
  });

  it('is left out without a rating page', () => {
    expect(renderReceipt(receipt, HEADER).match(/<svg class="qr"/g)).toHaveLength(1);
  });
});

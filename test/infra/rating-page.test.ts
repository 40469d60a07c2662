import { describe, expect, it } from 'vitest';
import { ProvinceConfigError, readProvinceConfig } from '../../infra/config';

const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];
const base = { province: '06', units: '2025-03' };

describe('the rating page of the receipt’s QR code (issue 12)', () => {
  it('is optional, and an https page of the portal when given', () => {
    expect(readProvinceConfig(contextOf(base)).ratingPageUrl).toBeUndefined();
    const url = 'https://dichvucong.backan.gov.vn/danh-gia';
    expect(readProvinceConfig(contextOf({ ...base, ratingPageUrl: url })).ratingPageUrl).toBe(url);
  });

  it('refuses anything else with INVALID_RATING_PAGE_URL', () => {
    for (const ratingPageUrl of ['http://dichvucong.backan.gov.vn/danh-gia', 'danh-gia', 'javascript:alert(1)']) {
      expect(() => readProvinceConfig(contextOf({ ...base, ratingPageUrl }))).toThrow(ProvinceConfigError);
    }
  });
});

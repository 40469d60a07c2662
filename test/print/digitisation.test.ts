import { describe, expect, it } from 'vitest';
import { renderControlSlip, renderReceipt, renderTrackingBook } from '#print/render';
import { controlSlip, HEADER, receipt, trackingRows } from './fixtures';

/** Issue 11: the receipt, the control slip and the register show what was digitised. */
describe('digitisation on the printed forms', () => {
  const note = {
    components: [
      { name: 'Tờ khai đăng ký khai sinh', label: 'số hóa tại bộ phận một cửa' },
      { name: 'Giấy chứng sinh', label: 'không phải số hóa' },
    ],
    summary: 'Số hóa 2/2; KQĐT',
  };

  it('lists each component with how it came, under the receipt’s documents and on the control slip', () => {
    const receiptHtml = renderReceipt({ ...receipt, digitisation: note }, HEADER);
    expect(receiptHtml).toContain(
      'Số hóa thành phần hồ sơ: Tờ khai đăng ký khai sinh: số hóa tại bộ phận một cửa; Giấy chứng sinh: không phải số hóa.',
    );
    expect(renderControlSlip({ ...controlSlip, digitisation: note }, HEADER)).toContain('Số hóa 2/2; KQĐT');
  });

  it('puts the summary in the register’s note column, and prints nothing where there is none', () => {
    const rows = trackingRows(2).map((row, index) => (index === 0 ? { ...row, digitisation: 'Số hóa 1/2' } : row));
    const page = renderTrackingBook({ rows, fromDate: '2026-12-01', toDate: '2026-12-03' }, HEADER);
    expect(page).toContain('<div data-field="digitisation">Số hóa 1/2</div>');
    expect(renderReceipt(receipt, HEADER)).not.toContain('data-field="digitisation"');
  });
});

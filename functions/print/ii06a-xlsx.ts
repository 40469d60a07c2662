import ExcelJS from 'exceljs';
import { II06A_COLUMNS, type II06aRow, type Period } from '#domain/quality';

/**
 * Form II.06a as an Excel workbook (exceljs): a title, the period, the 13 columns' titles and
 * numbers, and the rows with levels and the total in bold, ready for the office's own template.
 */
export async function ii06aWorkbook(report: { period: Period; rows: readonly II06aRow[]; agencyName: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Liên Thông';
  const sheet = workbook.addWorksheet('II.06a', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow(['Biểu số II.06a/VPCP/KSTT']);
  sheet.addRow(['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH']).font = { bold: true, size: 13 };
  sheet.addRow([`${report.agencyName} · ${report.period.label} (${report.period.from} – ${report.period.to})`]);
  sheet.addRow([]);
  const titles = sheet.addRow(II06A_COLUMNS.map((column) => column.title));
  titles.font = { bold: true };
  titles.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  sheet.addRow(II06A_COLUMNS.map((_, i) => `(${i + 1})`)).alignment = { horizontal: 'center' };
  for (const row of report.rows) {
    const line = sheet.addRow(II06A_COLUMNS.map((column) => row[column.key]));
    if (row.kind !== 'FIELD') line.font = { bold: true };
  }
  sheet.columns.forEach((column, i) => {
    column.width = i === 1 ? 36 : i === 0 ? 6 : 13;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

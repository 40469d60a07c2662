import type { Applicant } from '#domain/dossier';
import { InvalidFilingError } from '#domain/errors';
import type { Fee } from '#domain/fees';
import { checkPortalCode, type InboundItem } from '#domain/online/filing';

/**
 * The portal's inbound items (its field names, Appendix B/D) → the domain's. Everything the
 * portal sends is checked here, before anything is read or written: a bad item becomes one
 * INVALID_FILING naming its field, recorded for the operator and acknowledged as REJECTED.
 *
 * Item: `{ id, kind: 'FILING' | 'ANSWER' | 'PAYMENT', body }`.
 * - FILING:  MaHoSo, MaTTHC, NoiNopHoSo (agency code), NgayNopHoSo (yyyyMMddHHmmss, Vietnam time),
 *            ChuHoSo, LoaiDoiTuong (1 citizen, 2 business), SoDinhDanh?, SoDienThoai?, Email?,
 *            MaXaPhuong (the applicant's commune, an agency code), DiaChi?,
 *            TaiLieuNop [{ MaThanhPhanHoSo, SoBan? }], DanhSachLePhi? [{ MaPhiLePhi, TenPhiLePhi, Gia, LoaiPhiLePhi (1 phí, 2 lệ phí) }]
 * - ANSWER:  MaHoSo, TaiLieuNop [...]  (the applicant's completion or supplement documents)
 * - PAYMENT: MaHoSo, MaPhiLePhi, NgayThanhToan (yyyyMMddHHmmss)
 * Which of these names the real portal uses for its inbound feed could not be confirmed [U].
 */
type Json = Record<string, unknown>;

const fail = (field: string, message: string): never => {
  throw new InvalidFilingError(`${field}: ${message}`, { field });
};

const object = (value: unknown, field: string): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(field, 'expected an object');

function text(body: Json, field: string, max: number, required: true): string;
function text(body: Json, field: string, max: number, required?: false): string | undefined;
function text(body: Json, field: string, max: number, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return required ? fail(field, 'required') : undefined;
  if (typeof value !== 'string') return fail(field, 'expected a string');
  if (value.length > max) return fail(field, `longer than ${max} characters`);
  return value;
}

const PORTAL_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** `yyyyMMddHHmmss` in Vietnam time → ISO UTC. */
export function portalTime(value: unknown, field: string): string {
  const match = typeof value === 'string' ? PORTAL_TIME.exec(value) : null;
  if (!match) return fail(field, 'expected yyyyMMddHHmmss');
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const instant = new Date(Date.UTC(y, mo - 1, d, h - 7, mi, s));
  const roundTrip = new Date(instant.getTime() + 7 * 3_600_000);
  if (roundTrip.getUTCDate() !== d || roundTrip.getUTCMonth() !== mo - 1) return fail(field, 'no such date');
  return instant.toISOString();
}

function documents(value: unknown, field: string): { code: string; copies: number }[] {
  if (!Array.isArray(value) || value.length === 0) return fail(field, 'list at least one document');
  if (value.length > 50) return fail(field, 'at most 50 documents');
  return value.map((entry, index) => {
    const doc = object(entry, `${field}[${index}]`);
    const code = text(doc, 'MaThanhPhanHoSo', 40, true);
    const copies = doc.SoBan ?? 1;
    if (typeof copies !== 'number' || !Number.isInteger(copies)) return fail(`${field}[${index}].SoBan`, 'a whole number');
    return { code, copies };
  });
}

function fees(value: unknown): Fee[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail('DanhSachLePhi', 'expected a list');
  return value.map((entry, index) => {
    const fee = object(entry, `DanhSachLePhi[${index}]`);
    const amount = fee.Gia;
    if (typeof amount !== 'number') return fail(`DanhSachLePhi[${index}].Gia`, 'a number of đồng');
    const kind =
      fee.LoaiPhiLePhi === 2 ? 'CHARGE' : fee.LoaiPhiLePhi === 1 ? 'FEE' : fail(`DanhSachLePhi[${index}].LoaiPhiLePhi`, '1 or 2');
    return { code: text(fee, 'MaPhiLePhi', 40, true), name: text(fee, 'TenPhiLePhi', 300, true), amount, kind };
  });
}

function applicant(body: Json): Applicant {
  const kind =
    body.LoaiDoiTuong === 1 ? 'CITIZEN' : body.LoaiDoiTuong === 2 ? 'ORGANISATION' : fail('LoaiDoiTuong', '1 (citizen) or 2 (business)');
  const idNumber = text(body, 'SoDinhDanh', 20);
  const phone = text(body, 'SoDienThoai', 20);
  const email = text(body, 'Email', 320);
  const street = text(body, 'DiaChi', 300);
  return {
    kind,
    fullName: text(body, 'ChuHoSo', 200, true),
    ...(idNumber ? { idNumber } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    address: { communeAgencyCode: text(body, 'MaXaPhuong', 40, true), ...(street ? { street } : {}) },
  };
}

/** The item's id, for recording a failure even when the rest of it is unreadable. */
export const itemIdOf = (raw: unknown): string | undefined => {
  const id = typeof raw === 'object' && raw !== null ? (raw as Json).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
};

/** One inbound item in the domain's words; INVALID_FILING names the first field that is wrong. */
export function inboundItemOf(raw: unknown): InboundItem {
  const item = object(raw, 'item');
  const id = itemIdOf(item) ?? fail('id', 'required, at most 100 characters');
  const body = object(item.body, 'body');
  const portalCode = checkPortalCode(body.MaHoSo);
  switch (item.kind) {
    case 'FILING': {
      const assessed = fees(body.DanhSachLePhi);
      return {
        id,
        kind: 'FILING',
        filing: {
          portalCode,
          procedureCode: text(body, 'MaTTHC', 60, true),
          receivingAgencyCode: text(body, 'NoiNopHoSo', 40, true),
          filedAt: portalTime(body.NgayNopHoSo, 'NgayNopHoSo'),
          applicant: applicant(body),
          documents: documents(body.TaiLieuNop, 'TaiLieuNop'),
          ...(assessed && assessed.length > 0 ? { fees: assessed } : {}),
        },
      };
    }
    case 'ANSWER':
      return { id, kind: 'ANSWER', answer: { portalCode, documents: documents(body.TaiLieuNop, 'TaiLieuNop') } };
    case 'PAYMENT':
      return {
        id,
        kind: 'PAYMENT',
        payment: { portalCode, feeCode: text(body, 'MaPhiLePhi', 40, true), paidAt: portalTime(body.NgayThanhToan, 'NgayThanhToan') },
      };
    default:
      return fail('kind', 'FILING, ANSWER or PAYMENT');
  }
}

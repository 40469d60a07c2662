import type { EmulatorApp, EmulatorReply } from '../app';

/**
 * Issue 10, inbound: the portal's side of online filing and of reconciliation.
 *
 * Side door (a citizen, or a test, acting on the portal):
 *   POST /_emulator/file-online  { procedureCode, agencyCode, communeCode, applicant: { fullName, kind?, idNumber?, phone?, email? },
 *                                  documents: [{ code, copies? }], fees?: [{ code, name, amount, kind: FEE|CHARGE }], agencyIdentifier? }
 *                                → { portalCode, itemId }: the portal issues the code (TT 04/2025 form, owner "QG" [U])
 *   POST /_emulator/answer       { portalCode, documents: [{ code, copies? }] }   the applicant's completion documents
 *   POST /_emulator/pay          { portalCode, feeCode }                        a fee paid online
 *   POST /_emulator/inbound      { kind, body }                                 any item as it is (bad filings in tests)
 *   POST /_emulator/inbound-repeat { on: boolean }                              list every pending item twice (duplicated answers)
 *   GET  /_emulator/inbound      every item with the acknowledgement the province gave it
 * The portal's own API (credentials and faults apply):
 *   GET  /api/inbound?limit=50   items not yet acknowledged, oldest first   (the province pulls)
 *   POST /api/inbound/ack        { results: [{ id, outcome: TAKEN|DUPLICATE|REJECTED, code?, message? }] }
 *   GET  /api/reconcile?day=yyyyMMdd&agency=<agency identifier (NoiNopHoSo)>
 *                                → { dossiers: [{ MaHoSo, PhienBan, TrangThaiHoSo }] }, received (NgayTiepNhan) that day
 */
type Json = Record<string, unknown>;

interface InboundRecord {
  id: string;
  kind: string;
  body: Json;
  createdAt: string;
  ack?: { outcome: string; code?: string; message?: string; at: string; times: number };
}

const bad = (problems: string[]): EmulatorReply => ({
  status: 400,
  body: { status: 'INVALID', message: problems.join('; '), errors: problems },
});
const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const isText = (value: unknown, max = 200): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/** `yyyyMMddHHmmss` of an instant in Vietnam time, the portal's format. */
export const portalNow = (at: Date = new Date()): string =>
  new Date(at.getTime() + 7 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);

function documentsOf(value: unknown, problems: string[]): { MaThanhPhanHoSo: string; SoBan: number }[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push('documents: list at least one { code, copies }');
    return [];
  }
  return value.map((entry, index) => {
    const doc = asObject(entry);
    if (!isText(doc.code, 40)) problems.push(`documents[${index}].code is required`);
    const copies = doc.copies ?? 1;
    if (typeof copies !== 'number' || !Number.isInteger(copies) || copies < 1)
      problems.push(`documents[${index}].copies: a whole number ≥ 1`);
    return { MaThanhPhanHoSo: String(doc.code), SoBan: Number(copies) };
  });
}

function feesOf(value: unknown, problems: string[]) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push('fees: a list');
    return undefined;
  }
  return value.map((entry, index) => {
    const fee = asObject(entry);
    if (!isText(fee.code, 40) || !isText(fee.name, 300)) problems.push(`fees[${index}]: code and name are required`);
    if (typeof fee.amount !== 'number') problems.push(`fees[${index}].amount: a number of đồng`);
    if (fee.kind !== 'FEE' && fee.kind !== 'CHARGE') problems.push(`fees[${index}].kind: FEE or CHARGE`);
    return { MaPhiLePhi: fee.code, TenPhiLePhi: fee.name, Gia: fee.amount, LoaiPhiLePhi: fee.kind === 'CHARGE' ? 2 : 1 };
  });
}

export function registerRoutes(app: EmulatorApp): void {
  const items = new Map<string, InboundRecord>();
  const sequences = new Map<string, number>();
  let repeat = false;
  let nextItem = 1;

  const add = (kind: string, body: Json): InboundRecord => {
    const record = { id: `IN${String(nextItem++).padStart(8, '0')}`, kind, body, createdAt: new Date().toISOString() };
    items.set(record.id, record);
    return record;
  };

  /** The portal's code for a filing: `<agency identifier>-YYMMDD-QG<day's sequence>` (the national form; "QG" is invented [U]). */
  const issueCode = (identifier: string): string => {
    const yymmdd = portalNow().slice(2, 8);
    const key = `${identifier}-${yymmdd}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    return `${key}-QG${String(sequence).padStart(4, '0')}`;
  };

  app.post('/_emulator/file-online', ({ body }) => {
    const input = asObject(body);
    const applicant = asObject(input.applicant);
    const problems: string[] = [];
    for (const field of ['procedureCode', 'agencyCode', 'communeCode'] as const)
      if (!isText(input[field], 60)) problems.push(`${field} is required`);
    if (!isText(applicant.fullName)) problems.push('applicant.fullName is required');
    const kind = applicant.kind ?? 'CITIZEN';
    if (kind !== 'CITIZEN' && kind !== 'ORGANISATION') problems.push('applicant.kind: CITIZEN or ORGANISATION');
    const documents = documentsOf(input.documents, problems);
    const fees = feesOf(input.fees, problems);
    if (problems.length > 0) return bad(problems);
    const portalCode = issueCode(String(input.agencyIdentifier ?? input.agencyCode));
    const record = add('FILING', {
      MaHoSo: portalCode,
      MaTTHC: input.procedureCode,
      NoiNopHoSo: input.agencyCode,
      NgayNopHoSo: portalNow(),
      ChuHoSo: applicant.fullName,
      LoaiDoiTuong: kind === 'CITIZEN' ? 1 : 2,
      ...(applicant.idNumber ? { SoDinhDanh: applicant.idNumber } : {}),
      ...(applicant.phone ? { SoDienThoai: applicant.phone } : {}),
      ...(applicant.email ? { Email: applicant.email } : {}),
      MaXaPhuong: input.communeCode,
      TaiLieuNop: documents,
      ...(fees ? { DanhSachLePhi: fees } : {}),
    });
    return { status: 200, body: { portalCode, itemId: record.id } };
  });

  app.post('/_emulator/answer', ({ body }) => {
    const input = asObject(body);
    const problems: string[] = [];
    if (!isText(input.portalCode, 60)) problems.push('portalCode is required');
    const documents = documentsOf(input.documents, problems);
    if (problems.length > 0) return bad(problems);
    return { status: 200, body: { itemId: add('ANSWER', { MaHoSo: input.portalCode, TaiLieuNop: documents }).id } };
  });

  app.post('/_emulator/pay', ({ body }) => {
    const input = asObject(body);
    if (!isText(input.portalCode, 60) || !isText(input.feeCode, 40)) return bad(['portalCode and feeCode are required']);
    const record = add('PAYMENT', { MaHoSo: input.portalCode, MaPhiLePhi: input.feeCode, NgayThanhToan: portalNow() });
    return { status: 200, body: { itemId: record.id } };
  });

  app.post('/_emulator/inbound', ({ body }) => {
    const input = asObject(body);
    if (!isText(input.kind, 20)) return bad(['kind is required']);
    return { status: 200, body: { itemId: add(input.kind, asObject(input.body)).id } };
  });

  app.post('/_emulator/inbound-repeat', ({ body }) => {
    repeat = asObject(body).on === true;
    return { status: 200, body: { repeat } };
  });

  app.get('/_emulator/inbound', () => ({ status: 200, body: { items: [...items.values()] } }));

  app.get('/api/inbound', ({ query }) => {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 50) || 50, 1), 500);
    const pending = [...items.values()].filter((item) => !item.ack).slice(0, limit);
    const listed = pending.map(({ id, kind, body }) => ({ id, kind, body }));
    return { status: 200, body: { items: repeat ? listed.flatMap((item) => [item, item]) : listed } };
  });

  app.post('/api/inbound/ack', ({ body }) => {
    const results = asObject(body).results;
    if (!Array.isArray(results)) return bad(['results: a list of { id, outcome }']);
    let acknowledged = 0;
    for (const entry of results) {
      const result = asObject(entry);
      const item = typeof result.id === 'string' ? items.get(result.id) : undefined;
      if (!item || !isText(result.outcome, 20)) continue;
      // A repeated acknowledgement keeps the first outcome: the portal already told the citizen.
      item.ack = item.ack
        ? { ...item.ack, times: item.ack.times + 1 }
        : {
            outcome: result.outcome,
            ...(typeof result.code === 'string' ? { code: result.code } : {}),
            ...(typeof result.message === 'string' ? { message: result.message.slice(0, 500) } : {}),
            at: new Date().toISOString(),
            times: 1,
          };
      acknowledged += 1;
    }
    return { status: 200, body: { status: 'OK', acknowledged } };
  });

  app.get('/api/reconcile', ({ query }) => {
    const day = query.get('day') ?? '';
    const agency = query.get('agency') ?? '';
    if (!/^\d{8}$/.test(day)) return bad(['day: yyyyMMdd']);
    const dossiers = app.records
      .dossiers()
      .filter((held) => String(held.payload.NgayTiepNhan ?? '').startsWith(day))
      .filter((held) => agency === '' || held.payload.NoiNopHoSo === agency)
      .map((held) => ({ MaHoSo: held.code, PhienBan: held.version, TrangThaiHoSo: held.payload.TrangThaiHoSo }));
    return { status: 200, body: { day, agency, dossiers } };
  });
}

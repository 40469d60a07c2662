import { describe, expect, it } from 'vitest';
import { ACCEPT, reception, story } from '../../test/portal/dossier-fixtures';
import { contractErrors } from './contract/validate';
import { toPortalDossier, toPortalSteps } from './mapping';
import { DEFAULT_PORTAL_MAPPING } from './mapping-config';
import { portalDate } from './portal-date';

describe('the portal mapping', () => {
  it('writes dates as yyyyMMddHHmmss in Vietnam time', () => {
    expect(portalDate('2025-11-17T02:00:00.000Z')).toBe('20251117090000');
    expect(portalDate('2025-12-31T17:30:05.000Z')).toBe('20260101003005');
  });

  it('has nothing to send before the dossier has a code', () => {
    const { dossier, events } = story([]);
    expect(toPortalDossier({ dossier, events })).toBeUndefined();
    expect(toPortalSteps({ dossier, events }, 0)).toEqual([]);
  });

  it('maps an accepted counter dossier onto the contract, with the personal data it requires and no more', () => {
    const { dossier, events } = story([ACCEPT]);
    const payload = toPortalDossier({ dossier, events, field: { code: 'CHUNG_THUC', name: 'Chứng thực' } })!;
    expect(contractErrors('dossier', payload)).toEqual([]);
    expect(payload).toMatchObject({
      MaHoSo: dossier.code,
      PhienBan: 2,
      MaTTHC: '2.000815',
      MaLinhVuc: 'CHUNG_THUC',
      KenhThucHien: 1,
      ChuHoSo: 'Nguyễn Văn An',
      LoaiDoiTuong: 1,
      DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: '006190001234' }],
      NgayNopHoSo: '20251117090000',
      NgayTiepNhan: '20251117090100',
      TrangThaiHoSo: 2,
      NoiNopHoSo: 'H06.063.02014',
    });
    const text = JSON.stringify(payload);
    for (const secret of ['0912345678', 'an@example.vn', 'Lê Lợi']) expect(text).not.toContain(secret);
  });

  it('lists supplements with their dates and the answer, and the result document', () => {
    const { dossier, events } = story([
      ACCEPT,
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Bản sao không rõ' }, reception],
      [{ action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'BAN_SAO', copies: 1 }] }, reception],
      [{ action: 'APPROVE_AT_COUNTER', decision: 'APPROVED', resultNumber: 'CT-123' }, reception],
    ]);
    const payload = toPortalDossier({ dossier, events })!;
    expect(contractErrors('dossier', payload)).toEqual([]);
    expect(payload.DanhSachHoSoBoSung).toEqual([
      expect.objectContaining({
        NoiDungBoSung: expect.stringContaining('Bản sao không rõ'),
        NgayBoSung: '20251117090200',
        TrangThaiBoSung: 1,
      }),
    ]);
    expect(payload.DanhSachHoSoBoSung[0]!.NgayTiepNhanBoSung).toBe('20251117090300');
    expect(payload.DanhSachGiayToKetQua).toEqual([expect.objectContaining({ GiayToId: 'CT-123' })]);
    expect(payload.TrangThaiHoSo).toBe(9);
    expect(payload.NgayKetThucXuLy).toBe('20251117090400');
  });

  it('makes one step per event after the acknowledged version, each on the contract', () => {
    const source = story([ACCEPT, [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Thiếu' }, reception]]);
    const steps = toPortalSteps(source, 1);
    expect(steps.map((step) => [step.SoThuTu, step.NoiDungXuLy, step.TrangThai])).toEqual([
      [2, 'Tiếp nhận hồ sơ', 2],
      [3, 'Yêu cầu bổ sung hồ sơ', 5],
    ]);
    expect(contractErrors('stepsRequest', { data: steps })).toEqual([]);
  });

  it('sends the fees as assessed and how each was paid, and sets the online-payment flag', () => {
    const assessed = story([
      ACCEPT,
      [
        {
          action: 'ASSESS_FEES',
          fees: [
            { code: 'LP1', name: 'Lệ phí', amount: 2000, kind: 'CHARGE' },
            { code: 'PHI2', name: 'Phí thẩm định', amount: 50000, kind: 'FEE' },
          ],
        },
        reception,
      ],
    ]);
    expect(toPortalDossier(assessed)!.DuocThanhToanTrucTuyen).toBe(0);
    const paid = story([
      ACCEPT,
      [{ action: 'ASSESS_FEES', fees: [{ code: 'LP1', name: 'Lệ phí', amount: 2000, kind: 'CHARGE' }] }, reception],
      [{ action: 'RECORD_FEE_PAYMENT', code: 'LP1', paidVia: 'PORTAL' }, reception],
    ]);
    const payload = toPortalDossier(paid)!;
    expect(payload.DanhSachLePhi).toEqual([{ MaPhiLePhi: 'LP1', TenPhiLePhi: 'Lệ phí', Gia: 2000, LoaiPhiLePhi: 2, HinhThucThu: 1 }]);
    expect(payload.DuocThanhToanTrucTuyen).toBe(1);
    expect(toPortalDossier(assessed)!.DanhSachLePhi.map((fee) => [fee.MaPhiLePhi, fee.LoaiPhiLePhi, fee.HinhThucThu])).toEqual([
      ['LP1', 2, 0],
      ['PHI2', 1, 0],
    ]);
  });

  it('applies the configurable [U] choices: status overrides and the organisation type', () => {
    const { dossier, events } = story([
      ACCEPT,
      [{ action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Thiếu' }, reception],
    ]);
    const config = { ...DEFAULT_PORTAL_MAPPING, statusOverrides: { 5: 9 }, organisationSubjectType: 3 as const };
    expect(toPortalDossier({ dossier, events }, config)!.TrangThaiHoSo).toBe(9);
    const organisation = story([ACCEPT], {
      applicant: { kind: 'ORGANISATION', fullName: 'Công ty A', address: { communeAgencyCode: '06.063.02014' } },
    });
    expect(toPortalDossier(organisation, config)!.LoaiDoiTuong).toBe(3);
  });

  it('the contract refuses a field it does not name, such as a phone number', () => {
    const { dossier, events } = story([ACCEPT]);
    const payload = { ...toPortalDossier({ dossier, events })!, SoDienThoai: '0912345678' };
    expect(contractErrors('dossier', payload)).toEqual(['/ must NOT have additional properties (SoDienThoai)']);
  });
});

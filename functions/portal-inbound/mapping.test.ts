import { describe, expect, it } from 'vitest';
import { inboundItemOf, portalTime } from './mapping';

const FILING = {
  MaHoSo: '06.063.02014-261203-QG0001',
  MaTTHC: '2.000815',
  NoiNopHoSo: '06.063.02014',
  NgayNopHoSo: '20261203083000',
  ChuHoSo: 'Lường Thị Hoa',
  LoaiDoiTuong: 1,
  MaXaPhuong: '06.063.02014',
  TaiLieuNop: [{ MaThanhPhanHoSo: 'BAN_CHINH' }, { MaThanhPhanHoSo: 'BAN_SAO', SoBan: 2 }],
  DanhSachLePhi: [{ MaPhiLePhi: 'LP01', TenPhiLePhi: 'Lệ phí', Gia: 10000, LoaiPhiLePhi: 2 }],
};

describe('inbound items from the portal', () => {
  it('maps a filing into the domain’s words, times from Vietnam time to UTC', () => {
    expect(inboundItemOf({ id: 'IN1', kind: 'FILING', body: FILING })).toEqual({
      id: 'IN1',
      kind: 'FILING',
      filing: {
        portalCode: FILING.MaHoSo,
        procedureCode: '2.000815',
        receivingAgencyCode: '06.063.02014',
        filedAt: '2026-12-03T01:30:00.000Z',
        applicant: { kind: 'CITIZEN', fullName: 'Lường Thị Hoa', address: { communeAgencyCode: '06.063.02014' } },
        documents: [
          { code: 'BAN_CHINH', copies: 1 },
          { code: 'BAN_SAO', copies: 2 },
        ],
        fees: [{ code: 'LP01', name: 'Lệ phí', amount: 10000, kind: 'CHARGE' }],
      },
    });
  });

  it('refuses what does not follow the contract with INVALID_FILING naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...FILING, MaHoSo: 'bad code' }, 'MaHoSo'],
      [{ ...FILING, NgayNopHoSo: '20260230080000' }, 'NgayNopHoSo'],
      [{ ...FILING, LoaiDoiTuong: 7 }, 'LoaiDoiTuong'],
      [{ ...FILING, TaiLieuNop: [] }, 'TaiLieuNop'],
      [{ ...FILING, ChuHoSo: undefined }, 'ChuHoSo'],
    ];
    for (const [body, field] of cases) {
      expect(() => inboundItemOf({ id: 'IN1', kind: 'FILING', body }), field).toThrow(
        expect.objectContaining({ code: 'INVALID_FILING', details: expect.objectContaining({ field }) }),
      );
    }
    expect(() => inboundItemOf({ id: 'IN1', kind: 'OTHER', body: FILING })).toThrow(expect.objectContaining({ code: 'INVALID_FILING' }));
    expect(() => inboundItemOf('nonsense')).toThrow(expect.objectContaining({ code: 'INVALID_FILING' }));
    expect(portalTime('20261231235959', 'x')).toBe('2026-12-31T16:59:59.000Z');
  });
});

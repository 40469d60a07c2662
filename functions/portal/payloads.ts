/** The contract's shapes (contract/v1.schema.json) as TypeScript; the contract tests keep them in step. */
export interface PortalIdentity {
  LoaiDinhDanh: 1 | 2;
  SoDinhDanh: string;
}

export interface PortalSubmittedDocument {
  MaThanhPhanHoSo: string;
  TenTaiLieu: string;
  SoBan?: number;
  DuocSoHoa: 0 | 1;
  DuocTaiSuDung: 0 | 1;
  DuocLayTuKhoDMQG: 0 | 1;
}

export interface PortalFee {
  MaPhiLePhi: string;
  TenPhiLePhi: string;
  Gia: number;
  LoaiPhiLePhi: 1 | 2;
  HinhThucThu: 0 | 1 | 2;
}

export interface PortalSupplement {
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NgayTiepNhanBoSung?: string;
  TrangThaiBoSung: 0 | 1;
  NgayHenTraTruoc?: string;
  NgayHenTraMoi?: string;
}

export interface PortalResultDocument {
  TenGiayTo: string;
  MaThanhPhanHoSo?: string;
  GiayToId: string;
  DuongDanTepTinKetQua?: string;
}

export interface PortalDossier {
  MaHoSo: string;
  /** The version field, under the name the mapping config gives it ([U], default PhienBan). */
  [versionField: string]: unknown;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc?: string;
  KenhThucHien: 1 | 2 | 3;
  ChuHoSo: string;
  LoaiDoiTuong: 1 | 2 | 3 | 4;
  DinhDanhCHS?: PortalIdentity[];
  NgayNopHoSo: string;
  NgayTiepNhan?: string;
  NgayHenTra?: string;
  NgayTra?: string;
  NgayKetThucXuLy?: string;
  NgayTuChoi?: string;
  TrangThaiHoSo: number;
  HinhThuc: 0 | 1 | 2;
  DonViXuLy: string;
  NoiNopHoSo: string;
  HoSoCoThanhPhanSoHoa: 0 | 1;
  DuocThanhToanTrucTuyen: 0 | 1 | 2;
  TaiLieuNop: PortalSubmittedDocument[];
  DanhSachLePhi: PortalFee[];
  DanhSachHoSoBoSung: PortalSupplement[];
  DanhSachGiayToKetQua: PortalResultDocument[];
}

export interface PortalStep {
  MaHoSo: string;
  SoThuTu: number;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh?: string;
}

export interface PortalDossierRequest {
  isUpdating: boolean;
  data: PortalDossier;
}

export interface PortalStepsRequest {
  data: PortalStep[];
}

/** The portal takes process steps in batches of at most this many (Appendix D). */
export const STEP_BATCH_SIZE = 10;

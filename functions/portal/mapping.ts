import { processingEndedAt } from '#domain/clock';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { DEFAULT_PORTAL_MAPPING, type PortalMappingConfig } from './mapping-config';
import type { PortalDossier, PortalFee, PortalResultDocument, PortalStep, PortalSubmittedDocument, PortalSupplement } from './payloads';
import { portalDate } from './portal-date';
import { portalStatus } from './status-map';
import { DEFAULT_STEP_LABEL, STEP_LABELS } from './step-labels';

/**
 * Our dossier and its history → what the national portal receives. Pure: no AWS, no clock, no
 * network. The one place that knows the portal's field names; the contract it must meet is
 * contract/v1.schema.json, and what could not be confirmed [U] is in mapping-config.ts.
 */
export interface PortalSource {
  dossier: Dossier;
  /** The whole history, oldest first. */
  events: readonly DossierEvent[];
  /** The procedure's field (lĩnh vực) from the catalog; the dossier does not copy it. */
  field?: { code: string; name: string } | undefined;
}

/** MaLinhVuc when the procedure is no longer in the catalog. [U] whether the portal accepts it. */
const UNKNOWN_FIELD = 'KHAC';

/**
 * The code the portal knows the dossier by: the portal's own for a dossier filed online (kept as
 * issued), else ours, given at acceptance. Without either there is nothing the portal could file
 * it under yet: a counter dossier before acceptance is not synced (its steps go with the first
 * sync after acceptance).
 */
export function portalCodeOf(dossier: Dossier): string | undefined {
  return dossier.portalCode ?? dossier.code;
}

export function toPortalDossier(source: PortalSource, config: PortalMappingConfig = DEFAULT_PORTAL_MAPPING): PortalDossier | undefined {
  const { dossier, events } = source;
  const code = portalCodeOf(dossier);
  if (code === undefined) return undefined;
  const fees = feesOf(dossier);
  const ended = processingEndedAt(dossier);
  const documents = submittedDocuments(dossier);
  return {
    MaHoSo: code,
    [config.versionField]: dossier.version,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    MaLinhVuc: source.field?.code ?? UNKNOWN_FIELD,
    ...(source.field ? { TenLinhVuc: source.field.name } : {}),
    KenhThucHien: dossier.channel === 'DIRECT' ? 1 : dossier.channel === 'ONLINE' ? 2 : 3,
    ChuHoSo: dossier.applicant.fullName,
    LoaiDoiTuong: dossier.applicant.kind === 'CITIZEN' ? 1 : config.organisationSubjectType,
    ...identity(dossier, config),
    NgayNopHoSo: portalDate(dossier.submittedAt),
    ...optionalDates({
      NgayTiepNhan: dossier.receivedAt,
      NgayHenTra: dossier.dueAt,
      NgayTra: dossier.returnedAt,
      NgayKetThucXuLy: ended === dossier.refusal?.at ? undefined : ended,
      NgayTuChoi: dossier.refusal?.at,
    }),
    TrangThaiHoSo: portalStatus(dossier.status, config),
    HinhThuc: config.deliveryModes[dossier.resultDelivery?.mode ?? 'RECEPTION_POINT'],
    DonViXuLy: dossier.competentAgency,
    NoiNopHoSo: dossier.receivingAgencyIdentifier,
    HoSoCoThanhPhanSoHoa: documents.some((document) => document.DuocSoHoa === 1) ? 1 : 0,
    DuocThanhToanTrucTuyen: fees.some((fee) => fee.HinhThucThu === 1) ? 1 : 0,
    TaiLieuNop: documents,
    DanhSachLePhi: fees,
    DanhSachHoSoBoSung: supplements(events),
    DanhSachGiayToKetQua: resultDocuments(dossier),
  };
}

/** The process steps after `afterVersion` (the steps the portal acknowledged), one per event. */
export function toPortalSteps(
  source: PortalSource,
  afterVersion: number,
  config: PortalMappingConfig = DEFAULT_PORTAL_MAPPING,
): PortalStep[] {
  const code = portalCodeOf(source.dossier);
  if (code === undefined) return [];
  const dueAfter = appointmentsAfterEach(source.events);
  return source.events.flatMap((event, index) => {
    if (event.version <= afterVersion) return [];
    const previous = source.events[index - 1];
    const due = dueAfter[index];
    return [
      {
        MaHoSo: code,
        SoThuTu: event.version,
        NguoiXuLy: event.actor.officerId,
        ChucDanh: event.actor.role,
        ThoiDiemXuLy: portalDate(event.at),
        PhongBanXuLy: event.actor.agencyCode,
        NoiDungXuLy: STEP_LABELS[event.type] ?? DEFAULT_STEP_LABEL,
        TrangThai: portalStatus(event.statusAfter, config),
        NgayBatDau: portalDate(previous?.at ?? event.at),
        ...(due ? { NgayKetThucTheoQuyDinh: portalDate(due) } : {}),
      },
    ];
  });
}

function identity(dossier: Dossier, config: PortalMappingConfig): Pick<PortalDossier, 'DinhDanhCHS'> {
  const number = dossier.applicant.idNumber?.replace(/\s+/g, '');
  if (!config.sendApplicantIdentifier || !number) return {};
  const type = dossier.applicant.kind === 'CITIZEN' ? config.identifierTypes.citizen : config.identifierTypes.organisation;
  return { DinhDanhCHS: [{ LoaiDinhDanh: type, SoDinhDanh: number }] };
}

function optionalDates<K extends string>(dates: Record<K, string | undefined>): Partial<Record<K, string>> {
  const entries = Object.entries(dates).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(entries.map(([name, iso]) => [name, portalDate(iso)])) as Partial<Record<K, string>>;
}

/** The appointment in force after each event: acceptance sets it, a closed pause moves it. */
function appointmentsAfterEach(events: readonly DossierEvent[]): (string | undefined)[] {
  let due: string | undefined;
  return events.map((event) => {
    if (event.type === 'ACCEPTED') due = event.dueAt;
    if ((event.type === 'SUPPLEMENT_RECEIVED' || event.type === 'FINANCIAL_OBLIGATION_MET') && event.dueAt) due = event.dueAt;
    return due;
  });
}

/** Each request to complete or supplement the dossier, with its answer when it came. */
function supplements(events: readonly DossierEvent[]): PortalSupplement[] {
  const list: PortalSupplement[] = [];
  const dueAfter = appointmentsAfterEach(events);
  let open: PortalSupplement | undefined;
  events.forEach((event, index) => {
    if (event.type === 'SUPPLEMENT_REQUESTED' || event.type === 'COMPLETION_REQUESTED') {
      const due = dueAfter[index];
      open = {
        NguoiYeuCauBoSung: event.actor.officerId,
        NoiDungBoSung: `${event.reason}: ${event.items.map((item) => item.name).join('; ')}`.slice(0, 2000),
        NgayBoSung: portalDate(event.at),
        TrangThaiBoSung: 0,
        ...(due ? { NgayHenTraTruoc: portalDate(due) } : {}),
      };
      list.push(open);
    } else if ((event.type === 'SUPPLEMENT_RECEIVED' || event.type === 'RESUBMITTED') && open) {
      open.TrangThaiBoSung = 1;
      open.NgayTiepNhanBoSung = portalDate(event.at);
      const newDue = event.type === 'SUPPLEMENT_RECEIVED' ? event.dueAt : undefined;
      if (newDue) open.NgayHenTraMoi = portalDate(newDue);
      open = undefined;
    }
  });
  return list;
}

/** The fees as last assessed (the dossier's fold keeps them), each with how it was paid. */
function feesOf(dossier: Dossier): PortalFee[] {
  return (dossier.fees ?? []).map((fee) => ({
    MaPhiLePhi: fee.code,
    TenPhiLePhi: fee.name,
    Gia: fee.amount,
    LoaiPhiLePhi: fee.kind === 'FEE' ? 1 : 2,
    HinhThucThu: fee.paid?.via === 'PORTAL' ? 1 : fee.paid?.via === 'COUNTER' ? 2 : 0,
  }));
}

/** The documents handed in, with where each component's attached copy came from. */
function submittedDocuments(dossier: Dossier): PortalSubmittedDocument[] {
  const provenance = new Map((dossier.attachments ?? []).map((attached) => [attached.componentCode, attached.provenance]));
  return dossier.documents.map((document) => {
    const source = provenance.get(document.code);
    return {
      MaThanhPhanHoSo: document.code,
      TenTaiLieu: document.name,
      SoBan: document.copies,
      DuocSoHoa: source === 'COUNTER_SCAN' || source === 'APPLICANT_UPLOAD' ? 1 : 0,
      DuocTaiSuDung: source === 'REUSED_RESULT' ? 1 : 0,
      DuocLayTuKhoDMQG: source === 'CITIZEN_STORE' || source === 'NATIONAL_STORE' ? 1 : 0,
    };
  });
}

/** The electronic result where the deciding agency attached one, else the decision recorded. */
function resultDocuments(dossier: Dossier): PortalResultDocument[] {
  const electronic = dossier.resultDocument;
  if (electronic) return [{ TenGiayTo: `Kết quả giải quyết số ${electronic.number}`, GiayToId: electronic.documentId }];
  if (!dossier.result) return [];
  const { decision, resultNumber } = dossier.result;
  return [
    {
      TenGiayTo: decision === 'APPROVED' ? 'Kết quả giải quyết thủ tục hành chính' : 'Văn bản trả lời không giải quyết',
      GiayToId: resultNumber ?? `${portalCodeOf(dossier)}-KQ`,
    },
  ];
}

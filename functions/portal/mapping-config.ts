import type { ResultDeliveryMode } from '#domain/routing-reception';

/**
 * What the team could not confirm about the portal's contract [U], as settings: a province that
 * learns the portal's answer changes a value here (or passes its own config), not the mapping.
 * docs/portal-sync.md lists the same items.
 */
export interface PortalMappingConfig {
  /** [U] Some vendors push 5 (supplement), 6 (fees) and 8 (stopped) as 9; by default we send the true code. */
  statusOverrides: Partial<Record<number, number>>;
  /** [U] LoaiDoiTuong for an organisation: 2 business (default), 3 state agency, 4 other. */
  organisationSubjectType: 2 | 3 | 4;
  /** [U] LoaiDinhDanh of a citizen's personal identification number (and of an organisation's code). */
  identifierTypes: { citizen: 1 | 2; organisation: 1 | 2 };
  /** [U] HinhThuc per way the result is returned. */
  deliveryModes: Record<ResultDeliveryMode, 0 | 1 | 2>;
  /** [U] The name of the field that carries our version (the portal keeps the highest). */
  versionField: string;
  /** Whether the applicant's identifier (DinhDanhCHS) is sent: the contract requires it where known. */
  sendApplicantIdentifier: boolean;
}

export const DEFAULT_PORTAL_MAPPING: PortalMappingConfig = {
  statusOverrides: {},
  organisationSubjectType: 2,
  identifierTypes: { citizen: 1, organisation: 2 },
  deliveryModes: { RECEPTION_POINT: 0, POSTAL: 1, ONLINE: 2 },
  versionField: 'PhienBan',
  sendApplicantIdentifier: true,
};

/**
 * The personal data that leaves the province, all of it: the applicant's name (ChuHoSo) and
 * identifier (DinhDanhCHS), and the acting officers' account ids (NguoiXuLy, NguoiYeuCauBoSung).
 * Phone, e-mail and address never do; the contract's `additionalProperties: false` refuses them.
 */
export const PERSONAL_FIELDS_SENT = ['ChuHoSo', 'DinhDanhCHS', 'NguoiXuLy', 'NguoiYeuCauBoSung'] as const;

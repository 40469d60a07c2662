/**
 * A rule set (chế độ pháp lý) as data: what the law in force at the moment a dossier was handed
 * in says about its forms, its apology, stopping at the applicant's request, the one-time guidance
 * and its code. The dossier keeps the id of its rule set from submission to the end, as it keeps
 * its procedure version; a later amendment is one new entry in `REGIMES` plus its tests.
 *
 * Markers as in domain.md §0: V verified in a source, P seen in practice, U unconfirmed. Every U
 * item is here, as data, so a province's legal officer can correct it without a code change.
 */
export type Marker = 'V' | 'P' | 'U';

export type RegimeId = '2018' | '2025';

/** What each printed form is for; the number and title come from the regime. */
export type FormKind = 'RECEIPT' | 'COMPLETION_REQUEST' | 'REFUSAL' | 'APOLOGY' | 'STOP_NOTICE' | 'CONTROL_SLIP' | 'REGISTER';

export interface FormSpec {
  kind: FormKind;
  /** "01" … "07", as printed in the corner ("Mẫu số 05"). */
  number: string;
  title: string;
  /** How sure the number and title are. */
  marker: Marker;
  /** Fields whose presence or wording could not be checked against the official template. */
  unconfirmedFields: readonly string[];
}

/**
 * 2018: "Phiếu xin lỗi và hẹn lại ngày trả kết quả" gives a new appointment.
 * 2025: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" asks the applicant to accept an extension.
 */
export type ApologyKind = 'NEW_APPOINTMENT' | 'EXTENSION_REQUEST';

/**
 * How far the one-time guidance reaches: only the reception check (Form 02 before a code
 * exists), or the whole dossier (a supplement during processing may only repeat what the first
 * Form 02 asked for).
 */
export type GuidanceScope = 'RECEPTION' | 'WHOLE_DOSSIER';

export interface CodeFormat {
  /** The date part of `<agency identifier>-<date>-<sequence>`. */
  date: 'YYMMDD' | 'YYYYMMDD';
  sequenceDigits: number;
  marker: Marker;
  source: string;
}

export interface Rule<T> {
  value: T;
  marker: Marker;
  source: string;
}

export interface Regime {
  id: RegimeId;
  name: string;
  /** Decree and circular, as cited on forms and in the API. */
  legalBasis: readonly string[];
  /** Dossiers handed in at or after this instant follow this regime (until the next one starts). */
  effectiveFrom: string;
  /** The regime's form set; a kind it does not have (the 2018 stop notice) is absent. */
  forms: Readonly<Partial<Record<FormKind, FormSpec>>>;
  apology: Rule<{ kind: ApologyKind; atMostOnce: true }>;
  /**
   * The applicant asks to stop before a decision is issued: the dossier ends WITHDRAWN (national
   * code 7, "Công dân yêu cầu rút hồ sơ") and, where the regime has one, the notice is issued.
   */
  applicantStop: Rule<{ notice: FormKind | null }>;
  /** Whether an agency's stop (ineligible) also issues the stop notice. */
  agencyStopNotice: Rule<boolean>;
  oneTimeGuidance: Rule<{ scope: GuidanceScope }>;
  code: CodeFormat;
  /** The national portal's status codes the regime uses (TrangThaiHoSo 1–10). */
  nationalStatusCodes: Rule<readonly number[]>;
}

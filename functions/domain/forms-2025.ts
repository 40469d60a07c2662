import { formatIsoDate } from './calendar/civil-date';
import { dayOf } from './calendar/vn-time';
import { calendarFor } from './clock';
import type { Dossier, DossierEvent } from './dossier';
import { type AgencyNames, apologyForm } from './forms';
import { regimeOf } from './regimes';

/**
 * The two forms Circular 03/2025/TT-VPCP adds to or changes in the 2018 set, as data read from
 * the dossier: Form 04 (apology with a request to extend) and Form 05 (notice that processing is
 * stopped). Both exist only for dossiers of a regime that has them. Their field lists were not
 * read (domain.md Appendix D): the fields beyond the 2018 set are listed, once, in the regime's
 * `unconfirmedFields` (functions/domain/regimes/regime-2025.ts).
 */

/** Mẫu số 04 (TT 03/2025): Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export interface ExtensionRequestForm {
  issuingAgency: string;
  applicantName: string;
  dossierCode: string;
  requestContent: string;
  receivedAt: string;
  originalDueAt: string;
  reason: string;
  /** The date the agency asks the applicant to accept. */
  requestedDueAt: string;
  /** Working days between the appointment and the requested date, in the receiving point's calendar. */
  extensionWorkingDays: number;
  signer: string;
  at: string;
}

export function extensionRequestForm(dossier: Dossier, events: readonly DossierEvent[], names: AgencyNames): ExtensionRequestForm | null {
  if (regimeOf(dossier).apology.value.kind !== 'EXTENSION_REQUEST') return null;
  const letter = apologyForm(dossier, events, names);
  if (!letter) return null;
  const { revisedDueAt, ...rest } = letter;
  return { ...rest, requestedDueAt: revisedDueAt, extensionWorkingDays: workingDaysBetween(dossier, letter.originalDueAt, revisedDueAt) };
}

/** Working days after `from`'s day up to and including `to`'s day. */
function workingDaysBetween(dossier: Dossier, from: string, to: string): number {
  const calendar = calendarFor(dossier.officeHours);
  let count = 0;
  for (let day = dayOf(new Date(from)) + 1; day <= dayOf(new Date(to)); day += 1) {
    if (calendar.isWorkingDay(formatIsoDate(day))) count += 1;
  }
  return count;
}

/** Mẫu số 05 (TT 03/2025): Thông báo về việc dừng giải quyết hồ sơ. */
export interface StopNoticeForm {
  receivingUnit: string;
  applicantName: string;
  applicantAddress: string;
  /** Absent when processing stopped before reception (no code yet). */
  dossierCode?: string;
  requestContent: string;
  submittedAt: string;
  receivedAt?: string;
  /** True when the applicant asked to stop; false when the agency stopped (ineligible). */
  onApplicantRequest: boolean;
  reason?: string;
  officer: string;
  at: string;
}

/**
 * The stop notice, where the dossier's regime issues one for the way it ended: a withdrawal at
 * the applicant's request, or (where the regime says so) the agency's stop.
 */
export function stopNoticeForm(dossier: Dossier, names: AgencyNames): StopNoticeForm | null {
  const regime = regimeOf(dossier);
  if (!regime.forms.STOP_NOTICE) return null;
  const ended = dossier.withdrawal
    ? regime.applicantStop.value.notice === 'STOP_NOTICE'
      ? { onApplicantRequest: true, at: dossier.withdrawal.at, reason: dossier.withdrawal.reason, officer: dossier.withdrawal.officerId }
      : undefined
    : dossier.stop && regime.agencyStopNotice.value
      ? { onApplicantRequest: false, at: dossier.stop.at, reason: dossier.stop.reason, officer: dossier.stop.officerId }
      : undefined;
  if (!ended) return null;
  const street = dossier.applicant.address.street;
  const commune = names(dossier.applicant.address.communeAgencyCode);
  return {
    receivingUnit: names(dossier.receivingAgency),
    applicantName: dossier.applicant.fullName,
    applicantAddress: [street, commune].filter(Boolean).join(', '),
    ...(dossier.code ? { dossierCode: dossier.code } : {}),
    requestContent: dossier.procedureName,
    submittedAt: dossier.submittedAt,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
    onApplicantRequest: ended.onApplicantRequest,
    ...(ended.reason ? { reason: ended.reason } : {}),
    officer: ended.officer ?? '',
    at: ended.at,
  };
}

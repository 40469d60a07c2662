import type { Applicant } from './dossier';
import { badInput } from './errors';

/**
 * Input rules GraphQL types cannot express. Each failure names the offending field, so a front
 * end can point at it, and is raised before anything is read or written.
 */
const CITIZEN_ID = /^\d{12}$/; // Căn cước công dân: 12 digits
const PHONE = /^\+?\d[\d .-]{7,18}\d$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

function fail(field: string, message: string): never {
  throw badInput(field, message);
}

/** The citizen ID number (CCCD) as an applicant's field or a search term: exactly 12 digits. */
export function checkCitizenId(field: string, idNumber: string): void {
  if (!CITIZEN_ID.test(idNumber)) fail(field, 'A citizen ID number (CCCD) has exactly 12 digits');
}

export function checkText(field: string, value: string | undefined | null, max: number, required = false): void {
  if (value === undefined || value === null) {
    if (required) fail(field, `${field} is required`);
    return;
  }
  if (required && value.trim().length === 0) fail(field, `${field} must not be blank`);
  if (value.length > max) fail(field, `${field} is longer than ${max} characters`);
}

export function checkApplicant(applicant: Applicant): void {
  checkText('applicant.fullName', applicant.fullName, 200, true);
  checkText('applicant.address.street', applicant.address.street, 300);
  if (applicant.idNumber != null && applicant.kind === 'CITIZEN') checkCitizenId('applicant.idNumber', applicant.idNumber);
  checkText('applicant.idNumber', applicant.idNumber, 20);
  if (applicant.phone != null && !PHONE.test(applicant.phone)) fail('applicant.phone', 'Not a phone number');
  if (applicant.email != null && !EMAIL.test(applicant.email)) fail('applicant.email', 'Not an e-mail address');
}

export function checkPageSize(first: number, max = 100): void {
  if (!Number.isInteger(first) || first < 1 || first > max) fail('first', `first must be from 1 to ${max}`);
}

/** A period [from, to) of ISO instants (as the DateTime scalar gives them): `to` not before `from`. */
export function checkPeriod(from: string, to: string): void {
  if (Date.parse(to) < Date.parse(from)) fail('to', 'The period ends before it starts: `to` must not be before `from`');
}

export function checkDocumentCount(count: number, max = 50): void {
  if (count > max) fail('documents', `At most ${max} documents per dossier`);
}

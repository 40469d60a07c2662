import { toVnIso } from '../calendar';
import { SequenceExhaustedError } from '../errors';

export const MAX_DAILY_SEQUENCE = 9999;

/** `YYMMDD` of the Vietnamese calendar date of an instant: the dossier code's date part, and its counter's day. */
export const vietnamYymmdd = (instant: Date): string => toVnIso(instant).slice(2, 10).replaceAll('-', '');

/** `<agency identifier>-YYMMDD-NNNN`, TT 01/2018/TT-VPCP art. 19. */
export function dossierCode(agencyIdentifier: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new SequenceExhaustedError(undefined, { agencyIdentifier, sequence });
  }
  return `${agencyIdentifier}-${vietnamYymmdd(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

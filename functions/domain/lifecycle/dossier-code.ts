import { toVnIso } from '../calendar';
import { dossierCodeIn, maxDailySequence, REGIME_2018, type Regime, regimeAt } from '../regimes';

/** The day's limit under TT 01/2018 (each rule set has its own: `maxDailySequence`). */
export const MAX_DAILY_SEQUENCE = maxDailySequence(REGIME_2018);

/** `YYMMDD` of the Vietnamese calendar date of an instant: the dossier code's date part, and its counter's day. */
export const vietnamYymmdd = (instant: Date): string => toVnIso(instant).slice(2, 10).replaceAll('-', '');

/** The dossier code in a rule set's format (`<agency identifier>-YYMMDD-NNNN`, TT 01/2018 art. 19, by default). */
export function dossierCode(agencyIdentifier: string, receivedAt: Date, sequence: number, regime: Regime = regimeAt(receivedAt)): string {
  return dossierCodeIn(regime, agencyIdentifier, receivedAt, sequence);
}

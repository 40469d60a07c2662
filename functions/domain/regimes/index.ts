import { toVnIso } from '../calendar';
import { badInput, SequenceExhaustedError } from '../errors';
import { REGIME_2018 } from './regime-2018';
import { REGIME_2025 } from './regime-2025';
import type { FormKind, FormSpec, Regime, RegimeId } from './types';

/**
 * Every rule set, oldest first. The moment a dossier is handed in picks one (`regimeAt`); the
 * dossier stores its id and is handled under it to the end (`regimeOf`). An amendment in force
 * from a later date is one more entry here, with its tests.
 */
export const REGIMES: readonly Regime[] = [REGIME_2018, REGIME_2025];

export type { ApologyKind, FormKind, FormSpec, GuidanceScope, Marker, Regime, RegimeId } from './types';
export { REGIME_2018, REGIME_2025 };

/** The rule set in force at an instant: the latest whose start is not after it. */
export function regimeAt(instant: Date, regimes: readonly Regime[] = REGIMES): Regime {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw badInput('at', 'Not a valid instant');
  let found: Regime | undefined;
  for (const regime of regimes)
    if (Date.parse(regime.effectiveFrom) <= time && (!found || regime.effectiveFrom >= found.effectiveFrom)) found = regime;
  if (!found) {
    throw badInput('at', `No rule set was in force at ${instant.toISOString()}`, { earliest: regimes[0]?.effectiveFrom ?? null });
  }
  return found;
}

export function regimeById(id: string): Regime {
  const regime = REGIMES.find((candidate) => candidate.id === id);
  if (!regime) throw badInput('regime', `No rule set ${id}`, { known: REGIMES.map((known) => known.id) });
  return regime;
}

/**
 * The dossier's own rule set. Dossiers stored before rule sets existed carry no id: the moment
 * they were handed in picks theirs, the same choice submission makes today.
 */
export function regimeOf(dossier: { regime?: RegimeId; submittedAt: string }): Regime {
  return dossier.regime ? regimeById(dossier.regime) : regimeAt(new Date(dossier.submittedAt));
}

/** The form of a kind in a regime's set, or undefined when the regime has none (the 2018 stop notice). */
export function formOf(regime: Regime, kind: FormKind): FormSpec | undefined {
  return regime.forms[kind];
}

/** The regime's forms in printed order. */
export function formSet(regime: Regime): FormSpec[] {
  return Object.values(regime.forms)
    .filter((form): form is FormSpec => form !== undefined)
    .sort((a, b) => a.number.localeCompare(b.number));
}

/** The form a printed number names in this regime ("05" is the control slip in 2018, the stop notice in 2025). */
export function formByNumber(regime: Regime, number: string): FormSpec | undefined {
  return formSet(regime).find((form) => form.number === number);
}

/** `<agency identifier>-<date>-<sequence>` as the regime writes it (TT 01/2018 art. 19; 2025 see the entry). */
export function dossierCodeIn(regime: Regime, agencyIdentifier: string, receivedAt: Date, sequence: number): string {
  const max = 10 ** regime.code.sequenceDigits - 1;
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > max) {
    throw new SequenceExhaustedError(undefined, { agencyIdentifier, sequence, maxSequence: max });
  }
  const yyyymmdd = toVnIso(receivedAt).slice(0, 10).replaceAll('-', '');
  const date = regime.code.date === 'YYYYMMDD' ? yyyymmdd : yyyymmdd.slice(2);
  return `${agencyIdentifier}-${date}-${String(sequence).padStart(regime.code.sequenceDigits, '0')}`;
}

/** The regime's limit on the day's sequence at one agency. */
export const maxDailySequence = (regime: Regime): number => 10 ** regime.code.sequenceDigits - 1;

export interface RuleNote {
  rule: string;
  marker: Regime['apology']['marker'];
  source: string;
}

/** The rules that differ between regimes, each with its value, marker and source (the API's `RuleSet.rules`). */
export function ruleNotes(regime: Regime): RuleNote[] {
  const note = (rule: string, { marker, source }: { marker: RuleNote['marker']; source: string }): RuleNote => ({ rule, marker, source });
  return [
    note(`apology: ${regime.apology.value.kind}, at most once`, regime.apology),
    note(`applicant's stop before a decision: notice ${regime.applicantStop.value.notice ?? 'none'}`, regime.applicantStop),
    note(`agency's stop issues the stop notice: ${regime.agencyStopNotice.value ? 'yes' : 'no'}`, regime.agencyStopNotice),
    note(`one-time guidance covers: ${regime.oneTimeGuidance.value.scope}`, regime.oneTimeGuidance),
    note(`dossier code: <agency identifier>-${regime.code.date}-${'N'.repeat(regime.code.sequenceDigits)}`, regime.code),
    note(`national status codes: ${regime.nationalStatusCodes.value.join(', ')}`, regime.nationalStatusCodes),
  ];
}

import { fromLocal } from '#domain/calendar/vn-time';
import { type FormKind, type FormSpec, formByNumber, formSet, REGIMES, type Regime, regimeAt, regimeOf } from '#domain/regimes';
import type { FormLabel } from './render';

/**
 * What a printed number means. The number in `/forms/{number}/{dossierId}` is the one printed on
 * the paper in the dossier's own rule set: "05" is the control slip of a 2018 dossier and the stop
 * notice of a 2025 one. The register takes no dossier: `/forms/06` and `/forms/07` both print it,
 * numbered as the rule set in force on the period's last day numbers it.
 */

/** Every number some rule set prints, in order ("01" … "07"). */
export const PRINTED_NUMBERS: readonly string[] = [
  ...new Set(REGIMES.flatMap((regime) => formSet(regime).map((form) => form.number))),
].sort();

/** The numbers the register has in some rule set (they take no dossier id). */
export const REGISTER_NUMBERS: readonly string[] = [...new Set(REGIMES.flatMap((regime) => regime.forms.REGISTER?.number ?? []))].sort();

/** The forms a dossier has by number: every form of its rule set but the register. */
export function dossierFormAt(regime: Regime, number: string): FormSpec | undefined {
  const form = formByNumber(regime, number);
  return form && form.kind !== 'REGISTER' ? form : undefined;
}

export const dossierRegime = regimeOf;

export const labelOf = (form: Pick<FormSpec, 'number' | 'title'>): FormLabel => ({ number: form.number, title: form.title });

/** The register's label for a period: the rule set in force at the end of its last day (Hà Nội calendar). */
export function registerLabel(lastDay: number): FormLabel {
  const regime = regimeAt(new Date(fromLocal(lastDay + 1, 0).getTime() - 1));
  const register = regime.forms.REGISTER;
  if (!register) throw new Error(`Rule set ${regime.id} has no register`);
  return labelOf(register);
}

/** A form's title for messages, in the dossier's rule set or, failing that, any that has the number. */
export function titleOf(number: string, regime?: Regime): { title: string; kind?: FormKind } {
  const form = (regime && formByNumber(regime, number)) ?? REGIMES.map((candidate) => formByNumber(candidate, number)).find(Boolean);
  return form ? { title: form.title, kind: form.kind } : { title: `Mẫu số ${number}` };
}

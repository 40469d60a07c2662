import { toVnIso, vnTime } from '../calendar';
import { badInput, SequenceExhaustedError } from '../errors';
import { dossierCodeIn, type Marker, type Regime } from '../regimes';
import { PROVINCE_CODE_FORMS } from './province-code-forms';

/**
 * The dossier code's forms, as data. A province uses the provincial form of its rule set
 * (`<agency identifier>-YYMMDD-XXXX`) unless its entry in `province-code-forms.ts` chooses another
 * form from a date; a form cannot be used before it is in force, whatever date a province writes.
 * A dossier filed online on the national portal keeps the portal's code and takes none of these.
 */
export type CodeFormId = 'PROVINCIAL' | 'NATIONAL_CENTRALISED';

export interface CodeFormSpec {
  id: CodeFormId;
  /** How the law writes it. */
  pattern: string;
  /** Not usable before this instant (Vietnam midnight of the day it enters into force). */
  inForceFrom: string;
  marker: Marker;
  source: string;
}

export const CODE_FORMS: Readonly<Record<CodeFormId, CodeFormSpec>> = {
  PROVINCIAL: {
    id: 'PROVINCIAL',
    pattern: '<agency identifier>-YYMMDD-XXXX',
    // The rule set in force at acceptance writes it (TT 01/2018 art. 19; kept in practice under TT 03/2025).
    inForceFrom: '2018-08-21T17:00:00.000Z',
    marker: 'P',
    source: 'TT 01/2018/TT-VPCP art. 19; provincial systems under TT 03/2025 (domain.md Appendix D)',
  },
  NATIONAL_CENTRALISED: {
    id: 'NATIONAL_CENTRALISED',
    pattern: 'MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX',
    // 25/01/2026 00:00 in Vietnam.
    inForceFrom: '2026-01-24T17:00:00.000Z',
    marker: 'P',
    source:
      'TT 04/2025/TT-VPCP (8/12/2025, in force 25/01/2026) adding TT 03/2025 art. 13(3): agency identifier, date, AA = the system owner, XXXX = the day’s sequence of at least 4 digits',
  },
};

/** A province's choice: this form from this Vietnamese date on (YYYY-MM-DD), with the system owner's `AA` for the national form. */
export interface CodeFormChoice {
  form: CodeFormId;
  from: string;
  systemOwner?: string;
}

/** The form an acceptance writes with: the choice in force, resolved. */
export interface CodeForm {
  id: CodeFormId;
  systemOwner?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SYSTEM_OWNER = /^[A-Z0-9]{2}$/;
/** The national form says "at least 4 digits": more are written when a day needs them, up to this sanity bound. */
const MAX_NATIONAL_SEQUENCE = 999_999;

/** Checks a province's list of choices (data a province edits): each names a known form, a date and, where needed, its owner. */
export function checkCodeFormChoices(choices: readonly CodeFormChoice[], field = 'codeForms'): CodeFormChoice[] {
  return choices.map((choice, index) => {
    const at = `${field}[${index}]`;
    if (!(choice.form in CODE_FORMS)) throw badInput(`${at}.form`, `Unknown code form ${choice.form}`, { known: Object.keys(CODE_FORMS) });
    if (!DATE.test(choice.from) || Number.isNaN(Date.parse(choice.from))) throw badInput(`${at}.from`, 'A date as YYYY-MM-DD');
    if (choice.form === 'NATIONAL_CENTRALISED' && !SYSTEM_OWNER.test(choice.systemOwner ?? ''))
      throw badInput(`${at}.systemOwner`, 'The national form needs the system owner’s two-character code (AA)');
    return choice;
  });
}

/** When a choice starts counting: its date at Vietnam midnight, never before its form is in force. */
export function choiceStart(choice: CodeFormChoice): number {
  return Math.max(vnTime(choice.from).getTime(), Date.parse(CODE_FORMS[choice.form].inForceFrom));
}

/** The form in force at an instant: the latest choice started by then; none chosen means the rule set's provincial form. */
export function codeFormAt(choices: readonly CodeFormChoice[], instant: Date): CodeForm {
  let found: CodeFormChoice | undefined;
  for (const choice of choices) {
    if (choiceStart(choice) <= instant.getTime() && (!found || choiceStart(choice) >= choiceStart(found))) found = choice;
  }
  if (!found || found.form === 'PROVINCIAL') return { id: 'PROVINCIAL' };
  return { id: found.form, ...(found.systemOwner ? { systemOwner: found.systemOwner } : {}) };
}

/** A province's choices (empty when it made none): the data the services read at cold start. */
export const codeFormChoicesOf = (provinceCode: string | undefined): CodeFormChoice[] =>
  checkCodeFormChoices(provinceCode ? (PROVINCE_CODE_FORMS[provinceCode] ?? []) : [], `PROVINCE_CODE_FORMS.${provinceCode}`);

/** The code an acceptance gives: the form in force (or the rule set's provincial form), the agency, the day, its sequence. */
export function codeFor(form: CodeForm | undefined, regime: Regime, agencyIdentifier: string, at: Date, sequence: number): string {
  if (!form || form.id === 'PROVINCIAL') return dossierCodeIn(regime, agencyIdentifier, at, sequence);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_NATIONAL_SEQUENCE)
    throw new SequenceExhaustedError(undefined, { agencyIdentifier, sequence, maxSequence: MAX_NATIONAL_SEQUENCE });
  const yymmdd = toVnIso(at).slice(2, 10).replaceAll('-', '');
  return `${agencyIdentifier}-${yymmdd}-${form.systemOwner ?? ''}${String(sequence).padStart(4, '0')}`;
}

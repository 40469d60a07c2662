import type { CodeFormChoice } from './code-forms';

/**
 * Which dossier code form each province uses, and from when: data a province edits (checked by
 * `checkCodeFormChoices` when read). A province absent here writes the provincial form of its rule
 * set. A province told to use the nationally centralised form of TT 04/2025 adds
 * `{ form: 'NATIONAL_CENTRALISED', from: '2026-01-25', systemOwner: '<AA>' }`; which provinces are
 * told so, and the AA codes the owners were given, could not be confirmed [U].
 *
 * The demo entry: Thái Nguyên (19) as if told to switch on the day TT 04/2025 took effect, with an
 * invented owner code "TN" [U], so `npm start` shows both forms (dossiers accepted before the date
 * keep the provincial one).
 */
export const PROVINCE_CODE_FORMS: Readonly<Record<string, readonly CodeFormChoice[]>> = {
  '19': [{ form: 'NATIONAL_CENTRALISED', from: '2026-01-25', systemOwner: 'TN' }],
};

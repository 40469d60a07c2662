/**
 * HTML built from text that is never trusted: applicant names, reasons and notes are typed by
 * people. Every value interpolated into `html` goes through `escapeHtml` unless it is already
 * `SafeHtml` (markup built by `html` itself, or the few constants passed through `trusted`), so a
 * page cannot be written without escaping by forgetting to call it.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text, safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** Markup that is already safe: only `html` and `trusted` make one. */
export class SafeHtml {
  private constructor(readonly value: string) {}

  /** @internal */
  static of(value: string): SafeHtml {
    return new SafeHtml(value);
  }

  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function serialize(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(serialize).join('');
  return escapeHtml(String(value));
}

/** A template literal whose interpolations are escaped (arrays are concatenated, empties dropped). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += serialize(value) + (strings[index + 1] ?? '');
  });
  return SafeHtml.of(out);
}

/** Markup this module's callers generate from constants or numbers only (the CSS, the QR path). */
export function trusted(markup: string): SafeHtml {
  return SafeHtml.of(markup);
}

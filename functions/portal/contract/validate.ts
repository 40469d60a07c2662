import type { ErrorObject } from 'ajv';
import * as validators from './generated/validators';

/**
 * The contract checked by ajv's standalone validators, generated from v1.schema.json at build time
 * (scripts/contract-validators.ts; test/contract/validators.test.ts keeps them current): by the
 * sender before anything leaves (a mapping slip cannot send a field the contract does not name,
 * personal data included), by the portal emulator on every call, and by the contract tests. No
 * schema is compiled at run time, so ajv's compiler is in no bundle.
 */
export type ContractPart = 'dossierRequest' | 'stepsRequest' | 'dossier' | 'step';

interface Validator {
  (body: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const VALIDATORS: Record<ContractPart, Validator> = validators as unknown as Record<ContractPart, Validator>;

/** The contract's problems with a request body, empty when it conforms. */
export function contractErrors(part: ContractPart, body: unknown): string[] {
  const validate = VALIDATORS[part];
  if (!validate) throw new Error(`no contract part ${part}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(describe);
}

/** Where and what, never the value itself: a refusal must not echo personal data into a log. */
function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

import { Ajv, type ErrorObject } from 'ajv';
import schema from './v1.schema.json';

/**
 * The contract checked with ajv: by the sender before anything leaves (a mapping slip cannot send
 * a field the contract does not name, personal data included), by the portal emulator on every
 * call, and by the contract tests. Compiled once per process.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema, 'v1');

export type ContractPart = 'dossierRequest' | 'stepsRequest' | 'dossier' | 'step';

/** The contract's problems with a request body, empty when it conforms. */
export function contractErrors(part: ContractPart, body: unknown): string[] {
  const validate = ajv.getSchema(`v1#/definitions/${part}`);
  if (!validate) throw new Error(`no contract part ${part}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(describe);
}

/** Where and what, never the value itself: a refusal must not echo personal data into a log. */
function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoPath } from '../../infra/paths';

/** The queue contract as agencies read it: docs/queue-contract/. */
export const CONTRACT_DIR = repoPath('docs', 'queue-contract');

export const handoffSchema = JSON.parse(readFileSync(`${CONTRACT_DIR}/handoff-v1.schema.json`, 'utf8')) as {
  required: string[];
  properties: Record<string, unknown>;
};

export const EXAMPLES = ['handoff', 'return', 'opinion-request'] as const;

export const readExample = (name: (typeof EXAMPLES)[number]): string => readFileSync(`${CONTRACT_DIR}/examples/${name}.json`, 'utf8');

/**
 * Two validators of the one schema. `annotating` follows JSON Schema 2020-12's default, where
 * `format` is an annotation: what a receiver may insist on. `asserting` also checks formats
 * (ajv-formats): what the platform promises to send.
 */
export const annotating = new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(handoffSchema);
const strictFormats = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(strictFormats);
export const asserting = strictFormats.compile(handoffSchema);

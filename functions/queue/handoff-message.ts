import { InvalidMessageError } from '#domain/errors';

/**
 * The message an agency's queue carries for each handover: a versioned contract that external
 * subscribers code against. It holds references and routing attributes only, never the
 * applicant's personal data: a receiver reads the dossier through the API.
 */
export const HANDOFF_MESSAGE_SCHEMA = 'lienthong.handoff/v1';

export type HandoffMessageKind = 'HANDOFF' | 'RETURN' | 'OPINION_REQUEST';

export interface HandoffMessageV1 {
  schema: typeof HANDOFF_MESSAGE_SCHEMA;
  /** HANDOFF: the dossier is handed over; RETURN: sent back to its sender; OPINION_REQUEST: an opinion is asked for. */
  kind: HandoffMessageKind;
  /** The handover's id (deduplication id): a handoff id, or `<consultation id>.<agency>` for an opinion request. */
  handoffId: string;
  dossierId: string;
  dossierCode: string | null;
  procedureCode: string;
  fromAgency: string;
  toAgency: string;
  routeStep: number;
  sentAt: string;
  /** The dossier's version once the handoff was sent; later messages carry higher versions. */
  dossierVersion: number;
  /** RETURN: why the receiver sent it back. */
  reason?: string;
  /** OPINION_REQUEST: when the opinion is due. */
  dueAt?: string;
}

const KINDS: readonly HandoffMessageKind[] = ['HANDOFF', 'RETURN', 'OPINION_REQUEST'];
const STRING_FIELDS = ['handoffId', 'dossierId', 'fromAgency', 'toAgency', 'sentAt'] as const;
const NUMBER_FIELDS = ['routeStep', 'dossierVersion'] as const;

/** Parses a queue body; anything off-contract is an INVALID_MESSAGE naming what is wrong. */
export function parseHandoffMessage(body: string): HandoffMessageV1 {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalid('body is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw invalid('body is not an object');
  const message = value as Record<string, unknown>;
  if (message.schema !== HANDOFF_MESSAGE_SCHEMA) throw invalid(`schema must be ${HANDOFF_MESSAGE_SCHEMA}`);
  if (!KINDS.includes(message.kind as HandoffMessageKind)) throw invalid(`kind must be one of ${KINDS.join(', ')}`);
  for (const field of STRING_FIELDS) {
    const text = message[field];
    // Length in code points, as JSON Schema's maxLength counts (docs/queue-contract).
    if (typeof text !== 'string' || text.length === 0 || [...text].length > 200) throw invalid(`${field} must be a non-empty string`);
  }
  for (const field of NUMBER_FIELDS) {
    if (!Number.isInteger(message[field]) || (message[field] as number) < 0) throw invalid(`${field} must be a whole number`);
  }
  if (message.dossierCode !== null && typeof message.dossierCode !== 'string') throw invalid('dossierCode must be a string or null');
  if (typeof message.procedureCode !== 'string') throw invalid('procedureCode must be a string');
  for (const field of ['reason', 'dueAt'] as const) {
    if (message[field] !== undefined && typeof message[field] !== 'string') throw invalid(`${field} must be a string`);
  }
  if (message.kind === 'RETURN' && !message.reason) throw invalid('a RETURN carries its reason');
  if (message.kind === 'OPINION_REQUEST' && message.dueAt === undefined) throw invalid('an OPINION_REQUEST carries its dueAt');
  return message as unknown as HandoffMessageV1;
}

const invalid = (reason: string) => new InvalidMessageError(`Handoff message rejected: ${reason}`, { reason });

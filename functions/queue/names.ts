/**
 * Agency code ↔ SQS queue name: the one place that spells them, for the functions, infra (CDK),
 * the local platform and the scripts. Pure: no SDK here.
 *
 * Every agency has a FIFO inbox `<prefix><agency>.fifo` and its dead-letter queue
 * `<prefix><agency>-dlq.fifo`. Queue names allow letters, digits, `-` and `_` (80 characters with
 * `.fifo`), so the dots of the agency code become dashes; agency code groups are digits or capital
 * letters (`19.02014.TTPVHCC`, `19.STP`), never dashes, so the dashes turn back into dots
 * unambiguously.
 */
const FIFO = '.fifo';
const DEAD_LETTER = '-dlq';

/** The agency code as queue and role names spell it: `06.063.02014` → `06-063-02014`. */
export const agencyNamePart = (agencyCode: string): string => agencyCode.replaceAll('.', '-');

export const agencyQueueName = (prefix: string, agencyCode: string): string => `${prefix}${agencyNamePart(agencyCode)}${FIFO}`;

export const agencyDeadLetterQueueName = (prefix: string, agencyCode: string): string =>
  `${prefix}${agencyNamePart(agencyCode)}${DEAD_LETTER}${FIFO}`;

/** The agency whose inbox this is, or undefined for any other name (a dead-letter queue included). */
export function agencyOfQueueName(queueName: string, prefix: string): string | undefined {
  if (!queueName.startsWith(prefix) || !queueName.endsWith(FIFO)) return undefined;
  const core = queueName.slice(prefix.length, -FIFO.length);
  // Groups of digits or capital letters (`19-02014-TTPVHCC`, `19-STP`); `-dlq` is lower case, so no DLQ matches.
  if (!/^\d{2}(-[0-9A-Z]+)*$/.test(core)) return undefined;
  return core.replaceAll('-', '.');
}

/**
 * The agency whose queue a message sits in, from the queue's ARN (`…:<prefix><06-063>.fifo`). The
 * queue, not the message, says whose failure it is: a poison message names no agency, and a
 * misaddressed one names the wrong one.
 */
export const agencyOfQueueArn = (queueArn: string, prefix: string): string | undefined =>
  agencyOfQueueName(queueArn.slice(queueArn.lastIndexOf(':') + 1), prefix);

/** IAM name patterns: every queue of the province and stage (inboxes and DLQs), and the DLQs alone. */
export const allAgencyQueuesPattern = (prefix: string): string => `${prefix}*`;
export const agencyDeadLetterQueuesPattern = (prefix: string): string => `${prefix}*${DEAD_LETTER}${FIFO}`;

/** The local platform's queue for stream records the relay could not handle (on AWS, CDK names it). */
export const relayFailureQueueName = (prefix: string): string => `${prefix}relay-failures`;

/**
 * The portal sync queue (every dossier event on its way to the national portal) and its DLQ. Not an
 * agency's: `portal-sync` is lower case, so agencyOfQueueName never takes it for an agency inbox.
 */
export const portalSyncQueueName = (prefix: string): string => `${prefix}portal-sync${FIFO}`;
export const portalSyncDeadLetterQueueName = (prefix: string): string => `${prefix}portal-sync${DEAD_LETTER}${FIFO}`;
/** The local platform's queue for stream records the statistics projector could not count. */
export const projectorFailureQueueName = (prefix: string): string => `${prefix}projector-failures`;

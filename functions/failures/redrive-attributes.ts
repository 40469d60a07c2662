/**
 * The message attribute a redrive adds: how many times the message came back from the DLQ. The
 * consumer reads it to know a record may exist for the handoff; the next redrive counts on from it.
 */
export const REDRIVE_COUNT_ATTRIBUTE = 'redriveCount';

import type { Logger } from '@aws-lambda-powertools/logger';

type LogAttributes = Parameters<Logger['appendKeys']>[0];

/** What one request's (or one queue message's) code logs through: every record carries its keys. */
export interface KeyedLogger {
  /** Adds keys to every later record of this request (the dossier a mutation acts on, …). */
  appendKeys(keys: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  /** An error goes in `attributes` as `{ error }`, as Powertools formats it there too. */
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

/**
 * A request's (or message's) keys, kept here and handed to the process's logger with each record,
 * so a record reads as a child logger's would (the keys at the top level, beside the message).
 *
 * Not `logger.createChild()`: that builds a whole Logger each time (a Console, a read of every
 * environment setting, a deep merge of its options), about 3.5 % of the GraphQL function's CPU per
 * mutation in a profile (issue 14), most of it for requests that write no record at all. Nor keys
 * appended to the shared logger: locally one process serves requests concurrently, and the
 * consumer handles a batch's dossiers side by side; their keys would mix.
 */
export function keyedLogger(logger: Logger, keys: LogAttributes): KeyedLogger {
  const own: LogAttributes = { ...keys };
  return {
    appendKeys: (more) => Object.assign(own, more),
    info: (message, attributes = {}) => logger.info(message, own, attributes),
    warn: (message, attributes = {}) => logger.warn(message, own, attributes),
    error: (message, attributes = {}) => logger.error(message, own, attributes),
  };
}

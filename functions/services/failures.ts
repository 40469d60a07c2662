import type { FailureLog, HandoffFailureRecord } from '#failures/failure-record';
import type { RedriveResult } from '#redrive/redrive';
import { ConfigurationError } from '../store';
import type { ServiceDeps } from './deps';

export interface RedriveRequest {
  agencyCode: string;
  max: number;
  /** Stop moving (and say so) after this time, e.g. before a Lambda's timeout. Epoch ms. */
  deadline?: number;
  onWarning?: (what: string, error: unknown) => void;
}

/** Failed handoffs: the consumer's records of them, the officers' list, and the operators' redrive. */
export function failureService(deps: ServiceDeps) {
  const { failures } = deps.store;
  const log: FailureLog = {
    record: (report) => failures.recordFailure(report),
    clear: (agencyCode, key) => failures.clearFailure(agencyCode, key),
  };
  return {
    /** Where the transfer consumer records a message that failed, and clears it once one gets through. */
    log,

    /** An agency's failing handoffs, latest failure first. */
    list: (agencyCode: string, first: number): Promise<HandoffFailureRecord[]> => failures.failingHandoffs(agencyCode, first),

    /** Moves the agency's dead-lettered messages back onto its queue, marking each failure record redriven. */
    async redrive(request: RedriveRequest): Promise<RedriveResult> {
      if (!deps.deadLetters) throw new ConfigurationError('These services were built without the dead-letter queues: no redrive');
      return deps.deadLetters({
        ...request,
        failures: {
          markRedriven: (agencyCode: string, key: string, at: Date, count: number) => failures.markRedriven(agencyCode, key, at, count),
        },
        now: deps.now,
      });
    },
  };
}

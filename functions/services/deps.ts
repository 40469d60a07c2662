import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Agency } from '../domain/agencies';
import type { Store } from '../store';

/** What every use case is given: the store, the clock, the id source. Built once per process. */
export interface ServiceDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Told of every agency an action read, so a request's loader need not read it again. */
  onAgencyRead?: (agency: Agency) => void;
  /** The dead-letter redrive's SQS client and queue prefix, read when an operator first redrives. */
  queues?: () => { sqs: SQSClient; queueNamePrefix: string };
}

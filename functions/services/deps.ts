import type { Agency } from '#domain/agencies';
import type { Procedure } from '#domain/catalog';
import type { CodeFormChoice } from '#domain/codes/code-forms';
import type { DossierFiles } from '#files/dossier-files';
import type { RedriveOptions, RedriveResult } from '#redrive/redrive';
import type { Store } from '../store';

/** What every use case is given: the store, the clock, the id source. Built once per process. */
export interface ServiceDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Told of every agency an action read, so a request's loader need not read it again. */
  onAgencyRead?: (agency: Agency) => void;
  /** Told of every procedure version an action read, so later requests name it without a read (services/catalog.ts). */
  onProcedureRead?: (procedure: Procedure) => void;
  /**
   * Moves an agency's dead-lettered messages back (functions/redrive bound to an SQS client and
   * the queue prefix). Given only by the edges that redrive, so the others bundle no SQS client.
   */
  deadLetters?: (options: Omit<RedriveOptions, 'queueNamePrefix'>) => Promise<RedriveResult>;
  /** The province's dossier code forms by date (functions/domain/codes); none: the rule set's provincial form. */
  codeForms?: readonly CodeFormChoice[];
  /** The province's dossier bucket (issue 11); given by the edges that handle files. */
  files?: DossierFiles;
}

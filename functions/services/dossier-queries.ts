import { permits } from '#domain/authorization';
import type { Dossier, DossierEvent, DossierStatus } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import { officerHistory } from '#domain/satisfaction';
import { checkPeriod } from '#domain/validation';
import type { Page } from '../store';
import type { ServiceDeps } from './deps';

/**
 * One request's record of the applicant's personal data served in full (unmasked ID number,
 * phone, email; forms showing them): the first time a dossier's data is shown, a read is recorded
 * beside its history, as the audited `read` records one. Every path that shows it goes through here.
 */
export interface PersonalDataAudit {
  shown(dossier: Dossier): Promise<void>;
  /** The request already recorded a read of this dossier (the audited `read`). */
  recorded(dossierId: string): void;
}

/**
 * Histories the audited `read` fetched with the head, by the dossier object it answered
 * (the parent its `history` field resolves on): nothing outlives the request's objects, and no
 * other request can pick one up.
 */
const prefetched = new WeakMap<Dossier, Promise<DossierEvent[]>>();

/** The dossier reads officers and systems make. Who may list what is checked at the edge by the authorization table. */
export function dossierQueries(deps: ServiceDeps) {
  const { dossiers } = deps.store;
  const historyOfId = async (id: string) => officerHistory(await dossiers.history(id));
  return {
    /**
     * The audited read: the dossier if the caller may read it, with the read kept beside its
     * history. Not allowed reads as not found, so probing ids tells nothing about other
     * agencies' dossiers. One Query reads the head and its history (an officer's full view shows
     * it), then the read is recorded: the answer waits for the record and fails if it cannot be
     * written. Two requests, two round trips: the record cannot go earlier, as whether the
     * caller may read is known only from the head.
     */
    async read(caller: Caller, id: string, requestId: string): Promise<Dossier | null> {
      const { dossier, history } = await dossiers.dossierWithHistory(id);
      if (!dossier || !permits('DOSSIER_READ', caller, { dossier })) return null;
      prefetched.set(dossier, Promise.resolve(officerHistory(history)));
      await dossiers.recordRead(dossier.id, { ...caller, at: deps.now(), requestId });
      return dossier;
    },

    /** The dossier if the caller may read it, without a read-log entry: for what shows no personal data in full. */
    async readable(caller: Caller, id: string): Promise<Dossier | null> {
      const dossier = await dossiers.dossier(id);
      return dossier && permits('DOSSIER_READ', caller, { dossier }) ? dossier : null;
    },

    personalDataAudit(caller: Caller | null, requestId: string): PersonalDataAudit {
      const recorded = new Map<string, Promise<void>>();
      return {
        shown(dossier) {
          if (!caller) return Promise.resolve();
          let done = recorded.get(dossier.id);
          if (!done) {
            done = dossiers.recordRead(dossier.id, { ...caller, at: deps.now(), requestId });
            recorded.set(dossier.id, done);
          }
          return done;
        },
        recorded(dossierId) {
          recorded.set(dossierId, Promise.resolve());
        },
      };
    },

    /** The head as stored, for systems (consumers, operators' tools), never for an officer's request. */
    get: (id: string): Promise<Dossier | undefined> => dossiers.dossier(id),

    inbox: (agencyCode: string, options: { status?: DossierStatus; first: number; after?: string }): Promise<Page<Dossier>> =>
      dossiers.inbox(agencyCode, options),

    register(agencyCode: string, options: { from: string; to: string; first: number; after?: string }): Promise<Page<Dossier>> {
      checkPeriod(options.from, options.to);
      return dossiers.register(agencyCode, options);
    },

    /** A citizen's dossiers that the caller may read, newest first. */
    async byCitizenId(caller: Caller, idNumber: string, first: number): Promise<Dossier[]> {
      if (!/^\d{12}$/.test(idNumber))
        throw new DomainError('BAD_INPUT', 'A citizen ID number (CCCD) has exactly 12 digits', { field: 'idNumber' });
      const found = await dossiers.byCitizenId(idNumber, first);
      return found.filter((dossier) => permits('DOSSIER_READ', caller, { dossier }));
    },

    findByCode: (code: string) => dossiers.findByCode(code),
    /** As officers see it: how the applicant rated is not in it (domain/satisfaction.ts). */
    history: historyOfId,
    /** The history of a dossier as a query answered it: what the audited `read` already fetched, or a fresh read. */
    historyOf: (dossier: Dossier): Promise<DossierEvent[]> => prefetched.get(dossier) ?? historyOfId(dossier.id),
    readLog: (id: string, last: number) => dossiers.readLog(id, last),
    opinionRequests: (agencyCode: string, first: number) => dossiers.opinionRequests(agencyCode, first),
  };
}

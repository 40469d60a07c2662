import { verdict } from '../calendar/deadline';
import type { Channel } from '../dossier';
import type { DossierEvent } from '../events';
import type { CellScope, Counter, Delta } from './counters';
import { vnDay } from './days';

/** What the read model folds: every dossier event (fees, files and ratings of issues 10–12 among them). */
export type StatsEvent = DossierEvent;

/**
 * A dossier as the statistics see it: the projector keeps one per dossier (its idempotency marker
 * too: `version` is the last event applied) and the pure fold rebuilds it from the events.
 */
export interface Tracker extends CellScope {
  dossierId: string;
  version: number;
  channel: Channel;
  receivedAt?: string;
  /** The appointment the statistics judge by (NgayHenTra): moved by clock pauses, not by an apology [U]. */
  dueAt?: string;
  /** The instant from which an open dossier counts as overdue, once its `overdueFrom` is written. */
  markAt?: string;
  /** Waiting for the applicant since then (766: the request time is the end time). */
  pausedAt?: string;
  supplementRequests: number;
  closedAt?: string;
  outcome?: 'EARLY' | 'ON_TIME' | 'LATE';
  apologies: number;
  /** The last apology (Form 04), for lists of late dossiers. */
  lastApology?: { at: string; revisedDueAt: string; reason: string };
  flags: Partial<Record<'feeBearing' | 'paidOnline' | 'digitised' | 'reused' | 'eResults' | 'rated', true>>;
}

const RECEIVED_BY_CHANNEL: Record<Channel, Counter> = {
  DIRECT: 'receivedDirect',
  ONLINE: 'receivedOnline',
  POSTAL: 'receivedPostal',
};
const RATINGS: Record<string, Counter> = {
  VERY_SATISFIED: 'ratedVerySatisfied',
  SATISFIED: 'ratedSatisfied',
  DISSATISFIED: 'ratedDissatisfied',
};
const REUSED = new Set(['REUSED_RESULT', 'CITIZEN_STORE', 'NATIONAL_STORE']);
const DIGITISED = new Set(['COUNTER_SCAN', 'APPLICANT_UPLOAD']);
const CLOSING = new Set(['RESOLVED', 'RETURNED', 'WITHDRAWN', 'STOPPED']);

/** The tracker after one event, and what the event adds to the day cells. */
export interface Projection {
  tracker: Tracker;
  deltas: Delta[];
}

/**
 * Applies one event to a dossier's statistics. Pure: the projector runs it per stream record and
 * the fold (fold.ts) over whole histories, so both give the same cells.
 */
export function projectEvent(previous: Tracker | undefined, event: StatsEvent): Projection {
  if (event.type === 'SUBMITTED') {
    const initial = event.initial;
    const tracker: Tracker = {
      dossierId: event.dossierId,
      version: event.version,
      agency: initial.competentAgency,
      procedure: initial.procedureCode,
      level: initial.terms.level,
      channel: initial.channel,
      supplementRequests: 0,
      apologies: 0,
      flags: {},
    };
    const out = new Builder(tracker);
    // A dossier copied by the province migration may arrive already received.
    if (initial.receivedAt && initial.dueAt) out.receive(initial.receivedAt, initial.dueAt);
    return out.done();
  }
  if (!previous) throw new Error(`Statistics: ${event.type} (v${event.version}) of dossier ${event.dossierId} before SUBMITTED`);
  const out = new Builder({ ...previous, flags: { ...previous.flags }, version: event.version });
  out.apply(event);
  return out.done();
}

class Builder {
  private readonly deltas: Delta[] = [];
  constructor(private readonly t: Tracker) {}

  done(): Projection {
    return { tracker: this.t, deltas: this.deltas };
  }

  private add(counter: Counter, at: string, sign: 1 | -1 = 1): void {
    const { agency, procedure, level, dossierId } = this.t;
    this.deltas.push({ agency, procedure, level, day: vnDay(at), counter, dossierId, sign });
  }

  private once(flag: keyof Tracker['flags'], counter: Counter, at: string): void {
    if (this.t.flags[flag]) return;
    this.t.flags[flag] = true;
    this.add(counter, at);
  }

  receive(at: string, dueAt: string): void {
    this.t.receivedAt = at;
    this.add(RECEIVED_BY_CHANNEL[this.t.channel], at);
    this.startMark(dueAt);
  }

  /** Counts the dossier overdue from `at` (a future due day is taken back if the due moves). */
  private startMark(at: string): void {
    this.t.dueAt = at;
    this.t.markAt = at;
    this.add('overdueFrom', at);
  }

  /** Whether the dossier is already overdue at `now` (its overdue count has begun). */
  private overdueAt(now: string): boolean {
    return this.t.markAt !== undefined && Date.parse(this.t.markAt) < Date.parse(now);
  }

  /** Takes back an overdue count that has not begun (the due moves, or the clock stops in time). */
  private cancelPendingMark(now: string): void {
    if (!this.t.markAt || this.overdueAt(now)) return;
    this.add('overdueFrom', this.t.markAt, -1);
    delete this.t.markAt;
  }

  apply(event: StatsEvent): void {
    const t = this.t;
    if (t.closedAt) {
      this.applyAfterClose(event);
      return;
    }
    if (!t.receivedAt && event.type === 'ACCEPTED') {
      this.receive(event.at, event.dueAt);
      return;
    }
    if (!t.receivedAt) {
      if (event.type === 'REFUSED') this.add('refusals', event.at);
      if (event.type === 'WITHDRAWN') this.add('withdrawals', event.at);
      this.applyAfterClose(event);
      return;
    }
    switch (event.type) {
      case 'SUPPLEMENT_REQUESTED':
        t.supplementRequests += 1;
        this.add('supplements', event.at);
        this.pause(event.at);
        // 766: more than one supplement request makes the dossier late, from this request on.
        if (t.supplementRequests === 2 && !this.overdueAt(event.at)) {
          this.cancelPendingMark(event.at);
          this.startMark(event.at);
        }
        return;
      case 'FINANCIAL_OBLIGATION_REQUESTED':
        if (event.pausesClock) this.pause(event.at);
        return;
      case 'SUPPLEMENT_RECEIVED':
      case 'FINANCIAL_OBLIGATION_MET':
        this.resume(event.dueAt);
        return;
      case 'APOLOGIZED':
        t.apologies += 1;
        t.lastApology = { at: event.at, revisedDueAt: event.revisedDueAt, reason: event.reason };
        this.add('apologies', event.at);
        return;
      default:
        if (CLOSING.has(event.statusAfter)) this.close(event);
        else this.applyAfterClose(event);
    }
  }

  private pause(at: string): void {
    if (this.t.pausedAt) return;
    this.t.pausedAt = at;
    this.cancelPendingMark(at);
  }

  private resume(dueAt: string | undefined): void {
    const t = this.t;
    delete t.pausedAt;
    if (dueAt) t.dueAt = dueAt;
    if (!t.markAt && t.dueAt) this.startMark(t.dueAt);
  }

  /** The end of processing: judged at the pause if waiting for the applicant (766), else now. */
  private close(event: StatsEvent): void {
    const t = this.t;
    const endAt = t.pausedAt ?? event.at;
    const overdue = this.overdueAt(endAt) || (t.markAt !== undefined && t.pausedAt !== undefined);
    t.closedAt = event.at;
    t.outcome = overdue ? 'LATE' : t.dueAt ? verdict(new Date(endAt), new Date(t.dueAt)) : 'ON_TIME';
    // An overdue count ends the day the dossier closes; one that had not begun is taken back.
    if (overdue) this.add('overdueTo', event.at);
    else this.cancelPendingMark(event.at);
    delete t.markAt;
    this.add(t.outcome === 'EARLY' ? 'resolvedEarly' : t.outcome === 'ON_TIME' ? 'resolvedOnTime' : 'resolvedLate', event.at);
    if (event.type === 'WITHDRAWN') this.add('withdrawals', event.at);
    if (event.type === 'STOPPED') this.add('stops', event.at);
  }

  /** Events counted whatever the dossier's state: ratings, fees, documents. */
  private applyAfterClose(event: StatsEvent): void {
    switch (event.type) {
      case 'RATED': {
        const counter = RATINGS[event.level];
        if (counter && !this.t.flags.rated) this.once('rated', counter, event.at);
        return;
      }
      case 'FEES_ASSESSED':
        if (event.fees.some((fee) => fee.amount > 0)) this.once('feeBearing', 'feeBearing', event.at);
        return;
      case 'FEE_PAID':
        if (event.paidVia === 'PORTAL') this.once('paidOnline', 'paidOnline', event.at);
        return;
      case 'DOCUMENT_ATTACHED':
        if (DIGITISED.has(event.provenance)) this.once('digitised', 'digitised', event.at);
        if (REUSED.has(event.provenance)) this.once('reused', 'reused', event.at);
        return;
      case 'RESULT_DOCUMENT_ATTACHED':
        this.once('eResults', 'eResults', event.at);
        return;
      default:
        return;
    }
  }
}

import { permits } from '#domain/authorization';
import { toVnIso } from '#domain/calendar';
import { calendarFor } from '#domain/clock';
import { AgencyNotFoundError, badInput, DossierNotFoundError, FeedbackNotFoundError, ProcedureNotFoundError } from '#domain/errors';
import type { Actor } from '#domain/events';
import {
  checkFeedbackInput,
  type Feedback,
  type FeedbackCommand,
  type FeedbackContact,
  type FeedbackEvent,
  handleFeedback,
  receiveFeedback,
} from '#domain/feedback';
import { nearlyDueLimit } from '#domain/feedback-deadlines';
import type { Caller } from '#domain/lifecycle';
import type { ServiceDeps } from './deps';
import { publicLookup, spendPublicAttempt } from './lookup';

export interface SendFeedbackCommand {
  content: string;
  procedureCode?: string | undefined;
  dossierCode?: string | undefined;
  /** The receipt's secret: required with a dossier code, so nobody files against another's dossier. */
  secret?: string | undefined;
  /** The agency addressed, when no dossier code names one. */
  agencyCode?: string | undefined;
  contact?: FeedbackContact | undefined;
}

export interface FeedbackOverview {
  agencyCode: string;
  asOf: string;
  backlog: number;
  overdueCount: number;
  nearlyDueCount: number;
  overdue: Feedback[];
  nearlyDue: Feedback[];
}

export type FeedbackList = 'ALL' | 'OVERDUE' | 'NEARLY_DUE';

const PUBLIC_SENDER: Actor = { officerId: 'public', agencyCode: 'system', role: 'PUBLIC' };
const LIST_SIZE = 50;

/** Feedback and complaints (PAKN): one use case per step, each one transaction (store/feedback-store.ts). */
export function feedbackService(deps: ServiceDeps) {
  const store = deps.store.feedback;
  const vnDay = (at: Date) => toVnIso(at).slice(0, 10);

  async function requireAgency(field: string, code: string): Promise<void> {
    const [agency] = await deps.store.agencies.agencies([code]);
    if (!agency) throw new AgencyNotFoundError(undefined, { field, agencyCode: code });
  }

  /** Where it goes first and what it is about; the dossier path proves the sender holds the receipt. */
  async function intake(command: SendFeedbackCommand, clientKey: string | undefined) {
    if (command.dossierCode) {
      if (!command.secret) throw badInput('secret', 'The secret printed on the receipt is needed with a dossier code');
      const dossier = await publicLookup(deps, command.dossierCode, command.secret, clientKey);
      if (!dossier) throw new DossierNotFoundError('No dossier with this code and secret');
      return {
        input: {
          topic: 'DOSSIER' as const,
          procedureCode: dossier.procedureCode,
          dossier: { id: dossier.id, code: dossier.code! },
          intakeAgency: dossier.competentAgency,
        },
      };
    }
    if (!command.agencyCode) throw badInput('agencyCode', 'Name the agency, or give a dossier code and its secret');
    if (command.procedureCode && !(await deps.store.catalog.procedure(command.procedureCode)))
      throw new ProcedureNotFoundError(undefined, { field: 'procedureCode' });
    await requireAgency('agencyCode', command.agencyCode);
    return {
      input: {
        topic: 'PROCEDURE' as const,
        ...(command.procedureCode ? { procedureCode: command.procedureCode } : {}),
        intakeAgency: command.agencyCode,
      },
    };
  }

  async function loadHeld(caller: Caller, id: string): Promise<Feedback> {
    const feedback = await store.feedback(id);
    // Another agency's item reads as not found.
    if (!feedback || !permits('FEEDBACK_HANDLE', caller, { agency: feedback.holderAgency })) throw new FeedbackNotFoundError();
    return feedback;
  }

  return {
    /**
     * Anyone sends (public route). Each submission spends the client's public budget (a keyed hash
     * of its address, services/lookup.ts), so the inbox cannot be flooded from one place.
     */
    async send(command: SendFeedbackCommand, clientKey?: string): Promise<Feedback> {
      checkFeedbackInput(command);
      if (command.procedureCode !== undefined && !command.procedureCode.trim()) throw badInput('procedureCode', 'Empty procedure code');
      const { input } = await intake(command, clientKey);
      await spendPublicAttempt(deps, clientKey);
      const now = deps.now();
      const transition = receiveFeedback(
        { ...input, content: command.content, ...(command.contact ? { contact: command.contact } : {}) },
        { id: deps.newId(), now, actor: PUBLIC_SENDER, calendar: calendarFor(), receivedDay: vnDay(now) },
      );
      await store.commitFeedback(transition);
      return transition.feedback;
    },

    /** Classify, forward, answer or publish an item the caller's agency holds. */
    async handle(caller: Caller, id: string, command: FeedbackCommand): Promise<Feedback> {
      const feedback = await loadHeld(caller, id);
      const now = deps.now();
      const actor = { officerId: caller.officerId, agencyCode: caller.agencyCode, role: caller.roles[0] ?? 'UNKNOWN' };
      const transition = handleFeedback(feedback, command, { now, actor, calendar: calendarFor() });
      if (command.step === 'CLASSIFY' && command.routeTo) await requireAgency('routeTo', command.routeTo);
      if (command.step === 'FORWARD' && command.toAgency) await requireAgency('toAgency', command.toAgency);
      await store.commitFeedback(transition, vnDay(now));
      return transition.feedback;
    },

    /** An item the caller's agency holds, with its history; null otherwise. */
    async item(caller: Caller, id: string): Promise<{ feedback: Feedback; history: FeedbackEvent[] } | null> {
      const feedback = await store.feedback(id);
      if (!feedback || !permits('FEEDBACK_INBOX_READ', caller, { agency: feedback.holderAgency })) return null;
      return { feedback, history: await store.feedbackHistory(id) };
    },

    /** What the sender may see by the code: the status, and the answer once published. */
    byCode: (code: string) => store.feedbackByCode(code),

    /** The answers an agency published (public), newest first. */
    published: (agencyCode: string, first: number) => store.publishedFeedback(agencyCode, first),

    /** The agency's PAKN inbox by next deadline: all open items, the overdue ones, or the nearly due ones. */
    async inbox(agencyCode: string, list: FeedbackList, first: number): Promise<Feedback[]> {
      return store.feedbackInbox(agencyCode, rangeOf(list, deps.now()), first);
    },

    /** Backlog, overdue and nearly due at the agency now (what the dashboard shows). */
    async overview(agencyCode: string): Promise<FeedbackOverview> {
      const now = deps.now();
      const [backlog, overdueCount, nearlyDueCount, overdue, nearlyDue] = await Promise.all([
        store.countFeedbackInbox(agencyCode, rangeOf('ALL', now)),
        store.countFeedbackInbox(agencyCode, rangeOf('OVERDUE', now)),
        store.countFeedbackInbox(agencyCode, rangeOf('NEARLY_DUE', now)),
        store.feedbackInbox(agencyCode, rangeOf('OVERDUE', now), LIST_SIZE),
        store.feedbackInbox(agencyCode, rangeOf('NEARLY_DUE', now), LIST_SIZE),
      ]);
      return { agencyCode, asOf: now.toISOString(), backlog, overdueCount, nearlyDueCount, overdue, nearlyDue };
    },

    /** Answers on time ÷ answers given at the agency on the days from..to, in % (2 decimals); null when none. */
    async onTimePercent(agencyCode: string, from: string, to: string): Promise<number | null> {
      const { answered, onTime } = await store.answerCounts(agencyCode, from, to);
      return answered === 0 ? null : Math.round((onTime / answered) * 10_000) / 100;
    },
  };
}

/** Deadline ranges of the inbox index: overdue before now; nearly due from now to the limit. */
function rangeOf(list: FeedbackList, now: Date): { from?: string; to?: string } {
  if (list === 'OVERDUE') return { to: now.toISOString() };
  if (list === 'NEARLY_DUE') return { from: now.toISOString(), to: `${nearlyDueLimit(now, calendarFor()).toISOString()}#\uffff` };
  return {};
}

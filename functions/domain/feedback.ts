import { createHash } from 'node:crypto';
import type { Calendar } from './calendar';
import { badInput, FeedbackStepNotAllowedError } from './errors';
import type { Actor } from './events';
import { deadlineOf, type FeedbackStep } from './feedback-deadlines';

/**
 * Feedback and complaints (phản ánh, kiến nghị: PAKN) under Decree 20/2008/NĐ-CP as amended
 * (domain.md Appendix D): received from anyone, classified, routed to the competent agency,
 * forwarded when outside its authority, answered and published. Like a dossier, an item's head is
 * the fold of its events (FEEDBACK_*), and each step's deadline is decided when the step happens
 * and stored with it.
 *
 *   RECEIVED ──classify──▶ REJECTED (not meeting art. 7)
 *            ├─────────────▶ IN_HANDLING (conduct, or within authority) ──answer──▶ ANSWERED ──publish──▶ PUBLISHED
 *            └─────────────▶ AWAITING_FORWARD (outside authority) ──forward──▶ IN_HANDLING at the agency named
 *                                                                   └──────────▶ FORWARDED (to a body outside the province)
 */
export type FeedbackStatus = 'RECEIVED' | 'REJECTED' | 'AWAITING_FORWARD' | 'IN_HANDLING' | 'FORWARDED' | 'ANSWERED' | 'PUBLISHED';
export const CLOSED_FEEDBACK: readonly FeedbackStatus[] = ['REJECTED', 'FORWARDED', 'PUBLISHED'];

export type FeedbackClassification = 'REJECTED' | 'CONDUCT' | 'WITHIN_AUTHORITY' | 'OUTSIDE_AUTHORITY';
export const FEEDBACK_CLASSIFICATIONS: readonly FeedbackClassification[] = ['REJECTED', 'CONDUCT', 'WITHIN_AUTHORITY', 'OUTSIDE_AUTHORITY'];

/** What it is about: the handling of a dossier, or a procedure (an administrative regulation). */
export type FeedbackTopic = 'DOSSIER' | 'PROCEDURE';

export interface FeedbackContact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface Feedback {
  id: string;
  /** Given to the sender to follow the item: PAKN-YYMMDD-XXXXXXXX. */
  code: string;
  topic: FeedbackTopic;
  procedureCode?: string;
  dossierId?: string;
  dossierCode?: string;
  content: string;
  contact?: FeedbackContact;
  status: FeedbackStatus;
  /** The agency that must act now (intake, the routed one, or the one forwarded to). */
  holderAgency: string;
  receivedAt: string;
  classification?: FeedbackClassification;
  classificationNote?: string;
  routedAt?: string;
  forwardedTo?: { agencyCode?: string; externalBody?: string; at: string };
  answer?: { text: string; at: string; onTime: boolean };
  publishedAt?: string;
  /** The next step and when it is due (absent once closed). */
  deadline?: { step: FeedbackStep; at: string };
  version: number;
  updatedAt: string;
}

interface FeedbackEventFields {
  FEEDBACK_RECEIVED: { initial: Omit<Feedback, 'version' | 'updatedAt'> };
  FEEDBACK_CLASSIFIED: { classification: FeedbackClassification; note?: string; routedTo?: string };
  FEEDBACK_FORWARDED: { toAgency?: string; externalBody?: string; note?: string };
  FEEDBACK_ANSWERED: { answer: string; onTime: boolean };
  FEEDBACK_PUBLISHED: Record<never, never>;
}
export type FeedbackEventType = keyof FeedbackEventFields;

export interface FeedbackEventHeader {
  feedbackId: string;
  version: number;
  at: string;
  actor: Actor;
  statusAfter: FeedbackStatus;
  holderAfter: string;
  /** The deadline the item has after the event (absent once closed). */
  deadlineAfter?: { step: FeedbackStep; at: string };
}

export type FeedbackEvent = { [T in FeedbackEventType]: FeedbackEventHeader & { type: T } & FeedbackEventFields[T] }[FeedbackEventType];

export interface FeedbackTransition {
  feedback: Feedback;
  event: FeedbackEvent;
}

/** The fold: the head is its events applied in order. */
export function evolveFeedback(previous: Feedback | null, event: FeedbackEvent): Feedback {
  if (event.type === 'FEEDBACK_RECEIVED') return { ...event.initial, version: event.version, updatedAt: event.at };
  if (!previous) throw new Error(`${event.type} before FEEDBACK_RECEIVED of ${event.feedbackId}`);
  const { deadline: _deadline, ...rest } = previous;
  const next: Feedback = {
    ...rest,
    status: event.statusAfter,
    holderAgency: event.holderAfter,
    ...(event.deadlineAfter ? { deadline: event.deadlineAfter } : {}),
    version: event.version,
    updatedAt: event.at,
  };
  switch (event.type) {
    case 'FEEDBACK_CLASSIFIED':
      return {
        ...next,
        classification: event.classification,
        ...(event.note ? { classificationNote: event.note } : {}),
        ...(event.statusAfter === 'IN_HANDLING' ? { routedAt: event.at } : {}),
      };
    case 'FEEDBACK_FORWARDED':
      return {
        ...next,
        forwardedTo: {
          at: event.at,
          ...(event.toAgency ? { agencyCode: event.toAgency } : {}),
          ...(event.externalBody ? { externalBody: event.externalBody } : {}),
        },
        ...(event.toAgency ? { routedAt: event.at } : {}),
      };
    case 'FEEDBACK_ANSWERED':
      return { ...next, answer: { text: event.answer, at: event.at, onTime: event.onTime } };
    case 'FEEDBACK_PUBLISHED':
      return { ...next, publishedAt: event.at };
  }
}

export const foldFeedback = (events: readonly FeedbackEvent[]): Feedback | null =>
  events.reduce<Feedback | null>((head, event) => evolveFeedback(head, event), null);

// ---------------------------------------------------------------------------------------------
// The steps: each checks its input and the item's status, decides one event, applies it.

export interface FeedbackInput {
  content: string;
  topic: FeedbackTopic;
  procedureCode?: string;
  dossier?: { id: string; code: string };
  intakeAgency: string;
  contact?: FeedbackContact;
}

const PHONE = /^\+?\d[\d .-]{7,18}\d$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function text(field: string, value: string | undefined, max: number): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) throw badInput(field, `${field} is required`);
  if (trimmed.length > max) throw badInput(field, `${field} is at most ${max} characters`);
  return trimmed;
}

/** The sender's input alone, before anything is read: content, and contact details when given. */
export function checkFeedbackInput(input: { content: string; contact?: FeedbackContact | undefined }): void {
  text('content', input.content, 5000);
  const contact = input.contact;
  if (contact?.name !== undefined) text('contact.name', contact.name, 200);
  if (contact?.phone !== undefined && !PHONE.test(contact.phone)) throw badInput('contact.phone', 'Not a phone number');
  if (contact?.email !== undefined && !EMAIL.test(contact.email)) throw badInput('contact.email', 'Not an e-mail address');
}

/** PAKN-YYMMDD-XXXXXXXX: the day received (VN) and 8 characters derived from the random id. */
export function feedbackCode(id: string, receivedDay: string): string {
  const digest = createHash('sha256').update(id).digest();
  const tail = Array.from(digest.subarray(0, 8), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
  return `PAKN-${receivedDay.replaceAll('-', '').slice(2)}-${tail}`;
}

export function receiveFeedback(
  input: FeedbackInput,
  context: { id: string; now: Date; actor: Actor; calendar: Calendar; receivedDay: string },
): FeedbackTransition {
  checkFeedbackInput(input);
  const at = context.now.toISOString();
  const deadlineAfter = { step: 'CLASSIFY' as const, at: deadlineOf('CLASSIFY', context.now, context.calendar).toISOString() };
  const initial: Omit<Feedback, 'version' | 'updatedAt'> = {
    id: context.id,
    code: feedbackCode(context.id, context.receivedDay),
    topic: input.topic,
    ...(input.procedureCode ? { procedureCode: input.procedureCode } : {}),
    ...(input.dossier ? { dossierId: input.dossier.id, dossierCode: input.dossier.code } : {}),
    content: input.content.trim(),
    ...(input.contact && Object.keys(input.contact).length > 0 ? { contact: input.contact } : {}),
    status: 'RECEIVED',
    holderAgency: input.intakeAgency,
    receivedAt: at,
    deadline: deadlineAfter,
  };
  const event: FeedbackEvent = {
    feedbackId: context.id,
    version: 1,
    at,
    actor: context.actor,
    statusAfter: 'RECEIVED',
    holderAfter: input.intakeAgency,
    deadlineAfter,
    type: 'FEEDBACK_RECEIVED',
    initial,
  };
  return { feedback: evolveFeedback(null, event), event };
}

export type FeedbackCommand =
  | { step: 'CLASSIFY'; classification: FeedbackClassification; note?: string | undefined; routeTo?: string | undefined }
  | { step: 'FORWARD'; toAgency?: string | undefined; externalBody?: string | undefined; note?: string | undefined }
  | { step: 'ANSWER'; answer: string }
  | { step: 'PUBLISH' };

/** Which status each step starts from. */
const FROM: Record<FeedbackCommand['step'], FeedbackStatus> = {
  CLASSIFY: 'RECEIVED',
  FORWARD: 'AWAITING_FORWARD',
  ANSWER: 'IN_HANDLING',
  PUBLISH: 'ANSWERED',
};

export function handleFeedback(
  feedback: Feedback,
  command: FeedbackCommand,
  context: { now: Date; actor: Actor; calendar: Calendar },
): FeedbackTransition {
  if (feedback.status !== FROM[command.step])
    throw new FeedbackStepNotAllowedError(`${command.step} is not possible while the item is ${feedback.status}`, {
      status: feedback.status,
      step: command.step,
    });
  const { now, calendar } = context;
  const header = { feedbackId: feedback.id, version: feedback.version + 1, at: now.toISOString(), actor: context.actor };
  const due = (step: FeedbackStep, from: Date) => ({ step, at: deadlineOf(step, from, calendar).toISOString() });
  const answerStep: FeedbackStep = feedback.topic === 'DOSSIER' ? 'ANSWER_DOSSIER' : 'ANSWER_REGULATION';
  let event: FeedbackEvent;
  switch (command.step) {
    case 'CLASSIFY': {
      const { classification } = command;
      if (!FEEDBACK_CLASSIFICATIONS.includes(classification)) throw badInput('classification', 'Unknown classification');
      const note = command.note?.trim();
      if (note && note.length > 2000) throw badInput('note', 'The note is at most 2000 characters');
      if (classification === 'REJECTED' && !note) throw badInput('note', 'Say why the feedback is rejected (Decree 20/2008 art. 7)');
      if (command.routeTo !== undefined && classification !== 'CONDUCT')
        throw badInput('routeTo', 'Only feedback about conduct is sent to another agency at classification; use forwarding');
      const fields = { type: 'FEEDBACK_CLASSIFIED' as const, classification, ...(note ? { note } : {}) };
      if (classification === 'REJECTED') event = { ...header, ...fields, statusAfter: 'REJECTED', holderAfter: feedback.holderAgency };
      else if (classification === 'OUTSIDE_AUTHORITY')
        event = {
          ...header,
          ...fields,
          statusAfter: 'AWAITING_FORWARD',
          holderAfter: feedback.holderAgency,
          deadlineAfter: due('FORWARD', new Date(feedback.receivedAt)),
        };
      else {
        const holder = command.routeTo ?? feedback.holderAgency;
        const step = classification === 'CONDUCT' ? 'ANSWER_DOSSIER' : answerStep;
        event = {
          ...header,
          ...fields,
          ...(command.routeTo ? { routedTo: holder } : {}),
          statusAfter: 'IN_HANDLING',
          holderAfter: holder,
          deadlineAfter: due(step, now),
        };
      }
      break;
    }
    case 'FORWARD': {
      const external = command.externalBody?.trim();
      if (!!command.toAgency === !!external) throw badInput('toAgency', 'Name either an agency of the province or an outside body');
      if (external && external.length > 300) throw badInput('externalBody', 'At most 300 characters');
      if (command.toAgency === feedback.holderAgency) throw badInput('toAgency', 'Forward to another agency');
      const note = command.note?.trim();
      if (note && note.length > 2000) throw badInput('note', 'The note is at most 2000 characters');
      const fields = { type: 'FEEDBACK_FORWARDED' as const, ...(note ? { note } : {}) };
      event = command.toAgency
        ? {
            ...header,
            ...fields,
            toAgency: command.toAgency,
            statusAfter: 'IN_HANDLING',
            holderAfter: command.toAgency,
            deadlineAfter: due(answerStep, now),
          }
        : { ...header, ...fields, externalBody: external!, statusAfter: 'FORWARDED', holderAfter: feedback.holderAgency };
      break;
    }
    case 'ANSWER': {
      const answer = text('answer', command.answer, 10_000);
      const onTime = !feedback.deadline || now.getTime() <= Date.parse(feedback.deadline.at);
      event = {
        ...header,
        type: 'FEEDBACK_ANSWERED',
        answer,
        onTime,
        statusAfter: 'ANSWERED',
        holderAfter: feedback.holderAgency,
        deadlineAfter: due('PUBLISH', now),
      };
      break;
    }
    case 'PUBLISH':
      event = { ...header, type: 'FEEDBACK_PUBLISHED', statusAfter: 'PUBLISHED', holderAfter: feedback.holderAgency };
      break;
  }
  return { feedback: evolveFeedback(feedback, event), event };
}

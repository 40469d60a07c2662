/**
 * The dossier's lifecycle, one concept per file:
 * - submission.ts  handing a dossier in (the first event)
 * - act.ts         an officer action: the rules check, then the one event it decides
 * - handoffs.ts, consultation.ts, appointment.ts   the actions with more to decide
 * - delivery.ts    a handoff arriving in the receiver's inbox (the platform's own action)
 * - evolve.ts      the fold: applying an event to the head, and rebuilding it from the history
 * - inputs.ts      documents, Form 02 items and reasons as officers give them
 * - ids.ts, dossier-code.ts   the names of what actions create
 */
export { act } from './act';
export { type DeliverInput, deliver } from './delivery';
export { dossierCode, MAX_DAILY_SEQUENCE, vietnamYymmdd } from './dossier-code';
export { evolve, fold } from './evolve';
export { nextEventId, opinionRequestId, parseOpinionRequestId } from './ids';
export { type SubmitInput, submit, termsOf } from './submission';
export type { ActContext, Caller, Command, CommandOf, DeliveryMode, Transition } from './types';

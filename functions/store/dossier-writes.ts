import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Handoff, OpinionRequest } from '#domain/dossier';
import type { Transition } from '#domain/lifecycle';
import { dossierItem, eventItem, type HandoffState, handoffItem, opinionRequestItem } from './dossier-items';
import { failedConditionIndex, isConditionFailure, isTransactionConflict, SequenceTaken, translated } from './errors';
import { usedNumberPut } from './numbering-store';
import { type Condition, conditionalPut, IS_NEW, type Table, type TransactItem } from './table';
import { keys } from './table-design';

/** Why an extra item of a transition's transaction failed its condition; the verbs translate it. */
export class ExtraConditionFailed extends Error {
  readonly code = 'EXTRA_CONDITION_FAILED';
  constructor(
    readonly index: number,
    options: { cause: unknown },
  ) {
    super(`Condition of extra transaction item ${index} failed`, options);
    this.name = 'ExtraConditionFailed';
  }
}

const stateIs = (state: HandoffState): Condition => ({
  expression: '#state = :state',
  names: { '#state': 'state' },
  values: { ':state': state },
});

/**
 * The dossier's writes, one verb per thing a use case commits. Every transition is ONE
 * TransactWriteItems: the new head (only if the stored head is still at the version the
 * transition was computed from), its event (never overwriting history), and the records the
 * action keeps beside them (the day number's record, handoff record, opinion requests).
 */
export function dossierWrites(table: Table) {
  const commit = (transition: Transition, extra: TransactItem[] = []) => commitTransitionWith(table, transition, extra);

  const handoffPut = (dossierId: string, handoff: Handoff, condition: Condition) =>
    conditionalPut(table, handoffItem(dossierId, handoff), condition);

  /** The item that settles an opinion request: its answer, if any, and out of the agency's list. */
  const settleOpinionRequest = (dossierId: string, consultationId: string, request: OpinionRequest): TransactItem => ({
    Update: {
      TableName: table.name,
      Key: keys.opinionRequest(dossierId, consultationId, request.agencyCode),
      // An update, so the request's delivery record stays as it was.
      UpdateExpression: `${request.answeredAt ? 'SET answeredAt = :answeredAt, opinion = :opinion, agrees = :agrees, answeredBy = :answeredBy ' : ''}REMOVE GSI1PK, GSI1SK`,
      ConditionExpression: 'attribute_exists(PK)',
      ...(request.answeredAt
        ? {
            ExpressionAttributeValues: {
              ':answeredAt': request.answeredAt,
              ':opinion': request.opinion ?? '',
              ':agrees': request.agrees ?? false,
              ':answeredBy': request.answeredBy ?? '',
            },
          }
        : {}),
    },
  });

  return {
    /** A new dossier: the head must not exist yet. */
    commitSubmission: (transition: Transition) => commit(transition),

    /**
     * An acceptance with the number it reserved (numbering-store.ts): the number's USED record is
     * written in the same transaction, only if the number has no record yet, so a number is never
     * given twice. Throws SequenceTaken when it has one (a sweep voided it while this one stalled).
     */
    async commitAcceptance(transition: Transition, number: { agencyCode: string; day: string; number: number }): Promise<void> {
      const { dossier, event } = transition;
      try {
        await commit(transition, [usedNumberPut(table, { ...number, dossierId: dossier.id, code: dossier.code!, at: event.at })]);
      } catch (error) {
        if (error instanceof ExtraConditionFailed) throw new SequenceTaken(number.agencyCode, { cause: error });
        throw error;
      }
    },

    /** A transfer, with the handoff record it sends (SENT). */
    commitTransfer: (transition: Transition) =>
      commit(transition, [handoffPut(transition.dossier.id, transition.dossier.handoff!, IS_NEW)]),

    /** A consultation opened, with each request in the consulted agency's list. */
    commitOpinionRequests(transition: Transition): Promise<void> {
      const { dossier } = transition;
      const consultation = dossier.consultation!;
      return commit(
        transition,
        consultation.requests.map((request) => conditionalPut(table, opinionRequestItem(dossier, consultation, request), IS_NEW)),
      );
    },

    /** The receiver takes the delivered handoff: its record moves DELIVERED → ACCEPTED. */
    commitHandoffAcceptance: (transition: Transition) =>
      commit(transition, [handoffPut(transition.dossier.id, transition.dossier.handoff!, stateIs('DELIVERED'))]),

    /** The receiver sends it back: the handoff received is RETURNED, the RETURN handoff starts as SENT. */
    commitHandoffReturn: (transition: Transition, received: Handoff) =>
      commit(transition, [
        handoffPut(transition.dossier.id, received, stateIs('DELIVERED')),
        handoffPut(transition.dossier.id, transition.event.handoff!, IS_NEW),
      ]),

    /** Any other action, with the opinion requests it answered or took out of the agencies' lists. */
    commitTransition: (transition: Transition, settledOpinionRequests: readonly OpinionRequest[] = []) =>
      commit(
        transition,
        settledOpinionRequests.map((request) => settleOpinionRequest(transition.dossier.id, transition.dossier.consultation!.id, request)),
      ),

    /**
     * A handoff arrived: the transition and its record SENT → DELIVERED, together. False when
     * the record had left SENT already (a redelivered message): nothing was written.
     */
    async markDelivered(transition: Transition): Promise<boolean> {
      try {
        await commit(transition, [handoffPut(transition.dossier.id, transition.dossier.handoff!, stateIs('SENT'))]);
        return true;
      } catch (error) {
        if (error instanceof ExtraConditionFailed) return false;
        throw error;
      }
    },

    /** The dossier ended while the handoff travelled: its record SENT → DISCARDED; false if it had left SENT. */
    async markDiscarded(dossierId: string, handoff: Handoff): Promise<boolean> {
      const { expression, names, values } = stateIs('SENT');
      try {
        await table.db.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...handoffItem(dossierId, handoff), state: 'DISCARDED' satisfies HandoffState },
            ConditionExpression: expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Notes an opinion request's delivery; false when it was noted before (a redelivered message). */
    async markOpinionRequestDelivered(dossierId: string, consultationId: string, agencyCode: string, at: Date): Promise<boolean> {
      const key = keys.opinionRequest(dossierId, consultationId, agencyCode);
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: key,
            UpdateExpression: 'SET deliveredAt = :at',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deliveredAt)',
            ExpressionAttributeValues: { ':at': at.toISOString() },
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: key }));
        if (!Item) throw translated('INVALID_MESSAGE', `Unknown opinion request ${consultationId}.${agencyCode}`, { dossierId }, error);
        return false;
      }
    },

    /** One full read of a dossier, kept beside its history (who, from which agency, when). */
    async recordRead(
      dossierId: string,
      read: { officerId: string; agencyCode: string; roles: readonly string[]; at: Date; requestId: string; documentId?: string },
    ): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            PK: keys.dossier(dossierId).PK,
            SK: `${keys.dossierReadPrefix}${read.at.toISOString()}#${read.requestId}`,
            entity: 'READ',
            dossierId,
            officerId: read.officerId,
            agencyCode: read.agencyCode,
            roles: [...read.roles],
            at: read.at.toISOString(),
            requestId: read.requestId,
            // A file download (issue 11) is logged as a full read, naming the document.
            ...(read.documentId ? { documentId: read.documentId } : {}),
          },
        }),
      );
    },
  };
}

/**
 * One transition as ONE transaction: the head (only if still at the version it was computed
 * from), its event (never overwriting history), and the records kept beside them (`extra`, whose
 * failed condition comes back as ExtraConditionFailed for the verb to translate).
 */
export async function commitTransitionWith(table: Table, transition: Transition, extra: TransactItem[] = []): Promise<void> {
  const previousVersion = transition.dossier.version - 1;
  const headCondition: Condition =
    previousVersion === 0 ? IS_NEW : { expression: 'version = :previous', values: { ':previous': previousVersion } };
  try {
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          conditionalPut(table, dossierItem(transition.dossier), headCondition),
          conditionalPut(table, eventItem(transition.event), IS_NEW),
          ...extra,
        ],
      }),
    );
  } catch (error) {
    throw translateCancellation(error, transition.dossier.id);
  }
}

/** Head or event failed: the dossier moved on. An extra item failed: the verb decides what it means. */
function translateCancellation(error: unknown, dossierId: string): unknown {
  const failed = failedConditionIndex(error);
  if (failed === 0 || failed === 1)
    return translated('STALE_VERSION', `Dossier ${dossierId} changed since it was read`, { dossierId }, error);
  if (failed >= 2) return new ExtraConditionFailed(failed - 2, { cause: error });
  if (isTransactionConflict(error))
    return translated('CONFLICT', `Another change to dossier ${dossierId} was in flight`, { dossierId }, error);
  return error;
}

import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CLOSED_FEEDBACK, type Feedback, type FeedbackEvent, type FeedbackTransition } from '#domain/feedback';
import { failedConditionIndex, isTransactionConflict, translated } from './errors';
import { withoutStorageAttributes } from './queries';
import { conditionalPut, IS_NEW, type Table, type TransactItem } from './table';
import { INDEXES, keys } from './table-design';

/**
 * Feedback (PAKN) items, their own entity in the province table: a head and its events, written
 * together (one transaction per step, the head under a version condition). An open item sits in
 * its holder agency's PAKN inbox (GSI1) sorted by its next deadline, so "overdue" and "nearly due"
 * are key ranges of one Query; a closed item leaves the inbox.
 */
function headItem(feedback: Feedback): Record<string, unknown> {
  const open = !CLOSED_FEEDBACK.includes(feedback.status) && feedback.deadline;
  return {
    ...keys.feedback(feedback.id),
    entity: 'FEEDBACK',
    ...feedback,
    ...(open ? { GSI1PK: keys.feedbackInbox(feedback.holderAgency), GSI1SK: `${feedback.deadline!.at}#${feedback.id}` } : {}),
    GSI3PK: keys.feedbackCode(feedback.code),
    GSI3SK: 'FEEDBACK',
    ...(feedback.publishedAt
      ? { GSI4PK: keys.feedbackPublished(feedback.holderAgency), GSI4SK: `${feedback.publishedAt}#${feedback.id}` }
      : {}),
  };
}

const eventItem = (event: FeedbackEvent) => ({
  ...keys.feedbackEvent(event.feedbackId, event.version),
  entity: 'FEEDBACK_EVENT',
  ...event,
});

export interface AnswerCounts {
  answered: number;
  onTime: number;
}

export function feedbackStore(table: Table) {
  const query = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) =>
    table.db.send(new QueryCommand({ TableName: table.name, ...input }));

  return {
    /**
     * One step: the head (new, or still at the version the step was decided from) and its event;
     * an answer also counts in the agency's day (on time or not). STALE_VERSION when another step won.
     */
    async commitFeedback(transition: FeedbackTransition, answerDay?: string): Promise<void> {
      const { feedback, event } = transition;
      const previous = feedback.version - 1;
      const items: TransactItem[] = [
        conditionalPut(
          table,
          headItem(feedback),
          previous === 0 ? IS_NEW : { expression: 'version = :previous', values: { ':previous': previous } },
        ),
        conditionalPut(table, eventItem(event), IS_NEW),
      ];
      if (event.type === 'FEEDBACK_ANSWERED' && answerDay)
        items.push({
          Update: {
            TableName: table.name,
            Key: keys.feedbackStats(feedback.holderAgency, answerDay),
            UpdateExpression: 'SET entity = :entity ADD answered :one, onTime :onTime',
            ExpressionAttributeValues: { ':entity': 'FEEDBACK_STATS', ':one': 1, ':onTime': event.onTime ? 1 : 0 },
          },
        });
      try {
        await table.db.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (failedConditionIndex(error) >= 0)
          throw translated('STALE_VERSION', `Feedback ${feedback.id} changed since it was read`, { feedbackId: feedback.id }, error);
        if (isTransactionConflict(error))
          throw translated('CONFLICT', `Another change to feedback ${feedback.id} was in flight`, { feedbackId: feedback.id }, error);
        throw error;
      }
    },

    async feedback(id: string): Promise<Feedback | undefined> {
      const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.feedback(id), ConsistentRead: true }));
      return Item ? withoutStorageAttributes<Feedback>(Item) : undefined;
    },

    async feedbackByCode(code: string): Promise<Feedback | undefined> {
      const { Items } = await query({
        IndexName: INDEXES.byCode.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byCode.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.feedbackCode(code) },
        Limit: 1,
      });
      return Items?.[0] ? withoutStorageAttributes<Feedback>(Items[0]) : undefined;
    },

    async feedbackHistory(id: string): Promise<FeedbackEvent[]> {
      const { Items = [] } = await query({
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.feedback(id).PK, ':prefix': 'EVENT#' },
      });
      return Items.map((item) => withoutStorageAttributes<FeedbackEvent>(item));
    },

    /** The agency's open items with a deadline in [from, to) (ISO instants), earliest first. */
    async feedbackInbox(agencyCode: string, range: { from?: string; to?: string }, first: number): Promise<Feedback[]> {
      const { Items = [] } = await query({
        IndexName: INDEXES.byParent.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': INDEXES.byParent.partitionKey, '#sk': INDEXES.byParent.sortKey },
        ExpressionAttributeValues: { ':pk': keys.feedbackInbox(agencyCode), ':from': range.from ?? '0', ':to': range.to ?? '9' },
        Limit: first,
      });
      return Items.map((item) => withoutStorageAttributes<Feedback>(item));
    },

    /** The agency's published answers, newest first. */
    async publishedFeedback(agencyCode: string, first: number): Promise<Feedback[]> {
      const { Items = [] } = await query({
        IndexName: INDEXES.byRegister.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byRegister.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.feedbackPublished(agencyCode) },
        ScanIndexForward: false,
        Limit: first,
      });
      return Items.map((item) => withoutStorageAttributes<Feedback>(item));
    },

    /** How many open items the agency's inbox holds with a deadline in [from, to). */
    async countFeedbackInbox(agencyCode: string, range: { from?: string; to?: string }): Promise<number> {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await query({
          IndexName: INDEXES.byParent.name,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': INDEXES.byParent.partitionKey, '#sk': INDEXES.byParent.sortKey },
          ExpressionAttributeValues: { ':pk': keys.feedbackInbox(agencyCode), ':from': range.from ?? '0', ':to': range.to ?? '9' },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        });
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },

    /** Answers the agency gave on the days from..to (VN dates), and how many on time. */
    async answerCounts(agencyCode: string, from: string, to: string): Promise<AnswerCounts> {
      const { PK } = keys.feedbackStats(agencyCode, from);
      const { Items = [] } = await query({
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PK, ':from': from, ':to': to },
      });
      return Items.reduce<AnswerCounts>(
        (sum, item) => ({ answered: sum.answered + Number(item.answered ?? 0), onTime: sum.onTime + Number(item.onTime ?? 0) }),
        { answered: 0, onTime: 0 },
      );
    },
  };
}

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AgencyScore, EvaluationRules } from '#domain/evaluation';
import { isConditionFailure, translated } from './errors';
import type { Table } from './table';
import { keys } from './table-design';

export interface StoredAgencyScores {
  scores: AgencyScore[];
  rulesVersion: number;
  filledBy: string;
  filledAt: string;
}

/** The agency's own scores of a quarter's evaluation, and the versions of the rules the province published. */
export function evaluationStore(table: Table) {
  return {
    /** Versions published in this province (the bundled ones are not stored). */
    async publishedEvaluationRules(): Promise<EvaluationRules[]> {
      const { Items = [] } = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.evaluationRules(0).PK },
        }),
      );
      return Items.map((item) => item.rules as EvaluationRules);
    },

    /** A new version, never over another: CONFLICT when its number was taken meanwhile. */
    async commitEvaluationRules(rules: EvaluationRules, by: string, at: string): Promise<void> {
      try {
        await table.db.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...keys.evaluationRules(rules.version), entity: 'EVALUATION_RULES', rules, publishedBy: by, publishedAt: at },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw translated('CONFLICT', `Evaluation rules v${rules.version} were published meanwhile`, {}, error);
        throw error;
      }
    },

    async agencyScores(agencyCode: string, quarter: string): Promise<StoredAgencyScores | undefined> {
      const { Item } = await table.db.send(
        new GetCommand({ TableName: table.name, Key: keys.evaluation(agencyCode, quarter), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return {
        scores: (Item.scores as AgencyScore[]) ?? [],
        rulesVersion: Number(Item.rulesVersion),
        filledBy: String(Item.filledBy),
        filledAt: String(Item.filledAt),
      };
    },

    /** Replaces the quarter's scores as a whole (the form is filled and saved again, never merged). */
    async saveAgencyScores(agencyCode: string, quarter: string, stored: StoredAgencyScores): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...keys.evaluation(agencyCode, quarter), entity: 'EVALUATION', agencyCode, quarter, ...stored },
        }),
      );
    },
  };
}

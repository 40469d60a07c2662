import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AgencyScore } from '#domain/evaluation';
import type { Table } from './table';
import { keys } from './table-design';

export interface StoredAgencyScores {
  scores: AgencyScore[];
  rulesVersion: number;
  filledBy: string;
  filledAt: string;
}

/** The agency's own scores of a quarter's evaluation (the criteria no figure measures). */
export function evaluationStore(table: Table) {
  return {
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

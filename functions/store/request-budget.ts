import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RequestBudgetExceededError } from '#domain/errors';

/**
 * A ceiling on the DynamoDB requests one piece of work may send: every command sent while
 * `withDynamoDbBudget` runs (and in everything it awaits, through AsyncLocalStorage) counts, and
 * the one past the ceiling is refused before it leaves the process (REQUEST_BUDGET_EXCEEDED).
 * The GraphQL function runs every anonymous request under one (functions/graphql/handler.ts), so
 * no query shape, alias count or fragment trick makes an anonymous request cost more than that.
 * Outside a budget the middleware does nothing.
 */
interface Budget {
  readonly max: number;
  used: number;
}

const budgets = new AsyncLocalStorage<Budget>();

export function withDynamoDbBudget<T>(max: number, work: () => Promise<T>): Promise<T> {
  return budgets.run({ max, used: 0 }, work);
}

/** Requests sent so far under the current budget (undefined outside one). */
export const dynamoDbRequestsUsed = (): number | undefined => budgets.getStore()?.used;

const MIDDLEWARE_NAME = 'requestBudget';

/** Adds the check to a client's middleware stack (once per client). */
export function enforceRequestBudgets(client: Pick<DynamoDBDocumentClient, 'middlewareStack'>): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const budget = budgets.getStore();
      if (budget) {
        if (budget.used >= budget.max) {
          throw new RequestBudgetExceededError(`This request needs more than the ${budget.max} reads an anonymous request may make`, {
            limit: budget.max,
          });
        }
        budget.used += 1;
      }
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE_NAME, override: true },
  );
}

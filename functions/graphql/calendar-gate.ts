import type { GraphQLContext } from './context';

/**
 * The working-day calendar (the official day-off schedules, read from the table once per container
 * and then every CALENDAR_TTL_MS) is installed for the domain's synchronous calls by
 * `services.calendar.ready()`. Every root field awaits it before it runs, except the ones below,
 * which reach no due date, verdict, clock or form: a request made only of them (or of
 * introspection, `{ __typename }`, which runs no root resolver) does not wait for the read, nor
 * pay for its refresh. Nested fields run after their root field, so awaiting at the root covers
 * them. A field belongs here only when no type it can return computes with the calendar:
 * test/api/calendar-free-fields.test.ts asks for every field reachable from each one and fails
 * if any of them reaches the installed schedules.
 */
export const CALENDAR_FREE_ROOT_FIELDS: Readonly<Record<'Query' | 'Mutation', readonly string[]>> = {
  // Officer → Agency; Agency → Agency, OfficeSession; Procedure → RouteStep, Duration, Fee, …;
  // RuleSet → RuleNote, FormSpec: none of their resolvers uses the calendar.
  Query: ['me', 'agency', 'agencies', 'procedure', 'procedures', 'ruleSets', 'ruleSetAt'],
  Mutation: [],
};

type RootResolver = (parent: unknown, args: unknown, context: GraphQLContext, info: unknown) => unknown;

/** Wraps each Query and Mutation resolver, but the calendar-free ones, so it runs once the calendar is installed. */
export function withCalendar<R extends Record<string, unknown>>(resolvers: R): R {
  const wrapped: Record<string, unknown> = { ...resolvers };
  for (const root of ['Query', 'Mutation'] as const) {
    const fields = resolvers[root] as Record<string, RootResolver> | undefined;
    if (!fields) continue;
    const free = new Set(CALENDAR_FREE_ROOT_FIELDS[root]);
    wrapped[root] = Object.fromEntries(
      Object.entries(fields).map(([name, resolve]) => [
        name,
        free.has(name) || typeof resolve !== 'function'
          ? resolve
          : async (parent: unknown, args: unknown, context: GraphQLContext, info: unknown) => {
              await context.services.calendar.ready();
              return resolve(parent, args, context, info);
            },
      ]),
    );
  }
  return wrapped as R;
}

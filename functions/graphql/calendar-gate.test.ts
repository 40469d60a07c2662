import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CALENDAR_FREE_ROOT_FIELDS, withCalendar } from './calendar-gate';
import type { GraphQLContext } from './context';
import { typeDefs } from './generated/type-defs';

/** A context whose calendar read is still in flight until `release()`. */
function pendingCalendar() {
  let release: () => void = () => undefined;
  const read = new Promise<void>((resolve) => {
    release = resolve;
  });
  const context = { services: { calendar: { ready: () => read } } } as unknown as GraphQLContext;
  return { context, release };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  // Let every already-resolved continuation run.
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  return done;
};

describe('the calendar gate', () => {
  const resolvers = withCalendar({
    Query: { agencies: () => 'agencies', inbox: () => 'inbox' },
    Mutation: { acceptDossier: () => 'accepted' },
  }) as unknown as Record<'Query' | 'Mutation', Record<string, (...args: unknown[]) => unknown>>;

  it('lets a calendar-free root field answer while the calendar read is in flight', async () => {
    const { context } = pendingCalendar();
    expect(await Promise.resolve(resolvers.Query.agencies!(null, {}, context, null))).toBe('agencies');
  });

  it('holds every other root field until the calendar is installed', async () => {
    const { context, release } = pendingCalendar();
    const inbox = Promise.resolve(resolvers.Query.inbox!(null, {}, context, null));
    const accept = Promise.resolve(resolvers.Mutation.acceptDossier!(null, {}, context, null));
    expect(await settled(inbox)).toBe(false);
    expect(await settled(accept)).toBe(false);
    release();
    await expect(inbox).resolves.toBe('inbox');
    await expect(accept).resolves.toBe('accepted');
  });

  it('names only fields the schema has', () => {
    const schema = buildSchema(typeDefs);
    for (const name of CALENDAR_FREE_ROOT_FIELDS.Query) expect(schema.getQueryType()?.getFields()[name], name).toBeDefined();
    for (const name of CALENDAR_FREE_ROOT_FIELDS.Mutation) expect(schema.getMutationType()?.getFields()[name], name).toBeDefined();
  });
});

import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isAbstractType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CALENDAR_FREE_ROOT_FIELDS } from '#graphql/calendar-gate';
import { typeDefs } from '#graphql/generated/type-defs';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

/**
 * The guard behind `CALENDAR_FREE_ROOT_FIELDS` (functions/graphql/calendar-gate.ts): the root fields
 * listed there answer without waiting for the working-day calendar, so nothing they can return may
 * compute with it. A field on the list that came to use it would compute with whatever schedules
 * the container holds (the bundled ones, in a new container) instead of the province's.
 *
 * Every entry point of the domain that reaches the installed schedules is watched, and every
 * field reachable from the listed root fields is asked for once, through the real handler over a
 * seeded province; none may reach the calendar. A control asks for a field that does.
 */
const watch = vi.hoisted(() => ({ armed: false, uses: [] as string[] }));

vi.mock('#domain/calendar', async (importOriginal) => {
  const actual = await importOriginal<typeof import('#domain/calendar')>();
  const watched =
    <A extends unknown[], R>(name: string, entry: (...args: A) => R) =>
    (...args: A): R => {
      if (watch.armed) watch.uses.push(name);
      return entry(...args);
    };
  return {
    ...actual,
    calendarOf: watched('calendarOf', actual.calendarOf),
    getDefaultCalendar: watched('getDefaultCalendar', actual.getDefaultCalendar),
    computeDueAt: watched('computeDueAt', actual.computeDueAt),
    // A calendar built on schedules the caller passes does not read the installed ones.
    createCalendar: (options?: Parameters<typeof actual.createCalendar>[0]) =>
      options?.schedules ? actual.createCalendar(options) : watched('createCalendar', actual.createCalendar)(options),
  };
});

const admin: Claims = { sub: 'admin-bac-kan', name: 'Quản trị tỉnh', agency: '06', roles: 'PROVINCE_ADMIN' };

/** Arguments for the listed root fields: seeded items with something under them. */
const ROOT_ARGUMENTS: Record<string, string> = {
  agency: '(code: "06")',
  agencies: '(parentCode: "06", includeClosed: true)',
  procedure: '(code: "1.001776")',
  ruleSetAt: `(at: "${new Date().toISOString()}")`,
  workingCalendar: '(year: 2026)',
};

const hasRequiredArguments = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);

/** Leaf paths asked for in one query: few enough to stay well inside the edge's token limit. */
const PATHS_PER_QUERY = 20;

/** Selections merged into one tree: `[['a', 'b'], ['a', 'c']]` → `a { b c }`. */
function selectionOf(paths: readonly string[][]): string {
  const tree = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) {
    if (head === undefined) continue;
    const below = tree.get(head) ?? [];
    if (rest.length) below.push(rest);
    tree.set(head, below);
  }
  return [...tree].map(([head, below]) => (below.length ? `${head} { ${selectionOf(below)} }` : head)).join(' ');
}

/**
 * Queries that together ask for every field reachable from Query field `name` (each type's field
 * once, along the first path that reaches it), PATHS_PER_QUERY leaf paths a query; fields that need
 * arguments beyond the root's are left out.
 */
function queriesReaching(schema: ReturnType<typeof buildSchema>, name: string): string[] {
  const rootField = schema.getQueryType()?.getFields()[name];
  if (!rootField) throw new Error(`No Query.${name}`);
  if (hasRequiredArguments(rootField) && !ROOT_ARGUMENTS[name]) throw new Error(`Give Query.${name} its arguments in ROOT_ARGUMENTS`);
  const paths: string[][] = [];
  const asked = new Set<string>();
  const visit = (type: GraphQLNamedType, path: string[]) => {
    const concrete: GraphQLObjectType[] = isAbstractType(type) ? [...schema.getPossibleTypes(type)] : isObjectType(type) ? [type] : [];
    for (const object of concrete) {
      const on = isAbstractType(type) ? [...path, `... on ${object.name}`] : path;
      for (const field of Object.values(object.getFields())) {
        const key = `${object.name}.${field.name}`;
        if (asked.has(key) || hasRequiredArguments(field)) continue;
        asked.add(key);
        const target = getNamedType(field.type);
        if (isObjectType(target) || isAbstractType(target)) visit(target, [...on, field.name]);
        else paths.push([...on, field.name]);
      }
    }
  };
  visit(getNamedType(rootField.type), [`${name}${ROOT_ARGUMENTS[name] ?? ''}`]);
  const queries: string[] = [];
  for (let start = 0; start < paths.length; start += PATHS_PER_QUERY) {
    queries.push(`{ ${selectionOf(paths.slice(start, start + PATHS_PER_QUERY))} }`);
  }
  return queries;
}

let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
  // The container's first request reads the calendar (the handler starts that read at load): let
  // it land, so what is watched below is the fields' own work.
  expect((await gql('{ workingCalendar(year: 2026) { year } }', {}, admin)).errors).toBeUndefined();
});

/** Runs `query` with the watch armed: its errors, and what it asked of the calendar. */
async function watched(query: string) {
  watch.uses = [];
  watch.armed = true;
  try {
    const response = await gql(query, {}, admin);
    return { errors: response.errors, uses: [...watch.uses] };
  } finally {
    watch.armed = false;
  }
}

describe('the root fields that answer without waiting for the calendar', () => {
  const schema = buildSchema(typeDefs);

  it('sees a field that computes with the calendar (control)', async () => {
    const { errors, uses } = await watched('{ workingCalendar(year: 2026) { sourceLabel specialDays { date } } }');
    expect(errors).toBeUndefined();
    expect(uses.length).toBeGreaterThan(0);
  });

  it.each(CALENDAR_FREE_ROOT_FIELDS.Query.map((name) => [name]))('Query.%s reaches no calendar, whatever is asked of it', async (name) => {
    const queries = queriesReaching(schema, name);
    expect(queries.length).toBeGreaterThan(0);
    const reached: string[] = [];
    for (const query of queries) {
      const { errors, uses } = await watched(query);
      expect(errors, query).toBeUndefined();
      if (uses.length) reached.push(`${query}: ${[...new Set(uses)].join(', ')}`);
    }
    expect(reached).toEqual([]);
  });
});

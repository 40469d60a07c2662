import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '#graphql/generated/type-defs';
import { MAX_TEXT_LENGTH } from '#graphql/input-limits';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

/**
 * Issue 13, hygiene: GENERATED from the schema, every ID and String a client can send (arguments
 * of every Query and Mutation field, and every input field inside them, lists included) is sent
 * once with an oversized value, the rest of the operation minimal and valid. Each must be refused
 * as BAD_INPUT naming that field, before any resolver (or DynamoDB) sees it: no
 * INTERNAL_SERVER_ERROR. The callers are a province administrator (officers' schema).
 */
const OVERSIZED = 'x'.repeat(MAX_TEXT_LENGTH + 1);
const admin: Claims = { sub: 'hygiene-admin', agency: '06', roles: 'PROVINCE_ADMIN' };

interface Case {
  operation: 'query' | 'mutation';
  field: string;
  /** `input.applicant.fullName`, `documents[0].code`. */
  path: string;
  query: string;
  variables: Record<string, unknown>;
}

const schema = buildSchema(typeDefs);

function minimal(type: GraphQLInputType, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [minimal(nullable.ofType, depth + 1)];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined && depth < 5) value[field.name] = minimal(field.type, depth + 1);
    }
    return value;
  }
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
        return '2026-01-01T00:00:00+07:00';
      default:
        return 'x';
    }
  }
  return null;
}

/** Every path to an ID or String leaf under `type`, with the value that puts OVERSIZED there. */
function leaves(type: GraphQLInputType, path: string, depth = 0): { path: string; value: unknown }[] {
  const nullable = getNullableType(type);
  if (isListType(nullable))
    return leaves(nullable.ofType, `${path}[0]`, depth + 1).map((leaf) => ({ path: leaf.path, value: [leaf.value] }));
  if (isScalarType(nullable)) return nullable.name === 'ID' || nullable.name === 'String' ? [{ path, value: OVERSIZED }] : [];
  if (!isInputObjectType(nullable) || depth > 5) return [];
  return Object.values(nullable.getFields()).flatMap((field) =>
    leaves(field.type, `${path}.${field.name}`, depth + 1).map((leaf) => ({
      path: leaf.path,
      value: { ...(minimal(nullable, depth) as Record<string, unknown>), [field.name]: leaf.value },
    })),
  );
}

function casesOf(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Case[] {
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  const declare = (args: readonly GraphQLArgument[]) => args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const pass = (args: readonly GraphQLArgument[]) => args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return field.args.flatMap((target) =>
    leaves(target.type, target.name).map((leaf) => {
      const args = field.args.filter((arg) => arg === target || isNonNullType(arg.type));
      const variables = Object.fromEntries(args.map((arg) => [arg.name, arg === target ? leaf.value : minimal(arg.type)]));
      return {
        operation,
        field: field.name,
        path: leaf.path,
        query: `${operation} (${declare(args)}) { ${field.name}(${pass(args)})${selection} }`,
        variables,
      };
    }),
  );
}

const CASES: Case[] = [
  ...Object.values(schema.getQueryType()?.getFields() ?? {}).flatMap((field) => casesOf('query', field)),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).flatMap((field) => casesOf('mutation', field)),
];

let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  await setUpProvince();
  gql = graphqlClient((await import('#graphql/handler')).handler as Parameters<typeof graphqlClient>[0]);
});

describe('every ID and String input, oversized (generated from the schema)', () => {
  it('covers every operation that takes text', () => {
    const fields = new Set(CASES.map((item) => item.field));
    expect(fields.has('addAgency') && fields.has('submitDossier') && fields.has('lookupDossier')).toBe(true);
    expect(CASES.length).toBeGreaterThan(50);
  });

  it('answers each with BAD_INPUT naming the field, never INTERNAL_SERVER_ERROR', async () => {
    const wrong: string[] = [];
    for (let start = 0; start < CASES.length; start += 8) {
      await Promise.all(
        CASES.slice(start, start + 8).map(async (item) => {
          const answer = await gql(item.query, item.variables, admin);
          const error = answer.errors?.[0];
          if (error?.extensions?.code !== 'BAD_INPUT' || error.extensions.field !== item.path) {
            wrong.push(`${item.field} ${item.path}: ${JSON.stringify(answer.errors ?? answer.data).slice(0, 200)}`);
          }
        }),
      );
    }
    console.info(`input hygiene: ${CASES.length} oversized ID/String inputs over ${new Set(CASES.map((c) => c.field)).size} operations`);
    expect(wrong).toEqual([]);
  });
});

describe('the deployment’s province', () => {
  it('gives a valid token of another province’s administrator nothing here', async () => {
    const elsewhere: Claims = { sub: 'admin-79', agency: '79', roles: 'PROVINCE_ADMIN AUDITOR' };
    const answer = await gql('{ failedHandoffs(agencyCode: "06.063") { reason } }', {}, elsewhere);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const write = await gql('mutation { renameAgency(code: "06.063", input: { name: "Chiếm" }) { name } }', {}, elsewhere);
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

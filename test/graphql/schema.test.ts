import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeExecutableSchema } from '@graphql-tools/schema';
import * as esm from 'graphql';
import { buildSchema, type GraphQLSchema, graphql, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { attachResolvers } from '#graphql/attach-resolvers';
import { inputLimitTable, officerOnlyRootFields, officerSdl, publicSdl } from '#graphql/generated/served-schema';
import { typeDefs } from '#graphql/generated/type-defs';
import { inputLimitTableOf } from '#graphql/input-limits';
import { publicResolvers, publicTypeDefs, officerOnlyRootFields as refusedOf } from '#graphql/public/surface';
import { resolvers } from '#graphql/resolvers';
import { executableSchema, serveDescribedSchemas } from '#graphql/schema';
import { SERVED_SCHEMA_PATH, servedSchemaText, withoutDescriptions } from '../../scripts/codegen-schema';

/**
 * The schema is built ahead of time (scripts/codegen-schema.ts) and put together at run time by
 * our own attachResolvers, without graphql-tools. These tests hold that to what graphql-tools'
 * makeExecutableSchema makes of the same SDL and resolvers, and the generated data to the SDL.
 */

/**
 * graphql-tools is loaded by Node, which gives it graphql's CommonJS build; their schema is read
 * with that graphql whatever build our code gets (test/vitest.config.ts makes them one today).
 */
const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * Every resolver a schema carries, by `Type.field`: fields' resolvers by name (both sides bind
 * them to their map, `bound <field>`, so the functions differ), the scalars' functions as themselves.
 */
function attached(schema: GraphQLSchema, { isObjectType, isScalarType } = esm): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.resolve) found.set(`${type.name}.${field.name}`, field.resolve.name);
      }
      if (type.isTypeOf) found.set(`${type.name}.__isTypeOf`, type.isTypeOf);
    }
    if (isScalarType(type) && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) {
      found.set(`${type.name}.serialize`, type.serialize);
      found.set(`${type.name}.parseValue`, type.parseValue);
      found.set(`${type.name}.parseLiteral`, type.parseLiteral);
    }
  }
  return found;
}

describe('the schema the function serves', () => {
  it('is the officers’ schema graphql-tools makes of the same SDL and resolvers: same types, same resolvers', () => {
    const ours = executableSchema('officer');
    const theirs = makeExecutableSchema({ typeDefs: officerSdl, resolvers });
    expect(printSchema(ours)).toBe(cjs.printSchema(theirs));
    const expected = attached(theirs, cjs);
    expect(expected.size).toBeGreaterThan(100);
    expect(attached(ours)).toEqual(expected);
  });

  it('is the public schema graphql-tools makes of the public SDL and the public resolvers', () => {
    const ours = executableSchema('public');
    const theirs = makeExecutableSchema({ typeDefs: publicSdl, resolvers: publicResolvers(resolvers, publicSdl) });
    expect(printSchema(ours)).toBe(cjs.printSchema(theirs));
    expect(attached(ours)).toEqual(attached(theirs, cjs));
    expect(Object.keys(ours.getQueryType()?.getFields() ?? {})).not.toContain('inbox');
  });

  it('is the described schema without its descriptions, and the generated module is current (`npm run codegen`)', () => {
    expect(readFileSync(SERVED_SCHEMA_PATH, 'utf8')).toBe(servedSchemaText());
    expect(printSchema(buildSchema(officerSdl))).toBe(printSchema(buildSchema(withoutDescriptions(typeDefs))));
    expect(printSchema(buildSchema(publicSdl))).toBe(printSchema(buildSchema(withoutDescriptions(publicTypeDefs(typeDefs)))));
    expect(officerSdl).not.toContain('"');
    expect([...officerOnlyRootFields].sort()).toEqual([...refusedOf(typeDefs)].sort());
    expect(inputLimitTable).toEqual(inputLimitTableOf(buildSchema(typeDefs)));
  });
});

describe('npm start', () => {
  it('serves the same schemas with their descriptions, for the explorer (local/handlers.ts)', () => {
    expect(executableSchema('officer').getQueryType()?.getFields().me?.description).toBeUndefined();
    serveDescribedSchemas({ officer: typeDefs, public: publicTypeDefs(typeDefs) });
    for (const surface of ['officer', 'public'] as const) {
      const described = executableSchema(surface);
      expect(described.getQueryType()?.getFields().agencies?.description, surface).toBeTruthy();
      expect(printSchema(buildSchema(withoutDescriptions(printSchema(described))))).toBe(
        printSchema(buildSchema(surface === 'officer' ? officerSdl : publicSdl)),
      );
    }
  });
});

describe('attachResolvers', () => {
  const sdl = /* GraphQL */ `
    scalar Stamp
    enum Colour { RED GREEN }
    interface Named { name: String! }
    type Cat implements Named { name: String! lives: Int! }
    type Dog implements Named { name: String! }
    union Pet = Cat | Dog
    type Query { pets: [Pet!]! named: [Named!]! colour: Colour! stamp: Stamp! }
  `;
  const pets = [
    { kind: 'cat', name: 'Mướp', lives: 9 },
    { kind: 'dog', name: 'Vàng' },
  ];
  const map = {
    Stamp: { serialize: (value: unknown) => `stamp:${String(value)}` },
    Colour: { RED: 'r', GREEN: 'g' },
    Named: { __resolveType: (pet: { kind: string }) => (pet.kind === 'cat' ? 'Cat' : 'Dog') },
    Pet: { __resolveType: (pet: { kind: string }) => (pet.kind === 'cat' ? 'Cat' : 'Dog') },
    Query: { pets: () => pets, named: () => pets, colour: () => 'g', stamp: () => 42 },
  };

  it('answers as graphql-tools’ schema does: unions, interfaces, enum values, scalars', async () => {
    const source = '{ pets { ... on Cat { name lives } ... on Dog { name } } named { name __typename } colour stamp }';
    const ours = await graphql({ schema: attachResolvers(buildSchema(sdl), map), source });
    const theirs = await cjs.graphql({ schema: makeExecutableSchema({ typeDefs: sdl, resolvers: map }), source });
    expect(ours).toEqual(theirs);
    expect(ours.data).toMatchObject({ colour: 'GREEN', stamp: 'stamp:42', named: [{ __typename: 'Cat' }, { __typename: 'Dog' }] });
  });

  it('refuses resolvers for types or fields the schema does not have, unless partial (root fields only)', () => {
    expect(() => attachResolvers(buildSchema(sdl), { Bird: { name: () => 'x' } })).toThrow(/Bird/);
    expect(() => attachResolvers(buildSchema(sdl), { Cat: { colour: () => 'x' } })).toThrow(/Cat\.colour/);
    expect(() => attachResolvers(buildSchema(sdl), { Colour: { BLUE: 'b' } })).toThrow(/BLUE/);
    expect(() => attachResolvers(buildSchema(sdl), { Query: { inbox: () => [] }, Bird: {} }, { partial: true })).not.toThrow();
    expect(() => attachResolvers(buildSchema(sdl), { Cat: { colour: () => 'x' } }, { partial: true })).toThrow(/Cat\.colour/);
  });
});

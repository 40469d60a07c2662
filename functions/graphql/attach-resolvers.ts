import {
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/** The resolver map graphql-codegen types (`Resolvers`), seen loosely: type → field → resolver. */
export type ResolverMap = Readonly<Record<string, unknown>>;

export interface AttachOptions {
  /**
   * Skip the map's types the schema does not have, and its Query/Mutation fields the schema does
   * not have: the public schema is cut from the full one, so the full map holds more than it needs.
   * Without it, such a resolver is an error, as graphql-tools' makeExecutableSchema makes it.
   */
  partial?: boolean;
}

type ScalarConfig = Partial<Record<'serialize' | 'parseValue' | 'parseLiteral', unknown>>;
type FieldConfig = { resolve?: unknown; subscribe?: unknown };

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Puts a resolver map on a schema built from SDL (`buildASTSchema`): field `resolve`/`subscribe`,
 * `__resolveType` and `__isTypeOf`, enum values' internal values, custom scalars' functions. It
 * does what graphql-tools' makeExecutableSchema does for the maps this project writes, without
 * rebuilding every type: the schema is ours alone (built for one surface), so it is changed in place.
 * test/graphql/schema.test.ts builds the same schema with makeExecutableSchema and compares.
 */
export function attachResolvers(schema: GraphQLSchema, resolvers: ResolverMap, options: AttachOptions = {}): GraphQLSchema {
  for (const [typeName, entries] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) {
      if (options.partial) continue;
      throw new Error(`Resolvers name the type ${typeName}, which the schema does not have`);
    }
    if (isScalarType(type)) {
      // A GraphQLScalarType instance or a plain config: its functions replace the SDL scalar's identity ones.
      const scalar = entries as ScalarConfig;
      if (typeof scalar.serialize === 'function') type.serialize = scalar.serialize as typeof type.serialize;
      if (typeof scalar.parseValue === 'function') type.parseValue = scalar.parseValue as typeof type.parseValue;
      if (typeof scalar.parseLiteral === 'function') type.parseLiteral = scalar.parseLiteral as typeof type.parseLiteral;
      continue;
    }
    const map = entries as Readonly<Record<string, unknown>>;
    if (isEnumType(type)) {
      // The enum's lookups are built lazily on first use, so setting the values before any request is enough.
      for (const value of type.getValues()) if (value.name in map) value.value = map[value.name];
      const unknown = Object.keys(map).filter((name) => !type.getValue(name));
      if (unknown.length > 0) throw new Error(`Resolvers name values ${typeName} does not have: ${unknown.join(', ')}`);
      continue;
    }
    if (isUnionType(type) || isInterfaceType(type)) {
      if (typeof map.__resolveType === 'function') type.resolveType = map.__resolveType as GraphQLTypeResolver<unknown, unknown>;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) {
      if (Object.keys(map).some((name) => name !== '__resolveType')) throw new Error(`Resolvers give ${typeName} fields it cannot have`);
      continue;
    }
    if (isObjectType(type) && typeof map.__isTypeOf === 'function') type.isTypeOf = map.__isTypeOf as typeof type.isTypeOf;
    const fields = type.getFields();
    for (const [fieldName, resolver] of Object.entries(map)) {
      if (fieldName.startsWith('__')) continue;
      const field = fields[fieldName];
      if (!field) {
        if (options.partial && ROOTS.has(typeName)) continue;
        throw new Error(`Resolvers name ${typeName}.${fieldName}, which the schema does not have`);
      }
      if (typeof resolver === 'function') {
        // Bound to the type's map, as graphql-tools binds it (a resolver written as a method may use `this`).
        field.resolve = (resolver as GraphQLFieldResolver<unknown, unknown>).bind(map);
      } else if (resolver && typeof resolver === 'object') {
        const { resolve, subscribe } = resolver as FieldConfig;
        if (typeof resolve === 'function') field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
        if (typeof subscribe === 'function') field.subscribe = subscribe as GraphQLFieldResolver<unknown, unknown>;
      }
    }
  }
  return schema;
}

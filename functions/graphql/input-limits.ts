import { buildSchema, type GraphQLSchema } from 'graphql';
import { BadInputError } from '#domain/errors';

/**
 * The length ceiling of every ID and String a client sends, argument or input field, checked
 * before any resolver runs: an identifier or code (type ID, or a String named `id`, `…Id`,
 * `code`, `…Code(s)`) at most MAX_ID_LENGTH characters, any other text at most MAX_TEXT_LENGTH.
 * An oversized value is BAD_INPUT naming the field, never a DynamoDB key error answered as
 * INTERNAL_SERVER_ERROR. Resolvers keep their own, tighter checks (checkText) where a field has one.
 */
export const MAX_ID_LENGTH = 64;
export const MAX_TEXT_LENGTH = 4_000;

const CODE_NAME = /^(id|code)$|(Id|Code|Codes|Ids)$/;

interface TypeLike {
  toString(): string;
}
interface InputFieldLike {
  name: string;
  type: TypeLike;
}
interface NamedTypeLike {
  getFields?: () => Record<string, InputFieldLike>;
}

/** The limit of a leaf: an ID or a code-like name gets the identifier ceiling. */
export function lengthLimitOf(typeName: string, fieldName: string): number | undefined {
  if (typeName === 'ID') return MAX_ID_LENGTH;
  if (typeName === 'String') return CODE_NAME.test(fieldName) ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
  return undefined;
}

const namedTypeOf = (type: TypeLike): string => type.toString().replace(/[[\]!]/g, '');

function check(schema: GraphQLSchema, type: TypeLike, name: string, path: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) check(schema, type, name, `${path}[${index}]`, item);
    return;
  }
  const typeName = namedTypeOf(type);
  if (typeof value === 'string') {
    const limit = lengthLimitOf(typeName, name);
    if (limit !== undefined && value.length > limit) {
      throw new BadInputError(`${path} is longer than ${limit} characters`, { field: path, limit });
    }
    return;
  }
  if (typeof value === 'object') {
    const fields = (schema.getType(typeName) as NamedTypeLike | undefined)?.getFields?.() ?? {};
    for (const [fieldName, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[fieldName];
      if (field) check(schema, field.type, fieldName, `${path}.${fieldName}`, fieldValue);
    }
  }
}

/** Wraps each Query and Mutation resolver so its arguments are length-checked first. */
export function withInputLimits<R extends Record<string, unknown>>(resolvers: R, typeDefs: string): R {
  const schema = buildSchema(typeDefs);
  const wrapped: Record<string, unknown> = { ...resolvers };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root || !wrapped[root.name]) continue;
    const fields = root.getFields();
    wrapped[root.name] = Object.fromEntries(
      Object.entries(wrapped[root.name] as Record<string, unknown>).map(([fieldName, resolve]) => {
        const field = fields[fieldName];
        if (!field || typeof resolve !== 'function' || field.args.length === 0) return [fieldName, resolve];
        const guarded = (parent: unknown, args: Record<string, unknown>, ...rest: unknown[]) => {
          for (const argument of field.args) check(schema, argument.type, argument.name, argument.name, args[argument.name]);
          return (resolve as (...all: unknown[]) => unknown)(parent, args, ...rest);
        };
        return [fieldName, guarded];
      }),
    );
  }
  return wrapped as R;
}

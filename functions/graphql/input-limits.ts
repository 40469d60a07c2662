import { type GraphQLSchema, isInputObjectType } from 'graphql';
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

/**
 * What the check needs to know of the schema, as data: each root field's arguments and each input
 * object's fields, by name, with their named types (lists and non-null are read off the value).
 * Generated at codegen time (scripts/codegen-schema.ts, `inputLimitTableOf`), so the function
 * builds no schema at cold start to read it.
 */
export interface InputLimitTable {
  /** `Query`/`Mutation` → field → its arguments as [name, named type]. */
  roots: Readonly<Record<string, Readonly<Record<string, readonly (readonly [string, string])[]>>>>;
  /** Input object → field → named type. */
  inputs: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The limit of a leaf: an ID or a code-like name gets the identifier ceiling. */
export function lengthLimitOf(typeName: string, fieldName: string): number | undefined {
  if (typeName === 'ID') return MAX_ID_LENGTH;
  if (typeName === 'String') return CODE_NAME.test(fieldName) ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
  return undefined;
}

const namedTypeOf = (type: { toString(): string }): string => type.toString().replace(/[[\]!]/g, '');

/** The table of a schema (codegen time; tests compare it with the generated one). */
export function inputLimitTableOf(schema: GraphQLSchema): InputLimitTable {
  const roots: Record<string, Record<string, [string, string][]>> = {};
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    const fields = Object.values(root.getFields()).filter((field) => field.args.length > 0);
    roots[root.name] = Object.fromEntries(
      fields.map((field) => [field.name, field.args.map((argument): [string, string] => [argument.name, namedTypeOf(argument.type)])]),
    );
  }
  const inputs: Record<string, Record<string, string>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type)) continue;
    inputs[type.name] = Object.fromEntries(Object.entries(type.getFields()).map(([name, field]) => [name, namedTypeOf(field.type)]));
  }
  return { roots, inputs };
}

function check(table: InputLimitTable, typeName: string, name: string, path: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) check(table, typeName, name, `${path}[${index}]`, item);
    return;
  }
  if (typeof value === 'string') {
    const limit = lengthLimitOf(typeName, name);
    if (limit !== undefined && value.length > limit) {
      throw new BadInputError(`${path} is longer than ${limit} characters`, { field: path, limit });
    }
    return;
  }
  if (typeof value === 'object') {
    const fields = table.inputs[typeName] ?? {};
    for (const [fieldName, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const fieldType = fields[fieldName];
      if (fieldType) check(table, fieldType, fieldName, `${path}.${fieldName}`, fieldValue);
    }
  }
}

/** Wraps each Query and Mutation resolver so its arguments are length-checked first. */
export function withInputLimits<R extends Record<string, unknown>>(resolvers: R, table: InputLimitTable): R {
  const wrapped: Record<string, unknown> = { ...resolvers };
  for (const [rootName, fields] of Object.entries(table.roots)) {
    if (!wrapped[rootName]) continue;
    wrapped[rootName] = Object.fromEntries(
      Object.entries(wrapped[rootName] as Record<string, unknown>).map(([fieldName, resolve]) => {
        const args = fields[fieldName];
        if (!args || typeof resolve !== 'function') return [fieldName, resolve];
        const guarded = (parent: unknown, given: Record<string, unknown>, ...rest: unknown[]) => {
          for (const [argument, typeName] of args) check(table, typeName, argument, argument, given[argument]);
          return (resolve as (...all: unknown[]) => unknown)(parent, given, ...rest);
        };
        return [fieldName, guarded];
      }),
    );
  }
  return wrapped as R;
}

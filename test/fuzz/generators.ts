import fc from 'fast-check';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { typeDefs } from '#graphql/generated/type-defs';
import { LIMITS } from '#graphql/hardening/limits';
import { bundledManifest } from '#graphql/persisted';

/**
 * Hostile requests for the GraphQL edge, as fast-check arbitraries: a grammar of malformed and
 * abusive HTTP bodies, and operations built from the real schema with random (mostly wrong)
 * arguments. Each request says which caller sends it; none can change stored data unless it is a
 * mutation that validly succeeds (the fuzz test counts those separately).
 */
export type Caller = 'anonymous' | 'roleless' | 'garbage-claims' | 'outsider-officer';

export interface FuzzRequest {
  category: string;
  caller: Caller;
  method: string;
  headers: Record<string, string>;
  /** The raw body; `bodyRepeat` expands `body` × n at send time (huge bodies stay cheap to generate). */
  body?: string;
  bodyRepeat?: number;
  isBase64Encoded?: boolean;
  rawQueryString?: string;
  /** Which handler: production with persisted operations optional (most), required, or local. */
  target: 'production' | 'persisted-only' | 'local';
  /** True when the request is a well-formed mutation that the caller might be allowed to run. */
  mutation: boolean;
}

export const schema: GraphQLSchema = buildSchema(typeDefs);

// ---------------------------------------------------------------------------------------------
// Values

/** Replaced at send time by the id of a real dossier in the table (none of the callers may touch it). */
export const DOSSIER_ID_PLACEHOLDER = '@@DOSSIER_ID@@';

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👩‍👩‍👧‍👦🇻🇳',
  'Nguyễn Thị Hồng Nhung',
  'Z̴̢̛̬͔͈͇̖̣̝͑̏̇a̵̡̺͖̩͇̻̳̭̭̮̓l̶̙̯̓g̶̝̓o̵͖̓',
  '\ud800',
  '__proto__',
  'constructor',
  'prototype',
  '{"__proto__":{"polluted":true}}',
  "' OR '1'='1",
  '"; DROP TABLE dossiers; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant as the literal text.
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  'DOSSIER#x',
  'AGENCY#06',
  '06',
  '06.063',
  '06.063.02014',
  '1.001776',
  '2.000815',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '2026-02-30T25:61:00+07:00',
  '2026-11-22T08:00:00+07:00',
  '0000-00-00',
  '\n\r\t\b\f\v',
  DOSSIER_ID_PLACEHOLDER,
];

const NASTY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  20,
  100,
  101,
  500,
  501,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e20,
  -1e20,
  1e308,
  1.5,
  -2.75,
  0.1,
];

const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  // Very long IDs and texts, within the body limit.
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('x', 'ệ', '0', '👍'), fc.integer({ min: 100, max: 12_000 })).map(([c, n]) => c.repeat(n)),
  },
);

const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Undefined, or now and then (1 in 6) a value. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** Anything JSON can carry: the wrong type for most arguments. */
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringValue,
    numberValue,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A value for an input type: usually of the right shape, often wrong inside, sometimes wholly wrong. */
function inputValue(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const right = rightShapedValue(type, depth);
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant(null) });
}

function rightShapedValue(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    return fc.oneof(
      { weight: 5, arbitrary: fc.array(inputValue(nullable.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 4 }) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 51, max: 400 })
          .chain((n) => fc.array(inputValue(nullable.ofType, depth + 1), { minLength: n, maxLength: n })),
      },
    );
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    return fc
      .tuple(
        ...fields.map((field) =>
          fc.option(inputValue(field.type, depth + 1), { nil: undefined, freq: isNonNullType(field.type) ? 10 : 2 }),
        ),
        rarely(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'unknownField', 'PK'), anyJson)),
      )
      .map((values) => {
        const object: Record<string, unknown> = {};
        fields.forEach((field, index) => {
          if (values[index] !== undefined) object[field.name] = values[index];
        });
        const extra = values[fields.length] as [string, unknown] | undefined;
        if (extra) Object.defineProperty(object, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
        return object;
      });
  }
  if (isEnumType(nullable)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...nullable.getValues().map((value) => value.name)) },
      { weight: 1, arbitrary: stringValue },
    );
  }
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'Int':
        return numberValue;
      case 'Boolean':
        return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 0, 1) });
      default:
        return stringValue;
    }
  }
  return anyJson;
}

/** A JSON value written as a GraphQL literal (strings JSON-escaped, which GraphQL reads alike). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    const named = type && getNamedType(type);
    return named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const item = type && isListType(getNullableType(type)) ? (getNullableType(type) as { ofType: GraphQLInputType }).ofType : undefined;
    return `[${value.map((element) => literal(element, item)).join(', ')}]`;
  }
  const object = getNullableType(type as GraphQLInputType);
  const fields = object && isInputObjectType(object) ? object.getFields() : {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(key));
  return `{${entries.map(([key, element]) => `${key}: ${literal(element, fields[key]?.type)}`).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Operations built from the schema

interface Built {
  text: string;
  variables: Record<string, unknown>;
  declarations: string[];
}

function selection(type: GraphQLOutputType, depth: number, maxDepth: number): fc.Arbitrary<string> {
  const named: GraphQLNamedType = getNamedType(type);
  if (isLeafType(named)) return fc.constant('');
  if (!isObjectType(named) && !isInterfaceType(named) && !isUnionType(named)) return fc.constant('');
  if (isUnionType(named)) return fc.constant('{ __typename }');
  const fields = Object.values(named.getFields());
  if (depth >= maxDepth) {
    const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
    return leaves.length > 0
      ? fc.subarray(leaves, { minLength: 1 }).map((chosen) => `{ ${chosen.map((field) => field.name).join(' ')} }`)
      : fc.constant('{ __typename }');
  }
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(6, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldSelection(field, depth + 1, maxDepth))))
    .map((parts) => `{ ${parts.join(' ')} }`);
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number, maxDepth: number): fc.Arbitrary<string> {
  const args = field.args;
  return fc
    .tuple(
      fc.tuple(...args.map((arg) => fc.option(inputValue(arg.type), { nil: undefined, freq: isNonNullType(arg.type) ? 20 : 2 }))),
      selection(field.type, depth, maxDepth),
    )
    .map(([values, sub]) => {
      const written = args
        .map((arg, index) => (values[index] === undefined ? '' : `${arg.name}: ${literal(values[index], arg.type)}`))
        .filter(Boolean);
      return `${field.name}${written.length ? `(${written.join(', ')})` : ''} ${sub}`;
    });
}

/** A root field with random arguments, as literals or as variables, and a random selection. */
function rootOperation(kind: 'query' | 'mutation', fieldFilter: (name: string) => boolean): fc.Arbitrary<Built> {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const fields = Object.values(root!.getFields()).filter((field) => fieldFilter(field.name));
  return fc.constantFrom(...fields).chain((field) =>
    fc
      .tuple(
        fc.tuple(...field.args.map((arg) => fc.option(inputValue(arg.type), { nil: undefined, freq: isNonNullType(arg.type) ? 20 : 2 }))),
        fc.boolean(),
        selection(field.type, 1, 3),
      )
      .map(([values, asVariables, sub]) => {
        const variables: Record<string, unknown> = {};
        const declarations: string[] = [];
        const written: string[] = [];
        field.args.forEach((arg, index) => {
          const value = values[index];
          if (value === undefined) return;
          if (asVariables) {
            variables[arg.name] = value;
            declarations.push(`$${arg.name}: ${String(arg.type)}`);
            written.push(`${arg.name}: $${arg.name}`);
          } else {
            written.push(`${arg.name}: ${literal(value, arg.type)}`);
          }
        });
        const head = declarations.length ? `${kind} (${declarations.join(', ')})` : kind;
        return { text: `${head} { ${field.name}${written.length ? `(${written.join(', ')})` : ''} ${sub} }`, variables, declarations };
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Hostile documents

const deepChain = fc.integer({ min: LIMITS.maxDepth + 1, max: 400 }).map((levels) => {
  const names = Array.from({ length: levels }, (_, i) => (i === 0 ? 'agencies' : i % 2 ? 'children' : 'parent'));
  return `{ ${names.map((name) => `${name} {`).join(' ')} code ${'}'.repeat(levels)} }`;
});

const aliasBomb = fc
  .tuple(
    fc.integer({ min: LIMITS.maxAliases + 1, max: 600 }),
    fc.constantFrom('me { id }', 'procedures { code }', 'agencies { children { code } }', '__typename'),
  )
  .map(([n, field]) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`);

const fragmentCycle = fc.integer({ min: 1, max: 6 }).map((n) => {
  const names = Array.from({ length: n }, (_, i) => `F${i}`);
  return `{ ...F0 } ${names.map((name, i) => `fragment ${name} on Query { me { id } ...${names[(i + 1) % n]} }`).join(' ')}`;
});

const fragmentBomb = fc.tuple(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 4, max: 12 })).map(([levels, fan]) => {
  const parts = [`fragment L0 on Query { me { id name roles } }`];
  for (let i = 1; i < levels; i += 1) parts.push(`fragment L${i} on Query { ${`...L${i - 1} `.repeat(fan)}}`);
  return `{ ...L${levels - 1} } ${parts.join(' ')}`;
});

const directiveFlood = fc
  .tuple(
    fc.integer({ min: LIMITS.maxDirectives + 1, max: 400 }),
    fc.constantFrom('@include(if: true)', '@skip(if: false)', '@deprecated', '@unknown', '@include(if: $x)'),
  )
  .map(([n, directive]) => {
    const fields = Array.from({ length: n }, (_, i) => `f${i}: __typename ${directive}`).join(' ');
    return directive.includes('$x') ? `query ($x: Boolean!) { ${fields} }` : `{ ${fields} }`;
  });

const tokenFlood = fc
  .tuple(fc.integer({ min: LIMITS.maxTokens + 1, max: 8_000 }), fc.constantFrom('id ', '{ ', '} ', '... ', '$a ', '"x" ', '@a '))
  .map(([n, token]) => `{ me { ${token.repeat(n)}} }`);

const brokenDocument = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{',
    '}',
    '{ me { id }',
    'query',
    'mutation {}',
    'subscription { x }',
    '{ me { id } } { me { id } }',
    'query A { __typename } query A { __typename }',
    '{ me(id: ) }',
    '{ "string" }',
    '\u0000{ me { id } }',
    '{ me { id } }\u0000',
    '# only a comment',
    'fragment F on Query { __typename }',
    '{ ...Missing }',
    '{ me { ... on Dossier { id } } }',
    '{ __schema { types { name } } }',
    '{ __type(name: "Dossier") { name } }',
  ),
);

// ---------------------------------------------------------------------------------------------
// Requests

const json = 'application/json';
const callerArb: fc.Arbitrary<Caller> = fc.constantFrom('anonymous', 'roleless', 'garbage-claims', 'outsider-officer');
const targetArb: fc.Arbitrary<FuzzRequest['target']> = fc.oneof(
  { weight: 16, arbitrary: fc.constant('production' as const) },
  { weight: 3, arbitrary: fc.constant('persisted-only' as const) },
  { weight: 1, arbitrary: fc.constant('local' as const) },
);

function postJson(category: string, body: unknown, options: { mutation?: boolean } = {}): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(callerArb, targetArb).map(([caller, target]) => ({
    category,
    caller,
    target,
    method: 'POST',
    headers: { 'content-type': json },
    body: JSON.stringify(body),
    mutation: options.mutation ?? false,
  }));
}

const document = (category: string, text: fc.Arbitrary<string>, variables: fc.Arbitrary<unknown> = fc.constant({})) =>
  fc.tuple(text, variables).chain(([query, vars]) => postJson(category, { query, variables: vars }));

/** Operations the schema allows, with random arguments: queries, and mutations the callers may not run. */
const schemaOperation: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
    { weight: 3, arbitrary: rootOperation('query', () => true).map((built) => ({ built, mutation: false })) },
    { weight: 2, arbitrary: rootOperation('mutation', () => true).map((built) => ({ built, mutation: true })) },
  )
  .chain(({ built, mutation }) =>
    fc
      .tuple(callerArb, targetArb, rarely(fc.constantFrom(...bundledManifest.operations.map((entry) => entry.id))))
      .map(([caller, target, persistedId]) => ({
        category: mutation ? 'schema mutation' : 'schema query',
        caller,
        target,
        method: 'POST',
        headers: { 'content-type': json },
        // Now and then the manifest's id beside a different text (a hash mismatch).
        body: JSON.stringify({
          query: built.text,
          variables: built.variables,
          ...(persistedId ? { extensions: { persistedQuery: { version: 1, sha256Hash: persistedId } } } : {}),
        }),
        mutation,
      })),
  );

/** Manifest operations by id, with random variables. */
const persistedOperation: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom(...bundledManifest.operations),
    fc.dictionary(
      fc.constantFrom('id', 'expectedVersion', 'input', 'code', 'first', 'reason', 'secret', 'documents', 'items', 'from', 'to'),
      anyJson,
      { maxKeys: 5 },
    ),
    fc.boolean(),
  )
  .chain(([entry, variables, asDocumentId]) =>
    postJson(
      'persisted id',
      asDocumentId
        ? { documentId: `sha256:${entry.id}`, variables }
        : { extensions: { persistedQuery: { version: 1, sha256Hash: entry.id } }, variables },
      { mutation: entry.type === 'mutation' },
    ),
  );

const variablesOfWrongTypes = fc
  .tuple(
    fc.constantFrom(
      'query ($id: ID!) { dossier(id: $id) { id status } }',
      'query ($n: Int) { inbox(first: $n) { nodes { id } } }',
      'query ($l: AgencyLevel) { procedures(level: $l) { code } }',
      'query ($c: String!, $s: String!) { lookupDossier(code: $c, secret: $s) { status } }',
      'query ($f: DateTime!, $t: DateTime!) { trackingBook(from: $f, to: $t) { rows { dossierCode } } }',
      'mutation ($id: ID!, $v: Int!) { startAppraisal(id: $id, expectedVersion: $v) { id } }',
      'mutation ($i: SubmitDossierInput!) { submitDossier(input: $i) { id } }',
      'mutation ($i: ProcedureInput!) { publishProcedureVersion(input: $i) { code } }',
    ),
    fc.dictionary(fc.constantFrom('id', 'n', 'l', 'c', 's', 'f', 't', 'v', 'i', '__proto__', 'constructor'), anyJson, { maxKeys: 4 }),
  )
  .chain(([query, variables]) => postJson('wrong variable types', { query, variables }, { mutation: query.startsWith('mutation') }));

const protoPollution = fc
  .constantFrom(
    '{"__proto__":{"query":"{ me { id } }"}}',
    '{"query":"{ __typename }","__proto__":{"polluted":1}}',
    '{"query":"{ __typename }","variables":{"__proto__":{"admin":true}}}',
    '{"query":"{ __typename }","extensions":{"__proto__":{"persistedQuery":{"version":1}}}}',
    '{"query":"query ($i: SubmitDossierInput!) { submitDossier(input: $i) { id } }","variables":{"i":{"__proto__":{"procedureCode":"1.001776"},"constructor":{"prototype":{"x":1}}}}}',
    '{"constructor":{"prototype":{"query":"{ me { id } }"}}}',
    '{"query":"{ __typename }","operationName":"__proto__"}',
    '{"documentId":"__proto__"}',
    '{"query":{"__proto__":"x"}}',
  )
  .chain((body) =>
    fc.tuple(callerArb, targetArb).map(([caller, target]) => ({
      category: 'prototype pollution',
      caller,
      target,
      method: 'POST',
      headers: { 'content-type': json },
      body,
      mutation: false,
    })),
  );

const invalidJson = fc
  .oneof(
    fc.constantFrom(
      '{',
      '{"query": "{ me { id } }"',
      "{'query': '{ me { id } }'}",
      '{"query": "{ me { id } }",}',
      '[',
      'NaN',
      'undefined',
      '{"query": "\\u00"}',
      '\u0000',
      '{"a":1}{"b":2}',
      '{"query":"\\ud800"}',
    ),
    fc.string({ maxLength: 300 }),
    fc.json().map((text) => text.slice(0, Math.max(1, text.length - 1))),
  )
  .chain((body) =>
    fc.tuple(callerArb, targetArb).map(([caller, target]) => ({
      category: 'invalid JSON',
      caller,
      target,
      method: 'POST',
      headers: { 'content-type': json },
      body,
      mutation: false,
    })),
  );

const randomBytes = fc
  .tuple(
    fc.uint8Array({ maxLength: 4_096 }),
    fc.boolean(),
    fc.constantFrom(json, 'text/plain', 'application/octet-stream', 'multipart/form-data', 'application/json; charset=utf-16'),
    callerArb,
    targetArb,
  )
  .map(([bytes, base64, contentType, caller, target]) => ({
    category: 'random bytes',
    caller,
    target,
    method: 'POST',
    headers: { 'content-type': contentType },
    body: base64 ? Buffer.from(bytes).toString('base64') : Buffer.from(bytes).toString('latin1'),
    isBase64Encoded: base64,
    mutation: false,
  }));

/** Bodies over the limit (expanded at send time) and large strings inside it. */
const oversized = fc.oneof(
  fc.tuple(fc.integer({ min: LIMITS.maxBodyBytes + 1, max: 6 * 1024 * 1024 }), callerArb, targetArb).map(([bytes, caller, target]) => ({
    category: 'oversized body',
    caller,
    target,
    method: 'POST',
    headers: { 'content-type': json },
    body: 'x',
    bodyRepeat: bytes,
    mutation: false,
  })),
  fc.tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom('a', 'ệ', '😀', '\u0000')).chain(([n, unit]) =>
    postJson('huge string', {
      query: 'query ($c: String!, $s: String!) { lookupDossier(code: $c, secret: $s) { status } }',
      variables: { c: unit.repeat(Math.floor(n / 4)), s: 'x' },
    }),
  ),
);

const getRequests = fc
  .tuple(
    fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        'query=%7B%20__typename%20%7D',
        'query={me{id}}&variables=%7B',
        'query=mutation%20%7B%20__typename%20%7D',
        'extensions=%7B%22persistedQuery%22%3A1%7D',
        'documentId=sha256%3Azzz',
        'query=a&query=b',
        `query=${'%7B'.repeat(3_000)}`,
      ),
      fc.integer({ min: LIMITS.maxQueryStringBytes + 1, max: 40_000 }).map((n) => `query=${'x'.repeat(n)}`),
    ),
    fc.constantFrom<Record<string, string>>({}, { 'apollo-require-preflight': 'true' }, { 'content-type': json }, { accept: 'text/html' }),
    fc.constantFrom('GET', 'get', 'HEAD', 'OPTIONS', 'DELETE', 'PUT', 'PATCH', 'TRACE', ''),
    callerArb,
    targetArb,
  )
  .map(([rawQueryString, headers, method, caller, target]) => ({
    category: 'odd method or GET',
    caller,
    target,
    method,
    headers,
    rawQueryString,
    mutation: false,
  }));

const oddHeaders = fc
  .tuple(
    fc.constantFrom<Record<string, string>>(
      {},
      { 'Content-Type': json },
      { 'content-type': json, 'Content-Type': 'text/plain' },
      { 'content-type': 'text/plain', 'Content-Type': json },
      { 'content-type': 'APPLICATION/JSON' },
      { 'content-type': `${json}; boundary=${'x'.repeat(5000)}` },
    ),
    fc.constantFrom('{"query":"{ __typename }"}', '{"query":"{ me { id } }"}', ''),
    callerArb,
    targetArb,
  )
  .map(([headers, body, caller, target]) => ({ category: 'odd headers', caller, target, method: 'POST', headers, body, mutation: false }));

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

const persistedJunk = fc
  .oneof(
    fc.record({
      extensions: fc.record({
        persistedQuery: fc.record({ version: fc.oneof(fc.constant(1), anyJson), sha256Hash: fc.oneof(hex64, stringValue, anyJson) }),
      }),
    }),
    fc.record({ documentId: fc.oneof(stringValue, anyJson) }),
    fc.record({ documentId: hex64, query: fc.constant('{ __typename }') }),
  )
  .chain((body) => postJson('persisted junk', body));

/** Every kind of request, weighted towards the schema-driven ones. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 22, arbitrary: schemaOperation },
  { weight: 4, arbitrary: persistedOperation },
  { weight: 4, arbitrary: variablesOfWrongTypes },
  { weight: 5, arbitrary: randomBytes },
  { weight: 5, arbitrary: invalidJson },
  { weight: 2, arbitrary: oversized },
  { weight: 4, arbitrary: document('deep nesting', deepChain) },
  { weight: 4, arbitrary: document('alias bomb', aliasBomb) },
  { weight: 3, arbitrary: document('fragment cycle', fragmentCycle) },
  { weight: 3, arbitrary: document('fragment bomb', fragmentBomb) },
  { weight: 3, arbitrary: document('directive flood', directiveFlood, fc.constantFrom({}, { x: true }, { x: 'yes' })) },
  { weight: 3, arbitrary: document('token flood', tokenFlood) },
  { weight: 5, arbitrary: document('broken document', brokenDocument, fc.oneof(fc.constant({}), anyJson)) },
  { weight: 2, arbitrary: protoPollution },
  { weight: 3, arbitrary: getRequests },
  { weight: 2, arbitrary: oddHeaders },
  { weight: 3, arbitrary: persistedJunk },
);

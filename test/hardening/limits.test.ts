import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#graphql/hardening/limits';
import type { Claims } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';
import { type Answer, codes, httpEvent, invoke, type LambdaHandler, loadHandler, post } from './support';

const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

let production: LambdaHandler;
let local: LambdaHandler;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  const fixture = await setUpProvince();
  snapshot = () => tableSnapshot(fixture.dynamo, fixture.tableName);
  production = await loadHandler({ STAGE: 'prod' });
  local = await loadHandler({ STAGE: 'local' });
});

const ask = (handler: LambdaHandler, query: string, variables: Record<string, unknown> = {}, claims: Claims | undefined = reception) =>
  post(handler, { query, variables }, claims);

/** Refused with this one code, the HTTP status it documents, and no data. */
function expectRefused(answer: Answer, code: string, status = 400) {
  expect(codes(answer), answer.text).toEqual([code]);
  expect(answer.status).toBe(status);
  expect(answer.json?.data ?? undefined).toBeUndefined();
  expect(answer.text).not.toMatch(/stacktrace|Did you mean/);
}

/** `{ agencies { children { parent { children … code } } } }` with `levels` field levels. */
function agencyChain(levels: number): string {
  const fields = ['agencies', ...Array.from({ length: levels - 2 }, (_, i) => (i % 2 === 0 ? 'children' : 'parent'))];
  return `{ ${fields.map((field) => `${field} {`).join(' ')} code ${'}'.repeat(fields.length)} }`;
}

describe('query limits (the same in every stage)', () => {
  it(`refuse selections nested deeper than ${LIMITS.maxDepth} levels, and serve ${LIMITS.maxDepth}`, async () => {
    expectRefused(await ask(production, agencyChain(LIMITS.maxDepth + 1)), 'MAX_DEPTH_EXCEEDED');
    expectRefused(await ask(local, agencyChain(LIMITS.maxDepth + 1)), 'MAX_DEPTH_EXCEEDED');
    const atLimit = await ask(production, agencyChain(LIMITS.maxDepth));
    expect(codes(atLimit)).toEqual([]);
  });

  it('count depth through fragments as if they were written inline', async () => {
    const query = `{ agencies { ...A } } fragment A on Agency { children { ...B } } fragment B on Agency { parent { children { parent { children { parent { children { code } } } } } } }`;
    expectRefused(await ask(production, query), 'MAX_DEPTH_EXCEEDED');
  });

  it(`refuse an estimated cost over ${LIMITS.maxCost}, counting a literal page size up to ${LIMITS.largestPageSize}`, async () => {
    const wide = `{ inbox(first: 100) { nodes { id code version status phase statusLabel nationalStatusCode allowedActions dueAt
      holderAgency { code name } receivingAgency { code name } clock { paused supplementRequests } procedure { code name duration { label } }
      history { version type at actorId agency { name } } route { task agency { name } budget { label } } } } }`;
    const refused = await ask(production, wide);
    expectRefused(refused, 'COST_LIMIT_EXCEEDED');
    expect(refused.json?.errors?.[0]?.extensions).toMatchObject({ limit: LIMITS.maxCost });
    // The same with a variable page size is estimated without the multiplier (the resolver caps pages).
    const withVariable = await ask(production, wide.replace('{ inbox(first: 100)', 'query ($n: Int) { inbox(first: $n)'), { n: 100 });
    expect(codes(withVariable)).toEqual([]);
    // An absurd literal page size is the resolver's to refuse, with the real limit in its message.
    const absurd = await ask(production, '{ inbox(first: 100000) { nodes { id } } }');
    expect(codes(absurd)).toEqual(['BAD_INPUT']);
  });

  it(`refuse more than ${LIMITS.maxAliases} aliases`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expectRefused(await ask(production, aliases(LIMITS.maxAliases + 1)), 'MAX_ALIASES_EXCEEDED');
    expect(codes(await ask(production, aliases(LIMITS.maxAliases)))).toEqual([]);
  });

  it(`refuse more than ${LIMITS.maxDirectives} directives`, async () => {
    const fields = [
      'id',
      'name',
      'roles',
      'agency { code }',
      'agency { name }',
      'agency { level }',
      'agency { unitCode }',
      'agency { unitName }',
      'agency { unitType }',
      'agency { identifier }',
      'agency { oneStopName }',
    ];
    const directives = (n: number) =>
      `query ($yes: Boolean!) { me { ${fields
        .slice(0, n)
        .map((field) => `${field.replace(/^(\w+)/, '$1 @include(if: $yes)')}`)
        .join(' ')} } }`;
    expectRefused(await ask(production, directives(LIMITS.maxDirectives + 1), { yes: true }), 'MAX_DIRECTIVES_EXCEEDED');
    expect(codes(await ask(production, directives(LIMITS.maxDirectives), { yes: true }))).toEqual([]);
  });

  it(`refuse a document of more than ${LIMITS.maxTokens} tokens before parsing it`, async () => {
    const tokens = (n: number) => `{ me { ${'id '.repeat(n - 4)}} }`; // {, me, {, n-4 × id, }, }: n + 1 tokens
    const over = await ask(production, tokens(LIMITS.maxTokens));
    expectRefused(over, 'MAX_TOKENS_EXCEEDED');
    expect(over.json?.errors?.[0]?.extensions).toMatchObject({ limit: LIMITS.maxTokens });
    // One fewer passes this check (graphql-js then aborts validating 995 identical fields: its own budget).
    expect(codes(await ask(production, tokens(LIMITS.maxTokens - 1)))).not.toContain('MAX_TOKENS_EXCEEDED');
    // Not parsed: a broken document over the limit is refused for its size, not its syntax.
    expectRefused(await ask(production, `${'{ me '.repeat(LIMITS.maxTokens)}`), 'MAX_TOKENS_EXCEEDED');
  });

  it(`refuse fragments that expand to more than ${LIMITS.maxRecursiveSelections} selections (a fragment bomb)`, async () => {
    const bomb = `{ ...D }
      fragment A on Query { me { id name } }
      fragment B on Query { ${'...A '.repeat(10)} }
      fragment C on Query { ${'...B '.repeat(10)} }
      fragment D on Query { ${'...C '.repeat(10)} }`;
    expectRefused(await ask(production, bomb), 'MAX_RECURSIVE_SELECTIONS_EXCEEDED');
  });

  it('refuse a fragment cycle as invalid', async () => {
    const cycle = '{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }';
    expect(codes(await ask(production, cycle))).toContain('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('request size', () => {
  const padded = (bytes: number) => {
    const body = JSON.stringify({ query: '{ __typename }', variables: {} });
    return `${body.slice(0, -1)}${' '.repeat(bytes - body.length)}}`;
  };

  it(`refuses a body over ${LIMITS.maxBodyBytes} bytes with 413 before reading it, and serves one at the limit`, async () => {
    const over = await invoke(production, httpEvent({ body: padded(LIMITS.maxBodyBytes + 1) }));
    expectRefused(over, 'REQUEST_TOO_LARGE', 413);
    const atLimit = await invoke(production, httpEvent({ body: padded(LIMITS.maxBodyBytes) }));
    expect(atLimit.status).toBe(200);
    expect(atLimit.json?.data).toEqual({ __typename: 'Query' });
  });

  it('measures bytes, not characters, and base64 bodies once decoded', async () => {
    const vietnamese = JSON.stringify({
      query: 'query ($s: String) { __typename }',
      variables: { s: 'ệ'.repeat(LIMITS.maxBodyBytes / 3) },
    });
    expect(vietnamese.length).toBeLessThan(LIMITS.maxBodyBytes);
    expectRefused(await invoke(production, httpEvent({ body: vietnamese })), 'REQUEST_TOO_LARGE', 413);
    const encoded = Buffer.from(padded(LIMITS.maxBodyBytes + 1)).toString('base64');
    expectRefused(await invoke(production, httpEvent({ body: encoded, isBase64Encoded: true })), 'REQUEST_TOO_LARGE', 413);
    const small = Buffer.from(JSON.stringify({ query: '{ __typename }' })).toString('base64');
    expect((await invoke(production, httpEvent({ body: small, isBase64Encoded: true }))).json?.data).toEqual({ __typename: 'Query' });
  });

  it(`refuses a GET query string over ${LIMITS.maxQueryStringBytes} bytes`, async () => {
    const query = encodeURIComponent(`{ __typename ${' '.repeat(LIMITS.maxQueryStringBytes)}}`);
    const answer = await invoke(
      production,
      httpEvent({ method: 'GET', rawQueryString: `query=${query}`, headers: { 'apollo-require-preflight': 'true' } }),
    );
    expectRefused(answer, 'REQUEST_TOO_LARGE', 413);
  });
});

describe('malformed requests get typed errors', () => {
  it('a body that is not JSON', async () => {
    expectRefused(await invoke(production, httpEvent({ body: '{"query": "{ me { id } }"' })), 'BAD_REQUEST');
    expectRefused(await invoke(production, httpEvent({ body: '\u0000\u0001garbage' })), 'BAD_REQUEST');
  });

  it('batched requests (off, as Apollo Server 5 has them by default)', async () => {
    const batch = await post(production, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expectRefused(batch, 'BAD_REQUEST');
    expect(batch.json?.errors?.[0]?.message).toMatch(/batching/i);
  });

  it('a POST without the CSRF-safe content type, a GET mutation, an unknown method', async () => {
    expectRefused(
      await invoke(production, httpEvent({ body: '{"query":"{ __typename }"}', headers: { 'content-type': 'text/plain' } })),
      'BAD_REQUEST',
    );
    const getMutation = await invoke(
      production,
      httpEvent({
        method: 'GET',
        rawQueryString: `query=${encodeURIComponent('mutation { startAppraisal(id: "x", expectedVersion: 1) { id } }')}`,
        headers: { 'apollo-require-preflight': 'true' },
        // An officer's: without claims the public surface answers UNAUTHENTICATED first.
        claims: reception,
      }),
    );
    expect(codes(getMutation)).toEqual(['BAD_REQUEST']);
    expect(getMutation.status).toBe(405);
    const put = await invoke(production, httpEvent({ method: 'PUT', body: '{"query":"{ __typename }"}' }));
    expect(codes(put)).toEqual(['BAD_REQUEST']);
  });

  it('a subscription (the schema has none; graphql-js refuses it at execution, Apollo answers 200)', async () => {
    const answer = await ask(production, 'subscription { me { id } }');
    expect(codes(answer)).toEqual(['BAD_REQUEST']);
    expect(answer.json?.data ?? undefined).toBeUndefined();
  });

  it('an event that is not an HTTP API request', async () => {
    const event = httpEvent({ body: '{}' });
    delete (event.requestContext as { http?: unknown }).http;
    expectRefused(await invoke(production, event), 'BAD_REQUEST');
  });
});

describe('introspection and field suggestions', () => {
  it('answer introspection locally and refuse it in production', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await ask(local, query)).json?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await ask(production, query);
    expectRefused(refused, 'INTROSPECTION_DISABLED');
    expect(refused.json?.errors?.[0]?.message).not.toMatch(/Apollo|introspection: true/);
    expectRefused(await ask(production, '{ __type(name: "Dossier") { fields { name } } }'), 'INTROSPECTION_DISABLED');
    expect((await ask(production, '{ __typename }')).json?.data).toEqual({ __typename: 'Query' });
  });

  it('serve the local explorer’s full introspection query', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const answer = await ask(local, query);
    expect(answer.json?.errors).toBeUndefined();
    expect((answer.json!.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('suggest field, argument, type and enum names locally, never in production', async () => {
    // The query, its variables, and the names a suggestion would give away.
    const mistakes: [string, Record<string, unknown>, RegExp][] = [
      ['{ me { nam } }', {}, /"name"/],
      ['{ agency(cod: "06") { code } }', {}, /Did you mean "code"/],
      ['query ($l: AgencyLeve) { procedures(level: $l) { code } }', {}, /"AgencyLevel"/],
      ['{ procedures(level: PROVINC) { code } }', {}, /PROVINCE/],
      ['query ($l: AgencyLevel) { procedures(level: $l) { code } }', { l: 'PROVINC' }, /PROVINCE/],
    ];
    for (const [query, variables, secret] of mistakes) {
      const developer = await ask(local, query, variables);
      expect(developer.json?.errors?.[0]?.message, query).toMatch(/Did you mean/);
      const client = await ask(production, query, variables);
      expect(client.status, query).toBe(400);
      expect(client.json?.errors?.length, query).toBeGreaterThan(0);
      for (const error of client.json?.errors ?? []) {
        expect(error.message, query).not.toMatch(/Did you mean/);
        expect(error.message, query).not.toMatch(secret);
        expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'], query).toContain(error.extensions?.code);
      }
    }
  });
});

describe('errors in production', () => {
  it('mask unexpected failures: no AWS message, no stack, no paths', async () => {
    // The same handler over a table that does not exist: DynamoDB answers ResourceNotFoundException.
    const broken = await loadHandler({ STAGE: 'prod', TABLE_NAME: 'lienthong-no-such-table' });
    const answer = await ask(broken, '{ inbox { nodes { id } } }');
    expect(codes(answer)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(answer.json?.errors?.[0]?.message).toBe('Internal server error');
    expect(answer.text).not.toMatch(
      /ResourceNotFound|non-existent|table|dynamodb|amazonaws|\/work\/|node_modules|\.ts:|at [\w.]+ \(|stack/i,
    );
    const developer = await ask(await loadHandler({ STAGE: 'local', TABLE_NAME: 'lienthong-no-such-table' }), '{ inbox { nodes { id } } }');
    expect(developer.json?.errors?.[0]?.message).toMatch(/non-existent|not found/i);
  });

  it('keep every refusal typed and change nothing', async () => {
    const before = await snapshot();
    const refusals = [
      await ask(production, agencyChain(LIMITS.maxDepth + 1)),
      await ask(
        production,
        `mutation { ${Array.from({ length: 16 }, (_, i) => `a${i}: startAppraisal(id: "x", expectedVersion: 1) { id }`).join(' ')} }`,
      ),
      await invoke(production, httpEvent({ body: 'not json' })),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(codes(answer).length).toBeGreaterThan(0);
    }
    expect(await snapshot()).toBe(before);
  });
});

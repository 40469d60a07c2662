import { createHash } from 'node:crypto';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { provinceAgencies } from '#seed/seed';
import { ALL_CODES, type Answer, httpEvent, invoke, type LambdaHandler, loadHandler, post } from '../hardening/support';
import { setUpProvince } from '../support/province-fixture';
import { type Caller, DOSSIER_ID_PLACEHOLDER, type FuzzRequest, fuzzRequest } from './generators';

/**
 * Hostile requests through the real GraphQL Lambda handler (HTTP API payload 2.0 events, with and
 * without JWT claims) over DynamoDB Local. Every answer must come back in time, typed (each error
 * has `extensions.code`, none a stack trace or an AWS message), no 5xx without a typed body, and
 * the table must hold exactly what it held before: none of the callers may write (anonymous, no
 * roles, nonsense claims, an officer of an agency the one dossier does not involve); the only
 * writes allowed are the public lookup's wrong-secret counters, which exist to be written by
 * failed guesses and are left out of the comparison.
 *
 * FUZZ_SEED and FUZZ_RUNS reproduce or lengthen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 6;
const CHECKPOINT_EVERY = 1_000;
/**
 * Per request, measured around the handler call with CONCURRENCY in flight: well under the GraphQL
 * Lambda's 25 s timeout, with room for a busy 2-core machine (typical p99 is under a second).
 */
const LATENCY_BOUND_MS = 10_000;

const COMMUNE = '06.063.02014';
const reception = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

/** Claims the HTTP API's authorizer could pass on for a valid token with odd content. None names a real role. */
const GARBAGE_CLAIMS: Record<string, unknown>[] = [
  { sub: '', agency: '', roles: '' },
  { sub: 'x'.repeat(5_000), agency: '06', roles: '[NOT_A_ROLE __proto__]' },
  { sub: '__proto__', agency: '__proto__', roles: 'constructor prototype toString' },
  { sub: 42, agency: {}, roles: [] },
  { sub: ['a', 'b'], agency: ['06'], roles: ['ADMIN', 'ROOT'] },
  { sub: '👩‍👩‍👧‍👦', agency: `${COMMUNE}\u0000`, roles: '* SUPERUSER' },
  { sub: 'fuzz', agency: '06.063.02014.99999', roles: '[]' },
  { sub: null, agency: null, roles: null },
];

let handlers: Record<FuzzRequest['target'], LambdaHandler>;
let dossierId: string;
let outsider: Record<string, unknown>;
let dynamo: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  const fixture = await setUpProvince();
  dynamo = fixture.dynamo;
  tableName = fixture.tableName;
  handlers = {
    production: await loadHandler({ STAGE: 'prod' }),
    'persisted-only': await loadHandler({ STAGE: 'prod', PERSISTED_OPERATIONS: 'required' }),
    local: await loadHandler({ STAGE: 'local' }),
  };
  // One real dossier for the fuzz's ids to hit (no caller below may act on it).
  const submitted = await post(
    handlers.local,
    {
      query: 'mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }',
      variables: {
        input: {
          procedureCode: '2.000815',
          applicant: { kind: 'CITIZEN', fullName: 'Hà Văn Nam', address: { communeAgencyCode: COMMUNE } },
          documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }],
        },
      },
    },
    reception,
  );
  dossierId = (submitted.json!.data as { submitDossier: { id: string } }).submitDossier.id;
  // An officer of another district's commune: real roles, no say over the dossier, no reception role.
  const elsewhere = provinceAgencies('06', '2025-03').find((agency) => agency.level === 'COMMUNE' && !agency.code.startsWith('06.063'));
  outsider = { sub: 'fuzz-outsider', agency: elsewhere!.code, roles: 'HANDLING_OFFICER APPROVER' };
});

function claimsFor(caller: Caller, index: number): Record<string, unknown> | undefined {
  switch (caller) {
    case 'anonymous':
      return undefined;
    case 'roleless':
      return { sub: 'fuzz-roleless', agency: COMMUNE, roles: '' };
    case 'garbage-claims':
      return GARBAGE_CLAIMS[index % GARBAGE_CLAIMS.length];
    case 'outsider-officer':
      return outsider;
  }
}

/** The table's items but the public lookup's wrong-secret counters, as a count and a digest. */
async function tableDigest(): Promise<{ items: number; digest: string }> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey as never }));
    for (const item of page.Items ?? []) {
      // LOOKUP#<code> / THROTTLE#<client>#<day> and LOOKUP_CLIENT#<client> / THROTTLE#<hour>.
      if (item.SK?.S?.startsWith('THROTTLE') && item.PK?.S?.startsWith('LOOKUP')) continue;
      items.push(JSON.stringify(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  items.sort();
  return { items: items.length, digest: createHash('sha256').update(items.join('\n')).digest('hex') };
}

/** The event API Gateway would hand over; every 97th has a damaged envelope API Gateway would never send. */
function eventFor(request: FuzzRequest, index: number): APIGatewayProxyEventV2 {
  const rawBody = request.bodyRepeat !== undefined ? (request.body ?? '').repeat(request.bodyRepeat) : request.body;
  const event = httpEvent({
    method: request.method,
    headers: request.headers,
    body: rawBody?.replaceAll(DOSSIER_ID_PLACEHOLDER, dossierId),
    isBase64Encoded: request.isBase64Encoded,
    rawQueryString: request.rawQueryString,
    claims: claimsFor(request.caller, index),
  });
  // Every fourth goes to the public route (its own schema, limits and DynamoDB budget; claims ignored).
  if (index % 4 === 1) {
    Object.assign(event, { routeKey: `${event.requestContext.http.method} /public/graphql`, rawPath: '/public/graphql' });
    Object.assign(event.requestContext, { routeKey: event.routeKey });
  }
  if (index % 97 === 96) {
    const damage = (index / 97) % 4;
    const raw = event as unknown as Record<string, unknown>;
    if (damage < 1) delete (event.requestContext as { http?: unknown }).http;
    else if (damage < 2) raw.headers = null;
    else if (damage < 3) raw.body = { not: 'a string' };
    else raw.requestContext = { ...event.requestContext, authorizer: { jwt: 'not an object' } };
  }
  return event;
}

interface Problem {
  index: number;
  category: string;
  problem: string;
  request: string;
  answer: string;
}

const KNOWN_CODES = new Set(ALL_CODES);
const STACK_OR_INTERNALS = /\n\s+at |node_modules|\/work\/|\.ts:\d|stacktrace/;
const AWS_DETAILS =
  /amazonaws|ResourceNotFound|ConditionalCheckFailed|ProvisionedThroughput|TransactionCanceled|ValidationException|AccessDenied|UnrecognizedClient|ECONNREFUSED|arn:aws/i;

/** What must hold of every answer. */
function problemsWith(request: FuzzRequest, answer: Answer, elapsedMs: number): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(answer.status) || answer.status < 200 || answer.status > 599) problems.push(`status ${answer.status}`);
  if (elapsedMs > LATENCY_BOUND_MS) problems.push(`took ${Math.round(elapsedMs)} ms`);
  if (!answer.json) problems.push('body is not JSON');
  const errors = answer.json?.errors;
  if (answer.status >= 400 && !(Array.isArray(errors) && errors.length > 0)) problems.push(`${answer.status} without errors`);
  if (errors !== undefined && !Array.isArray(errors)) problems.push('errors is not a list');
  for (const error of Array.isArray(errors) ? errors : []) {
    if (typeof error?.extensions?.code !== 'string') problems.push('an error without extensions.code');
    else if (!KNOWN_CODES.has(error.extensions.code)) problems.push(`an undocumented code ${error.extensions.code}`);
    if (error?.extensions && 'stacktrace' in error.extensions) problems.push('a stack trace');
    if (STACK_OR_INTERNALS.test(JSON.stringify(error))) problems.push('internals in an error');
    if (AWS_DETAILS.test(String(error?.message))) problems.push('an AWS message');
    if (request.target !== 'local' && /Did you mean/.test(String(error?.message))) problems.push('a field suggestion in production');
  }
  if (answer.status >= 500 && !errors?.every((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR'))
    problems.push('5xx not typed INTERNAL_SERVER_ERROR');
  return problems;
}

const clip = (text: string | undefined, size = 300) =>
  text === undefined ? '' : text.length > size ? `${text.slice(0, size)}… (${text.length} chars)` : text;

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item as T);
    }
  });
  await Promise.all(runners);
}

const increment = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const table = (counts: Map<string, number>) => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));

describe('the GraphQL edge under hostile requests', () => {
  it(`answers ${RUNS} malformed, oversized, deeply nested and hostile requests typed, in time, changing nothing`, {
    timeout: 240_000,
  }, async () => {
    const started = performance.now();
    const requests = fc.sample(fuzzRequest, { numRuns: RUNS, seed: SEED });
    const byStatus = new Map<string, number>();
    const byCode = new Map<string, number>();
    const byCategory = new Map<string, number>();
    const byCaller = new Map<string, number>();
    const problems: Problem[] = [];
    const succeededMutations: number[] = [];
    /** Typed, so not a failure here, but each one is a server-side fault worth a look: listed for the log. */
    const internalErrors: string[] = [];
    const latencies: number[] = [];
    const slowest = new Map<string, number>();
    const totalMs = new Map<string, number>();
    let crashes = 0;

    const before = await tableDigest();
    const checkpoints: { after: number; items: number; digest: string }[] = [];
    const indexed = requests.map((request, index) => ({ request, index }));
    for (let from = 0; from < indexed.length; from += CHECKPOINT_EVERY) {
      await pool(indexed.slice(from, from + CHECKPOINT_EVERY), CONCURRENCY, async ({ request, index }) => {
        const event = eventFor(request, index);
        increment(byCategory, request.category);
        increment(byCaller, request.caller);
        const t0 = performance.now();
        let answer: Answer;
        try {
          answer = await invoke(handlers[request.target], event);
        } catch (error) {
          crashes += 1;
          problems.push({
            index,
            category: request.category,
            problem: `handler threw: ${String(error)}`,
            request: clip(request.body),
            answer: '',
          });
          return;
        }
        const elapsed = performance.now() - t0;
        latencies.push(elapsed);
        slowest.set(request.category, Math.max(slowest.get(request.category) ?? 0, Math.round(elapsed)));
        totalMs.set(request.category, (totalMs.get(request.category) ?? 0) + Math.round(elapsed));
        increment(byStatus, String(answer.status));
        const codes = (Array.isArray(answer.json?.errors) ? answer.json.errors : []).map((error) => String(error?.extensions?.code));
        increment(byCode, codes.length === 0 ? '(no errors)' : [...new Set(codes)].sort().join('+'));
        if (codes.includes('INTERNAL_SERVER_ERROR'))
          internalErrors.push(`${request.category}: ${clip(request.body ?? request.rawQueryString, 160)}`);
        for (const problem of problemsWith(request, answer, elapsed)) {
          problems.push({
            index,
            category: request.category,
            problem,
            request: clip(request.body ?? request.rawQueryString),
            answer: clip(answer.text),
          });
        }
        const data = answer.json?.data as Record<string, unknown> | null | undefined;
        if (request.mutation && data && Object.values(data).some((value) => value !== null)) succeededMutations.push(index);
      });
      checkpoints.push({ after: Math.min(from + CHECKPOINT_EVERY, indexed.length), ...(await tableDigest()) });
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);

    console.log(
      [
        `GraphQL fuzz: seed ${SEED}, ${requests.length} requests sent in ${seconds.toFixed(1)} s (${CONCURRENCY} in flight)`,
        `  latency ms: p50 ${percentile(50)}, p99 ${percentile(99)}, max ${Math.round(latencies.at(-1) ?? 0)} (bound ${LATENCY_BOUND_MS})`,
        `  handler crashes: ${crashes}; answers with a problem: ${problems.length}; mutations that succeeded: ${succeededMutations.length}`,
        `  table: ${before.items} items before, ${checkpoints.at(-1)?.items} after (lookup counters aside); digest ${before.digest === checkpoints.at(-1)?.digest ? 'unchanged' : 'CHANGED'}`,
        `  slowest ms by category: ${JSON.stringify(table(slowest))}`,
        `  total ms by category: ${JSON.stringify(table(totalMs))}`,
        `  by status: ${JSON.stringify(table(byStatus))}`,
        `  by caller: ${JSON.stringify(table(byCaller))}`,
        `  by category: ${JSON.stringify(table(byCategory))}`,
        `  by error code: ${JSON.stringify(table(byCode), null, 1)}`,
      ].join('\n'),
    );
    if (internalErrors.length > 0)
      console.log(`Answered INTERNAL_SERVER_ERROR (typed, logged; first 5):\n${internalErrors.slice(0, 5).join('\n')}`);
    if (problems.length > 0) console.log('First problems:', JSON.stringify(problems.slice(0, 10), null, 2));

    expect(requests.length).toBeGreaterThanOrEqual(10_000);
    expect(crashes).toBe(0);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(succeededMutations).toEqual([]);
    for (const checkpoint of checkpoints) expect({ after: checkpoint.after, ...before }).toEqual(checkpoint);
  });
});

import { buildSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNITS_EDITIONS } from '#domain/agencies-editions';
import { typeDefs } from '#graphql/generated/type-defs';
import { MAX_ANONYMOUS_DYNAMODB_REQUESTS, PUBLIC_LIMITS, UNPAGED_LIST_SIZES } from '#graphql/hardening/limits';
import { bundledManifest } from '#graphql/persisted';
import { PUBLIC_SURFACE, publicTypeDefs } from '#graphql/public/surface';
import { provinceAgencies, UNIT_LISTS } from '#seed/seed';
import { DynamoDbCounter, totalCalls } from '../../bench/ddb-counter';
import type { Claims } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { type Answer, codes, httpEvent, invoke, type LambdaHandler, loadHandler } from './support';

/**
 * The public route (issue 13, anonymous amplification): its own small schema, lists charged by
 * their real size, and a fixed ceiling on the DynamoDB requests of any anonymous request, counted
 * here with the benchmark's counter on the very client the handler uses.
 */
const reception: Claims = { sub: 'tn-duongphong', agency: '06.063.02014', roles: 'RECEPTION_OFFICER' };

let handler: LambdaHandler;
let counter: DynamoDbCounter;

beforeAll(async () => {
  await setUpProvince();
  handler = await loadHandler({ STAGE: 'prod' });
  // The module graph loadHandler just imported: its one client is the one every handler read goes through.
  const { sharedDocumentClient } = await import('#store/clients');
  counter = new DynamoDbCounter().attach(sharedDocumentClient());
});

const publicPost = (body: unknown, sourceIp = '203.0.113.7') => {
  const event = httpEvent({ body: JSON.stringify(body) });
  Object.assign(event, { routeKey: 'POST /public/graphql', rawPath: '/public/graphql' });
  Object.assign(event.requestContext, {
    routeKey: 'POST /public/graphql',
    http: { ...event.requestContext.http, path: '/public/graphql', sourceIp },
  });
  return invoke(handler, event);
};

/** One request, with the DynamoDB requests it sent, its size and how long it took. */
async function measured(send: () => Promise<Answer>) {
  const started = performance.now();
  const { result, counts } = await counter.measure(send);
  return {
    answer: result,
    requests: totalCalls(counts),
    bytes: Buffer.byteLength(result.text),
    ms: Math.round(performance.now() - started),
  };
}

/** The reviewer's request: the agency tree with `children` nested to the (officers') depth limit, under 15 aliases. */
function reviewersRequest(levels = 7, aliases = 15): string {
  const tree = `agencies { ${'children { '.repeat(levels - 1)}code name ${'} '.repeat(levels - 1)}}`;
  return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${tree}`).join(' ')} }`;
}

/** The same with `children { parent { children … } } }`: each level multiplies by the province's fan-out. */
function alternatingRequest(levels = 7, aliases = 15): string {
  const fields = Array.from({ length: levels - 1 }, (_, i) => (i % 2 === 0 ? 'children' : 'parent'));
  const tree = `agencies { ${fields.map((field) => `${field} { `).join('')}code name ${'} '.repeat(fields.length)}}`;
  return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${tree}`).join(' ')} }`;
}

describe('the public schema', () => {
  it('has the public surface’s root fields and only the types they reach: no dossier, applicant or officer', () => {
    const schema = buildSchema(publicTypeDefs(typeDefs));
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual([...PUBLIC_SURFACE.Query].sort());
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort()).toEqual([...PUBLIC_SURFACE.Mutation].sort());
    for (const hidden of ['Dossier', 'Applicant', 'Officer', 'DossierConnection', 'FailedHandoff', 'SubmitDossierInput']) {
      expect(schema.getType(hidden), hidden).toBeUndefined();
    }
    expect(schema.getType('PublicDossierStatus')).toBeDefined();
  });

  it('answers an officer’s operation on the public route with UNAUTHENTICATED (401), reading nothing', async () => {
    for (const query of [
      '{ inbox { nodes { id } } }',
      '{ __typename ...F } fragment F on Query { me { id } }',
      'mutation { acceptDossier(id: "x", expectedVersion: 1) { id } }',
    ]) {
      const { answer, requests } = await measured(() => publicPost({ query }));
      expect(codes(answer), query).toEqual(['UNAUTHENTICATED']);
      expect(answer.status).toBe(401);
      expect(requests).toBe(0);
    }
  });

  it('serves a request without verified claims on the officers’ route the public schema too', async () => {
    const answer = await invoke(handler, httpEvent({ body: JSON.stringify({ query: '{ dossier(id: "x") { applicant { idNumber } } }' }) }));
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('anonymous amplification', () => {
  it(`keeps the reviewer’s request (agency tree, children to the depth limit, 15 aliases) under ${MAX_ANONYMOUS_DYNAMODB_REQUESTS} DynamoDB requests`, async () => {
    const figures: string[] = [];
    for (const [name, query] of [
      ['children ×6, 15 aliases', reviewersRequest()],
      ['children/parent ×6, 15 aliases', alternatingRequest()],
      ['children ×3, 5 aliases', reviewersRequest(4, 5)],
    ] as const) {
      const { answer, requests, bytes, ms } = await measured(() => publicPost({ query }));
      figures.push(`${name}: ${codes(answer).join(',') || 'served'}, ${requests} DynamoDB requests, ${bytes} bytes, ${ms} ms`);
      expect(requests, name).toBeLessThanOrEqual(MAX_ANONYMOUS_DYNAMODB_REQUESTS);
      expect(bytes, name).toBeLessThan(10_000);
      expect(answer.status, name).toBe(400);
    }
    console.info(`public route, the reviewer's requests:\n  ${figures.join('\n  ')}`);
  });

  it('charges `children` by its real size: one level of the tree is served, a second refused by cost before any read', async () => {
    const oneLevel = await measured(() => publicPost({ query: '{ agencies { code name children { code name kind } } }' }));
    expect(codes(oneLevel.answer)).toEqual([]);
    expect(oneLevel.requests).toBeLessThanOrEqual(3);
    const twoLevels = await measured(() => publicPost({ query: '{ agencies { code children { code children { code } } } }' }));
    expect(codes(twoLevels.answer)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(twoLevels.requests).toBe(0);
    // Officers keep theirs (authenticated, logged, behind the authorizer).
    const officer = await invoke(
      handler,
      httpEvent({ body: JSON.stringify({ query: '{ agencies { code children { code children { code } } } }' }), claims: reception }),
    );
    expect(codes(officer)).toEqual([]);
  });

  it('reads each parent’s children once per request, however many aliases ask', async () => {
    const query = `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: agencies(parentCode: "06") { code parent { code } }`).join(' ')} }`;
    const { answer, requests } = await measured(() => publicPost({ query }));
    expect(codes(answer)).toEqual([]);
    // One Query for 06's children; `parent` is 06 itself: one BatchGetItem.
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('serves the public operations of the manifest within the public limits and the request budget', async () => {
    const publicOps = bundledManifest.operations.filter((operation) =>
      ['Procedures', 'Procedure', 'AgencyTree', 'AgenciesOfKind', 'Agency', 'LookupDossier', 'RuleSets', 'RuleSetAt'].includes(
        operation.name,
      ),
    );
    expect(publicOps.length).toBeGreaterThanOrEqual(5);
    const variables = { code: '06.063', parentCode: '06', secret: 'AAAAAA', at: '2026-01-01T00:00:00+07:00' };
    const figures: string[] = [];
    for (const operation of publicOps) {
      const { answer, requests } = await measured(() =>
        publicPost({ query: operation.body, variables }, `198.51.100.${publicOps.indexOf(operation)}`),
      );
      const refusals = codes(answer).filter((code) => code !== 'PROCEDURE_NOT_FOUND' && code !== 'BAD_USER_INPUT');
      expect(refusals, `${operation.name}: ${answer.text.slice(0, 300)}`).toEqual([]);
      expect(requests, operation.name).toBeLessThanOrEqual(MAX_ANONYMOUS_DYNAMODB_REQUESTS);
      figures.push(`${operation.name} ${requests}`);
    }
    console.info(`public route, DynamoDB requests of the manifest's public operations: ${figures.join(', ')}`);
  });

  it('refuses the request past the budget’s last DynamoDB request, and sends nothing more', async () => {
    const { withDynamoDbBudget } = await import('#store/request-budget');
    const { sharedDocumentClient } = await import('#store/clients');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { result, counts } = await counter.measure(() =>
      withDynamoDbBudget(3, async () => {
        const outcomes: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          try {
            await sharedDocumentClient().send(
              new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: `AGENCY#06`, SK: 'AGENCY' } }),
            );
            outcomes.push('sent');
          } catch (error) {
            outcomes.push((error as { code?: string }).code ?? String(error));
          }
        }
        return outcomes;
      }),
    );
    expect(result).toEqual(['sent', 'sent', 'sent', 'REQUEST_BUDGET_EXCEEDED', 'REQUEST_BUDGET_EXCEEDED']);
    expect(counts.GetItem?.attempts).toBe(3);
  });
});

describe('the real sizes the cost estimate charges', () => {
  it(`covers the most agencies under one agency in every province of every unit list (≤ ${String(UNPAGED_LIST_SIZES['Agency.children'])})`, () => {
    let largest = 0;
    for (const edition of UNITS_EDITIONS) {
      for (const province of UNIT_LISTS[edition].provinces) {
        const counts = new Map<string, number>();
        for (const agency of provinceAgencies(province.code, edition)) {
          const parent = agency.parentCode ?? 'ROOT';
          counts.set(parent, (counts.get(parent) ?? 0) + 1);
        }
        largest = Math.max(largest, ...counts.values());
      }
    }
    expect(largest).toBeGreaterThan(100);
    expect(largest).toBeLessThanOrEqual(UNPAGED_LIST_SIZES['Agency.children'] as number);
    expect(PUBLIC_LIMITS.maxDepth).toBeLessThan(8);
  });
});

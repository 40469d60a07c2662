import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-env';
import { type Platform, startPlatform } from '../../local/platform';
import { tableSnapshot } from '../support/table-snapshot';
import { readDoc, section } from './markdown';
import { fillIn, pathValue, type Step, steps } from './steps';

/**
 * The README's "GraphQL by example", run as a newcomer runs it: the platform `npm start` runs
 * (the real Lambda handlers behind the emulated HTTP API, the stream relay and the queue
 * consumer, over the shared DynamoDB Local and SQS emulator), each step as the caller it names,
 * with the demo officers' tokens, its variables filled in from earlier answers as the README says.
 */

let platform: Platform;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  const suffix = randomUUID().slice(0, 8);
  platform = await startPlatform({
    provinceCode: '06',
    port: 0,
    emulators: { dynamodb: inject('dynamoEndpoint'), sqs: inject('sqsEndpoint') },
    names: { tableName: `lienthong-readme-${suffix}`, queueNamePrefix: `r${suffix}-` },
  });
  dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
});

afterAll(async () => {
  dynamo?.destroy();
  await platform?.stop();
});

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[]; message?: string };
}

async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function call(step: Step, variables: Record<string, unknown>): Promise<Answer> {
  const request = { query: step.query, operationName: step.operationName, variables };
  if (step.caller === 'PUBLIC') return post(platform.publicUrl, request);
  const officer = platform.tokens.find((candidate) => candidate.role === step.caller);
  if (!officer) throw new Error(`The README names ${step.caller}, which npm start prints no token for`);
  return post(platform.url, request, officer.token);
}

describe('README: GraphQL by example', () => {
  it('runs every step in order as written, each as the caller it names, feeding each answer to the next', async () => {
    const walk = steps(section(readDoc('README.md'), 'GraphQL by example'));
    expect(walk.map((step) => `${step.caller} ${step.operationName}`)).toEqual([
      'PUBLIC Catalog',
      'RECEPTION_OFFICER SubmitDossier',
      'RECEPTION_OFFICER AcceptDossier',
      'RECEPTION_OFFICER TransferDossier',
      'HANDLING_OFFICER Inbox',
      'HANDLING_OFFICER AcceptHandoff',
      'HANDLING_OFFICER DossierHistory',
      'PUBLIC LookupDossier',
    ]);

    const answers: Record<string, unknown>[] = [];
    for (const step of walk) {
      // The reader takes a moment between steps: whatever the relay and consumer had to do is done.
      await platform.pollers.drain();
      const { status, body } = await call(step, fillIn(step.variables, answers));
      expect({ step: step.operationName, status, errors: body.errors }).toEqual({
        step: step.operationName,
        status: 200,
        errors: undefined,
      });
      answers.push(body.data as Record<string, unknown>);
    }

    const [catalog, submitted, accepted, , inbox, , history, lookup] = answers;
    const codes = (pathValue(catalog, 'procedures') as { code: string }[]).map((procedure) => procedure.code);
    expect(codes).toContain('1.001776');
    expect(pathValue(inbox, 'inbox.nodes[0]')).toMatchObject({
      id: pathValue(submitted, 'submitDossier.id'),
      version: 4,
      code: pathValue(accepted, 'acceptDossier.code'),
    });
    expect(pathValue(history, 'dossier.holderAgency.code')).toBe('06.063');
    expect((pathValue(history, 'dossier.history') as { type: string }[]).map((event) => event.type)).toEqual([
      'SUBMITTED',
      'ACCEPTED',
      'TRANSFERRED',
      'DELIVERED',
      'HANDOFF_ACCEPTED',
    ]);
    expect(pathValue(history, 'dossier.forms.controlSlip.rows')).toHaveLength(1);
    expect(pathValue(lookup, 'lookupDossier')).toMatchObject({ status: 'IN_PROCESSING', holderAgencyName: 'UBND Huyện Bạch Thông' });
  });
});

describe('without a token', () => {
  const submit = {
    query: `mutation { submitDossier(input: { procedureCode: "1.001776", applicant: { kind: CITIZEN, fullName: "Lò Thị Mai", address: { communeAgencyCode: "06.063.02014" } }, documents: [{ code: "TO_KHAI_TCXH" }] }) { id } }`,
  };

  it('/graphql answers 401 JSON with extensions.code UNAUTHENTICATED (and AWS’s message), storing nothing', async () => {
    const before = await tableSnapshot(dynamo, platform.tableName);

    const missing = await post(platform.url, submit);
    const forged = await post(platform.url, submit, 'not-a-token');

    for (const answer of [missing, forged]) {
      expect(answer.status).toBe(401);
      expect(answer.body.message).toBe('Unauthorized');
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.body.errors?.[0]?.message).toContain('/public/graphql');
    }
    expect(await tableSnapshot(dynamo, platform.tableName)).toBe(before);
  });

  it('/public/graphql answers the catalog, and refuses an officer’s operation with UNAUTHENTICATED, storing nothing', async () => {
    const before = await tableSnapshot(dynamo, platform.tableName);

    const catalog = await post(platform.publicUrl, { query: '{ procedures { code } }' });
    const refused = await post(platform.publicUrl, submit);

    expect(catalog.status).toBe(200);
    expect((catalog.body.data?.procedures as unknown[] | undefined)?.length).toBeGreaterThan(0);
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await tableSnapshot(dynamo, platform.tableName)).toBe(before);
  });

  it('the explorer offers the public endpoint beside the demo officers', async () => {
    const page = await (await fetch(platform.explorerUrl, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('"url":"/public/graphql"');
    expect(page).toContain('the public: no token');
  });
});

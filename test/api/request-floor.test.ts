import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lookupSecret } from '#domain/lookup-secret';
import { sharedDocumentClient } from '#store/clients';
import { hashKey } from '#store/keys-config';
import { DynamoDbCounter, describeCounts, describeTrace, type TraceEntry } from '../../bench/ddb-counter';
import { clientKeyOf, FREE_ATTEMPTS, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

/**
 * Issue 14, requests at the floor: the DynamoDB requests (and round trips) each operation sends,
 * counted by SDK middleware on the client the handler uses. The counts are the behaviour the
 * issue states, not timings: a round trip is a request that starts after the previous ones ended.
 */
const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-floor', name: 'Cán bộ một cửa', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

let gql: ReturnType<typeof graphqlClient>;
let counter: DynamoDbCounter;
let services: ReturnType<typeof servicesForTable>;
let tableName: string;

beforeAll(async () => {
  const fixture = await setUpProvince();
  tableName = fixture.tableName;
  services = servicesForTable(tableName);
  gql = graphqlClient((await import('#graphql/handler')).handler as unknown as Parameters<typeof graphqlClient>[0]);
  counter = new DynamoDbCounter().attach(sharedDocumentClient());
  counter.tracing = true;
});

const FAIL_READ_RECORD = 'floorTestFailsReadRecord';
afterEach(() => {
  sharedDocumentClient().middlewareStack.remove(FAIL_READ_RECORD);
});

/** What one operation sent: "1 GetItem + 1 Query + …", its round trips, and every item kind it touched. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; commands: string; trips: number; touched: string[] }> {
  const { result, counts, trace } = await counter.measure(work);
  return { result, commands: describeCounts(counts), trips: describeTrace(trace).roundTrips, touched: touchedBy(trace) };
}

const touchedBy = (trace: readonly TraceEntry[]) => trace.flatMap((entry) => entry.touches);

const SUBMIT = 'mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id version } }';
const ACCEPT = `mutation ($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) {
  id version code procedure { name } receivingAgency { name } holderAgency { name } } }`;
const INBOX = `{ inbox(first: 20) { nodes { id code status dueAt procedure { code name } receivingAgency { name } holderAgency { name } } } }`;
const LOOKUP = `query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) {
  code procedureName status dueAt receivingAgencyName holderAgencyName } }`;
const DOSSIER = `query ($id: ID!) { dossier(id: $id) { id status procedure { name } receivingAgency { name }
  history { version type at agency { name } } } }`;

async function submitted(): Promise<{ id: string; version: number }> {
  const response = await gql<{ submitDossier: { id: string; version: number } }>(
    SUBMIT,
    {
      input: {
        procedureCode: '2.000815',
        applicant: { kind: 'CITIZEN', fullName: 'Nông Văn Tú', address: { communeAgencyCode: COMMUNE } },
        documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }],
      },
    },
    reception,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.submitDossier;
}

type Accepted = { id: string; version: number; code: string; receivingAgency: { name: string } };

async function accepted(): Promise<Accepted> {
  const { id, version } = await submitted();
  const response = await gql<{ acceptDossier: Accepted }>(ACCEPT, { id, v: version }, reception);
  expect(response.errors).toBeUndefined();
  return response.data!.acceptDossier;
}

describe('names without a round trip of their own', () => {
  it('an accept names its agencies and procedure from the container’s copy', async () => {
    const { id, version } = await submitted();
    const { result, touched } = await measured(() => gql<{ acceptDossier: Accepted }>(ACCEPT, { id, v: version }, reception));
    expect(result.errors).toBeUndefined();
    expect(result.data!.acceptDossier.receivingAgency).toMatchObject({ name: expect.any(String) });
    expect(touched.filter((kind) => kind === 'agency' || kind === 'procedure')).toEqual([]);
  });

  it('an inbox page of 20 is one Query, names and all', async () => {
    for (let i = 0; i < 3; i += 1) await accepted();
    const { result, commands, trips } = await measured(() =>
      gql<{ inbox: { nodes: { procedure: { name: string } }[] } }>(INBOX, {}, reception),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.inbox.nodes.length).toBeGreaterThanOrEqual(3);
    expect(result.data!.inbox.nodes[0]!.procedure.name).toEqual(expect.any(String));
    expect({ commands, trips }).toEqual({ commands: '1 Query', trips: 1 });
  });
});

describe('the public lookup', () => {
  it('with the right secret: the count, then the dossier beside the give-back (3 requests, 2 round trips)', async () => {
    const dossier = await accepted();
    const secret = lookupSecret(dossier.code, hashKey('LOOKUP_SECRET_KEY'));
    const { result, commands, trips } = await measured(() =>
      gql<{ lookupDossier: { code: string; receivingAgencyName: string } }>(LOOKUP, { code: dossier.code, secret }),
    );
    expect(result.data!.lookupDossier).toMatchObject({ code: dossier.code, receivingAgencyName: expect.any(String) });
    expect({ commands, trips }).toEqual({ commands: '2 UpdateItem + 1 Query', trips: 2 });
  });

  it('with a wrong secret: the count alone (1 request), and the same for a code that does not exist', async () => {
    const dossier = await accepted();
    const wrong = await measured(() => gql<{ lookupDossier: unknown }>(LOOKUP, { code: dossier.code, secret: 'AAAAAA' }));
    expect(wrong.result.data!.lookupDossier).toBeNull();
    expect({ commands: wrong.commands, trips: wrong.trips }).toEqual({ commands: '1 UpdateItem', trips: 1 });

    const unknownCode = `${COMMUNE}-991231-9999`;
    const unknown = await measured(() =>
      gql<{ lookupDossier: unknown }>(LOOKUP, { code: unknownCode, secret: lookupSecret(unknownCode, hashKey('LOOKUP_SECRET_KEY')) }),
    );
    expect(unknown.result.data!.lookupDossier).toBeNull();
  });
});

describe('the public lookup before its verdict', () => {
  it('sends the same for a refused right guess as for a refused wrong one, and counts both', async () => {
    const dossier = await accepted();
    const noon = new Date('2026-12-03T05:00:00.000Z');
    const stopped = servicesForTable(tableName, { now: () => noon });
    const client = await clientKeyOf('198.51.100.140');
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) expect(await stopped.dossiers.lookup(dossier.code, 'AAAAAA', client)).toBeNull();
    const refused = async (secret: string) => {
      const { result, commands, trips } = await measured(() =>
        stopped.dossiers.lookup(dossier.code, secret, client).then(
          (): { code?: string; retryAfter?: string } => ({}),
          (error: { code?: string; details?: { retryAfter?: string } }) => ({ code: error.code, retryAfter: error.details?.retryAfter }),
        ),
      );
      return { result, commands, trips };
    };
    const wrong = await refused('AAAAAA');
    const right = await refused(lookupSecret(dossier.code, hashKey('LOOKUP_SECRET_KEY')));
    expect(wrong).toMatchObject({ result: { code: 'TOO_MANY_ATTEMPTS' }, commands: '1 UpdateItem', trips: 1 });
    expect(right).toMatchObject({ result: { code: 'TOO_MANY_ATTEMPTS' }, commands: '1 UpdateItem', trips: 1 });
    // Each refusal counted: the wait after the right guess is the one after two wrong ones.
    expect(Date.parse(right.result.retryAfter!)).toBeGreaterThan(Date.parse(wrong.result.retryAfter!));
  });
});

describe('the audited dossier read', () => {
  it('reads the head and its history in one Query, then records the read: 2 requests, 2 round trips, the record kept', async () => {
    const dossier = await accepted();
    const { result, commands, trips } = await measured(() =>
      gql<{ dossier: { history: { type: string }[] } }>(DOSSIER, { id: dossier.id }, reception),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.dossier.history.map((event) => event.type)).toEqual(['SUBMITTED', 'ACCEPTED']);
    expect({ commands, trips }).toEqual({ commands: '1 Query + 1 PutItem', trips: 2 });
    const log = await services.dossiers.readLog(dossier.id, 5);
    expect(log).toEqual([expect.objectContaining({ officerId: reception.sub, agencyCode: COMMUNE })]);
  });

  it('fails when the read cannot be recorded: no dossier, no history shown', async () => {
    const dossier = await accepted();
    sharedDocumentClient().middlewareStack.add(
      (next) => async (args) => {
        const item = (args.input as { Item?: { SK?: unknown } }).Item;
        if (typeof item?.SK === 'string' && item.SK.startsWith('READ#')) throw new Error('injected: the read record cannot be written');
        return next(args);
      },
      { step: 'initialize', name: FAIL_READ_RECORD },
    );
    const response = await gql<{ dossier: unknown }>(DOSSIER, { id: dossier.id }, reception);
    expect(response.data?.dossier ?? null).toBeNull();
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(await services.dossiers.readLog(dossier.id, 5)).toEqual([]);
  });
});

import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriber, sqsClient } from '../../examples/agency-subscriber/subscriber';
import { loadDevIssuer } from '../../local/auth';
import { type HttpHandler, type HttpServer, startHttpServer } from '../../local/http';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

/**
 * The example subscriber against the real platform: the GraphQL handler behind the local HTTP API
 * (JWT checked), the stream relay publishing to the district's queue, and NO platform consumer on
 * that queue (the district is an external subscriber). A commune hands a dossier to the district;
 * the district's system reads the message, acknowledges and accepts it.
 */

const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let relay: StreamPoller;
let http: HttpServer;
let token: string;

beforeAll(async () => {
  fixture = await setUpProvince({ queues: true });
  const [{ handler: graphql }, { handler: relayHandler }] = await Promise.all([import('#graphql/handler'), import('#relay/handler')]);
  gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  relay = await startStreamPoller({
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: relayHandler,
    startingPosition: 'TRIM_HORIZON',
  });
  const issuer = await loadDevIssuer();
  http = await startHttpServer({
    port: 0,
    routes: [{ routeKey: 'POST /graphql', functionName: 'graphql', handler: graphql as HttpHandler }],
    verifyToken: issuer.verify,
  });
  token = await issuer.issue({
    sub: `system-${DISTRICT}`,
    name: 'Hệ thống một cửa huyện Bạch Thông',
    agency: DISTRICT,
    roles: 'AGENCY_SYSTEM',
  });
});

afterAll(async () => {
  await Promise.all([relay?.stop(), http?.close()]);
});

interface View {
  version: number;
  holderAgency: { code: string } | null;
  history: { type: string }[];
}

async function view(id: string): Promise<View> {
  const response = await gql<{ dossier: View }>(
    `query ($id: ID!) { dossier(id: $id) { version holderAgency { code } history { type } } }`,
    { id },
    districtOfficer,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.dossier;
}

async function handedToDistrict(): Promise<string> {
  const submitted = await gql<{ submitDossier: { id: string } }>(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
    {
      input: {
        procedureCode: '1.001776',
        applicant: { kind: 'CITIZEN', fullName: 'Lý Văn Bình', address: { communeAgencyCode: COMMUNE } },
        documents: [{ code: 'TO_KHAI_TCXH' }],
      },
    },
    reception,
  );
  expect(submitted.errors).toBeUndefined();
  const id = submitted.data!.submitDossier.id;
  for (const [mutation, version] of [
    ['acceptDossier(id: $id, expectedVersion: $v)', 1],
    [`transferDossier(id: $id, toAgency: "${DISTRICT}", expectedVersion: $v)`, 2],
  ] as const) {
    const response = await gql(`mutation ($id: ID!, $v: Int!) { ${mutation} { id } }`, { id, v: version }, reception);
    expect(response.errors).toBeUndefined();
  }
  return id;
}

describe('the example subscriber on the platform, as an external district', () => {
  it('takes a handoff over through acknowledgeHandoff and acceptHandoff, then deletes the message', async () => {
    const dossierId = await handedToDistrict();
    await relay.drain(20_000);
    const queueUrl = fixture.queues.get(DISTRICT)!.queueUrl;
    const sqs = sqsClient(fixture.sqsEndpoint);
    const log: string[] = [];
    const subscriber = createSubscriber({
      queueUrl,
      graphqlUrl: http.url,
      token,
      sqs,
      waitTimeSeconds: 1,
      log: (line) => log.push(line),
    });
    subscriber.start();
    try {
      const deadline = Date.now() + 20_000;
      while ((await view(dossierId)).history.at(-1)?.type !== 'HANDOFF_ACCEPTED') {
        if (Date.now() > deadline) throw new Error(`not accepted in time; subscriber said: ${log.join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      subscriber.stop();
    }
    const after = await view(dossierId);
    expect(after.holderAgency?.code).toBe(DISTRICT);
    expect(after.history.map((event) => event.type)).toEqual(['SUBMITTED', 'ACCEPTED', 'TRANSFERRED', 'DELIVERED', 'HANDOFF_ACCEPTED']);
    expect(log).toEqual([expect.stringMatching(/: accepted$/)]);
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)).toBe(0);
    sqs.destroy();
  });
});

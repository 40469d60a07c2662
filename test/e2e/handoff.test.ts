import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqsPoller, startSqsPoller } from '../../local/pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from '../../local/pollers/stream-poller';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

// Liên thông commune → district: Dương Phong commune hands a social-allowance dossier to Bạch Thông.
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const districtOfficer: Claims = { sub: 'cv-bachthong', agency: DISTRICT, roles: 'HANDLING_OFFICER' };
const districtHead: Claims = { sub: 'tp-bachthong', agency: DISTRICT, roles: 'AGENCY_HEAD APPROVER' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let streamPoller: StreamPoller;
let sqsPoller: SqsPoller;

beforeAll(async () => {
  fixture = await setUpProvince({ queues: true });
  const [{ handler: graphql }, { handler: relay }, { handler: consumer }] = await Promise.all([
    import('#graphql/handler'),
    import('#relay/handler'),
    import('#transfer-consumer/handler'),
  ]);
  gql = graphqlClient(graphql as Parameters<typeof graphqlClient>[0]);
  streamPoller = await startStreamPoller({
    endpoint: fixture.dynamoEndpoint,
    tableName: fixture.tableName,
    handler: relay,
    startingPosition: 'TRIM_HORIZON',
  });
  sqsPoller = startSqsPoller({
    endpoint: fixture.sqsEndpoint,
    queues: [...fixture.queues.values()],
    handler: consumer,
    waitTimeSeconds: 1,
  });
});

afterAll(async () => {
  await Promise.all([streamPoller?.stop(), sqsPoller?.stop()]);
});

/** Waits until the stream relay and the queue consumers have nothing left to do. */
async function settle() {
  await streamPoller.drain(20_000);
  await sqsPoller.drain(20_000);
}

interface DossierView {
  id: string;
  version: number;
  status: string;
  holderAgency: { code: string } | null;
  pendingHandoff: { id: string } | null;
  history: { version: number; type: string; handoff: { id: string } | null }[];
}

const DOSSIER_VIEW = `id version status holderAgency { code } pendingHandoff { id } history { version type handoff { id } }`;

async function view(id: string, claims: Claims): Promise<DossierView> {
  const response = await gql<{ dossier: DossierView }>(`query ($id: ID!) { dossier(id: $id) { ${DOSSIER_VIEW} } }`, { id }, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.dossier;
}

async function inboxIds(claims: Claims): Promise<string[]> {
  const response = await gql<{ inbox: { nodes: { id: string }[] } }>(`{ inbox(first: 100) { nodes { id } } }`, {}, claims);
  expect(response.errors).toBeUndefined();
  return response.data!.inbox.nodes.map((node) => node.id);
}

async function receivedInterconnectedDossier(): Promise<DossierView> {
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
  const id = submitted.data!.submitDossier.id;
  const accepted = await gql(`mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id } }`, { id }, reception);
  expect(accepted.errors).toBeUndefined();
  return view(id, reception);
}

async function acceptHandoff(id: string, version: number, claims: Claims): Promise<DossierView> {
  const response = await gql<{ acceptHandoff: DossierView }>(
    `mutation ($id: ID!, $v: Int!) { acceptHandoff(id: $id, expectedVersion: $v) { ${DOSSIER_VIEW} } }`,
    { id, v: version },
    claims,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.acceptHandoff;
}

async function transfer(id: string, to: string, version: number, claims: Claims): Promise<DossierView> {
  const response = await gql<{ transferDossier: DossierView }>(
    `mutation ($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { ${DOSSIER_VIEW} } }`,
    { id, to, v: version },
    claims,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.transferDossier;
}

describe('a handoff from commune to district through the stream, the queue and the consumer', () => {
  it('leaves the commune inbox at once and arrives in the district inbox exactly once', async () => {
    const dossier = await receivedInterconnectedDossier();
    const sent = await transfer(dossier.id, DISTRICT, dossier.version, reception);
    expect(sent.holderAgency).toBeNull();
    expect(sent.pendingHandoff).not.toBeNull();
    expect(await inboxIds(reception)).not.toContain(dossier.id);

    await settle();

    expect(await inboxIds(districtOfficer)).toContain(dossier.id);
    const delivered = await view(dossier.id, districtOfficer);
    expect(delivered.holderAgency?.code).toBe(DISTRICT);
    expect(delivered.pendingHandoff).toBeNull();
    expect(delivered.history.map((event) => event.type)).toEqual(['SUBMITTED', 'ACCEPTED', 'TRANSFERRED', 'DELIVERED']);
    expect(delivered.history.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    expect(delivered.history[3]?.handoff?.id).toBe(sent.pendingHandoff?.id);
  });

  it('changes nothing when the same handoff message arrives again', async () => {
    const dossier = await receivedInterconnectedDossier();
    const sent = await transfer(dossier.id, DISTRICT, dossier.version, reception);
    await settle();
    const before = await view(dossier.id, districtOfficer);

    // A replay (new deduplication id, so SQS lets it through) of the message the relay sent.
    const districtQueue = fixture.queues.get(DISTRICT)!;
    const body = {
      schema: 'lienthong.handoff/v1',
      kind: 'HANDOFF',
      handoffId: sent.pendingHandoff!.id,
      dossierId: dossier.id,
      dossierCode: null,
      procedureCode: '1.001776',
      fromAgency: COMMUNE,
      toAgency: DISTRICT,
      routeStep: 1,
      sentAt: new Date().toISOString(),
      dossierVersion: 3,
    };
    for (let copy = 1; copy <= 3; copy += 1) {
      await fixture.sqs.send(
        new SendMessageCommand({
          QueueUrl: districtQueue.queueUrl,
          MessageBody: JSON.stringify(body),
          MessageGroupId: dossier.id,
          MessageDeduplicationId: `replay-${copy}-${sent.pendingHandoff!.id}`,
        }),
      );
    }
    await settle();

    const after = await view(dossier.id, districtOfficer);
    expect(after.version).toBe(before.version);
    expect(after.history.filter((event) => event.type === 'DELIVERED')).toHaveLength(1);
  });

  it('carries the result step back to the commune along the route', async () => {
    const dossier = await receivedInterconnectedDossier();
    await transfer(dossier.id, DISTRICT, dossier.version, reception);
    await settle();
    const taken = await acceptHandoff(dossier.id, (await view(dossier.id, districtOfficer)).version, districtOfficer);
    await transfer(dossier.id, COMMUNE, taken.version, districtOfficer);
    await settle();
    const back = await view(dossier.id, reception);
    expect(back.holderAgency?.code).toBe(COMMUNE);
    expect(back.history.map((event) => event.type)).toEqual([
      'SUBMITTED',
      'ACCEPTED',
      'TRANSFERRED',
      'DELIVERED',
      'HANDOFF_ACCEPTED',
      'TRANSFERRED',
      'DELIVERED',
    ]);
  });

  it('delivers many handoffs to their own agencies, none lost and none twice', async () => {
    const dossiers = await Promise.all(Array.from({ length: 10 }, () => receivedInterconnectedDossier()));
    await Promise.all(dossiers.map((dossier) => transfer(dossier.id, DISTRICT, dossier.version, reception)));
    await settle();
    const districtInbox = await inboxIds(districtOfficer);
    for (const dossier of dossiers) {
      expect(districtInbox).toContain(dossier.id);
      const history = (await view(dossier.id, districtOfficer)).history;
      expect(history.filter((event) => event.type === 'DELIVERED')).toHaveLength(1);
    }
  });

  it('runs the whole liên thông route and reads every handover on the process-control slip (Form 05)', async () => {
    const dossier = await receivedInterconnectedDossier();
    await transfer(dossier.id, DISTRICT, dossier.version, reception);
    await settle();
    let version = (await acceptHandoff(dossier.id, (await view(dossier.id, districtOfficer)).version, districtOfficer)).version;
    const step = async (mutation: string, claims: Claims, extra = '') => {
      const response = await gql<Record<string, { version: number }>>(
        `mutation ($id: ID!, $v: Int!) { ${mutation}(id: $id, expectedVersion: $v${extra}) { version } }`,
        { id: dossier.id, v: version },
        claims,
      );
      expect(response.errors).toBeUndefined();
      version = response.data![mutation]!.version;
    };
    await step('assignDossier', districtHead, ', assignee: "cv-bachthong"');
    await step('startAppraisal', districtOfficer);
    await step('submitForSignature', districtOfficer);
    await step('signDossier', districtHead, ', decision: APPROVED');
    await step('issueResult', districtOfficer, ', resultNumber: "88/QĐ-UBND"');
    await transfer(dossier.id, COMMUNE, version, districtOfficer);
    await settle();
    version = (await acceptHandoff(dossier.id, (await view(dossier.id, reception)).version, reception)).version;
    await step('returnResult', reception, ', deliveryMode: COUNTER');

    const slip = await gql<{
      dossier: { status: string; forms: { controlSlip: { leadAgency: string; rows: Record<string, unknown>[] } } };
    }>(
      `query ($id: ID!) { dossier(id: $id) { status forms { controlSlip { leadAgency rows {
        fromAgency toAgency handedOverAt receivedAt stepTask stepBudget verdict verdictLabel } } } } }`,
      { id: dossier.id },
      reception,
    );
    const { status, forms } = slip.data!.dossier;
    expect(status).toBe('RETURNED');
    expect(forms.controlSlip.leadAgency).toBe('UBND Huyện Bạch Thông');
    expect(forms.controlSlip.rows).toMatchObject([
      {
        fromAgency: 'UBND Xã Dương Phong',
        toAgency: 'UBND Huyện Bạch Thông',
        stepBudget: '10 ngày làm việc',
        verdict: 'EARLY',
        verdictLabel: 'Trước hạn',
      },
      { fromAgency: 'UBND Huyện Bạch Thông', toAgency: 'UBND Xã Dương Phong', stepTask: 'Thẩm định, quyết định trợ cấp', verdict: 'EARLY' },
      { fromAgency: 'UBND Xã Dương Phong', toAgency: null, stepTask: 'Trả kết quả' },
    ]);
    for (const row of forms.controlSlip.rows.slice(0, 2)) expect(row.receivedAt).not.toBeNull();
  });
});

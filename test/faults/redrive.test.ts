import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '#domain/lifecycle';
import { messagesOf } from '#queue/outbox';
import { redriveDeadLetters } from '#redrive/redrive';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-env';
import { COMMUNE, type DeadLetterSetup, DISTRICT, deadLetteredHandoff, officer, setUpDeadLetters } from './support/dead-letter-setup';
import { receivedDossier } from './support/handoff-driver';
import { audit } from './support/ledger';
import { timeoutError } from './support/sdk-faults';

/**
 * Dead-lettered handoffs seen with their reason and redriven by the mutation: delivered once, and
 * never applied out of order when the dossier moved on while the message sat in the DLQ.
 */
let world: DeadLetterSetup;

beforeAll(async () => {
  world = await setUpDeadLetters();
});

afterAll(async () => {
  await world?.pipeline.stop();
});

const reception: Caller = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };
const districtOfficer: Caller = { officerId: 'cv', name: 'Chuyên viên', agencyCode: DISTRICT, roles: ['HANDLING_OFFICER'] };
const site = { commune: COMMUNE, district: DISTRICT };

const FAILED = `query ($agency: ID) { failedHandoffs(agencyCode: $agency) {
  agencyCode handoffId dossierId kind reason errorName message receiveCount deadLettered redriveCount redrivenAt } }`;
const REDRIVE = `mutation ($agency: ID!) { redriveFailedHandoffs(agencyCode: $agency) { agencyCode moved handoffIds remaining interruptedBy } }`;

interface FailedHandoffView {
  handoffId: string | null;
  reason: string;
  errorName: string;
  receiveCount: number;
  deadLettered: boolean;
  redriveCount: number;
}

async function failedHandoffs(agency = DISTRICT): Promise<FailedHandoffView[]> {
  const response = await world.gql<{ failedHandoffs: FailedHandoffView[] }>(FAILED, { agency }, officer(DISTRICT, 'HANDLING_OFFICER'));
  expect(response.errors).toBeUndefined();
  return response.data!.failedHandoffs;
}

const deadLettered = () => deadLetteredHandoff(world);

async function history(id: string) {
  return (await world.services.dossiers.history(id)).map((event) => `${event.version}:${event.type}:${event.handoff?.id ?? ''}`);
}

describe('failed handoffs and their redrive', () => {
  it('shows a dead-lettered handoff with its reason, and a redrive by the head delivers it once', async () => {
    const sent = await deadLettered();
    const handoffId = sent.handoff!.id;
    expect(await failedHandoffs()).toEqual([
      expect.objectContaining({
        handoffId,
        reason: 'UNEXPECTED',
        errorName: 'ThrottlingException',
        receiveCount: 5,
        deadLettered: true,
        redriveCount: 0,
      }),
    ]);

    for (const claims of [officer(DISTRICT, 'HANDLING_OFFICER'), officer(COMMUNE, 'AGENCY_HEAD')]) {
      const refused = await world.gql(REDRIVE, { agency: DISTRICT }, claims);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const redriven = await world.gql<{ redriveFailedHandoffs: unknown }>(REDRIVE, { agency: DISTRICT }, officer(DISTRICT, 'AGENCY_HEAD'));
    expect(redriven.errors).toBeUndefined();
    expect(redriven.data!.redriveFailedHandoffs).toEqual({
      agencyCode: DISTRICT,
      moved: 1,
      handoffIds: [handoffId],
      remaining: 0,
      interruptedBy: null,
    });

    await world.pipeline.settle();
    const ledger = await audit(world.db, world.fixture.tableName, [{ id: sent.id, site, handoffIds: [handoffId], stuck: false }]);
    expect(ledger).toMatchObject({ handoffs: 1, lost: [], appliedTwice: [], gaps: [] });
    expect(await failedHandoffs()).toEqual([]);
  });

  it('lets officers see only their own agency; a province administrator sees any', async () => {
    const other = await world.gql(FAILED, { agency: DISTRICT }, officer(COMMUNE, 'HANDLING_OFFICER'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await world.gql(FAILED, { agency: DISTRICT }, officer('06', 'PROVINCE_ADMIN'));
    expect(admin.errors).toBeUndefined();
    const anonymous = await world.gql(FAILED, { agency: DISTRICT });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('does not apply a redriven handoff when the dossier moved on while it sat in the DLQ', async () => {
    const sent = await deadLettered();
    const first = sent.handoff!;
    // The district's own system acknowledged the handoff meanwhile, took it and sent the dossier on.
    const acknowledged = await world.gql<{ acknowledgeHandoff: { outcome: string } }>(
      `mutation ($d: ID!, $h: ID!) { acknowledgeHandoff(dossierId: $d, handoffId: $h) { outcome } }`,
      { d: sent.id, h: first.id },
      officer(DISTRICT, 'AGENCY_SYSTEM'),
    );
    expect(acknowledged.data?.acknowledgeHandoff.outcome).toBe('DELIVERED');
    const delivered = (await world.services.dossiers.get(sent.id))!;
    const taken = await world.services.dossiers.act(districtOfficer, sent.id, delivered.version, { action: 'ACCEPT_HANDOFF' });
    await world.services.dossiers.transfer(districtOfficer, { id: sent.id, toAgency: COMMUNE, expectedVersion: taken.dossier.version });
    await world.pipeline.settle();
    const before = await history(sent.id);
    expect(before.at(-1)).toMatch(/:DELIVERED:/);

    const redriven = await world.gql<{ redriveFailedHandoffs: { moved: number; handoffIds: string[] } }>(
      REDRIVE,
      { agency: DISTRICT },
      officer('06', 'PROVINCE_ADMIN'),
    );
    expect(redriven.data?.redriveFailedHandoffs).toMatchObject({ moved: 1, handoffIds: [first.id] });
    await world.pipeline.settle();

    expect(await history(sent.id)).toEqual(before);
    expect(world.receipts.get(first.id)).toBe(6); // five failed receives, then the redriven copy, ignored
    expect(await failedHandoffs()).toEqual([]);
  });

  it('does not apply a message replayed after the dossier moved on', async () => {
    const dossier = await receivedDossier(world.services, site);
    const head = (await world.services.dossiers.get(dossier.id))!;
    const sent = await world.services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: head.version });
    await world.pipeline.settle();
    const delivered = (await world.services.dossiers.get(dossier.id))!;
    const returned = await world.services.dossiers.act(districtOfficer, dossier.id, delivered.version, {
      action: 'RETURN_HANDOFF',
      reason: 'Thiếu giấy tờ',
    });
    await world.pipeline.settle();
    const before = await history(dossier.id);

    // The first handoff's message again, as a replay from an archive would put it on the queue.
    const [message] = messagesOf(
      (await world.services.dossiers.history(dossier.id)).find((event) => event.handoff?.id === sent.handoff!.id)!,
    );
    await world.fixture.sqs.send(
      new SendMessageCommand({
        QueueUrl: world.fixture.queues.get(DISTRICT)!.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageGroupId: dossier.id,
        MessageDeduplicationId: `${sent.handoff!.id}:replay`,
      }),
    );
    await world.pipeline.settle();

    expect(returned.dossier.handoff?.kind).toBe('RETURN');
    expect(await history(dossier.id)).toEqual(before);
    expect(world.receipts.get(sent.handoff!.id)).toBe(2);
  });

  it('sends no second copy when a redrive cut off between its send and its delete runs again', async () => {
    const sent = await deadLettered();
    const handoffId = sent.handoff!.id;
    const options = { agencyCode: DISTRICT, queueNamePrefix: world.fixture.queueNamePrefix, max: 10, failures: world.failures };
    const cutOff = new SQSClient({ endpoint: world.fixture.sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    cutOff.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteMessageCommand') throw timeoutError('sqs (redrive)');
        return next(args);
      },
      { step: 'initialize', name: 'cutOffBeforeDelete' },
    );
    const interrupted = await redriveDeadLetters(cutOff, { ...options, receiveVisibilitySeconds: 1 });
    expect(interrupted).toMatchObject({ moved: 0, interruptedBy: 'TimeoutError', remaining: 1 });
    await world.pipeline.settle();
    await sleep(1_100); // the original shows again in the DLQ once its receive's visibility ends

    const retried = await redriveDeadLetters(world.fixture.sqs, options);
    expect(retried).toMatchObject({ moved: 1, handoffIds: [handoffId], remaining: 0, interruptedBy: null });
    await world.pipeline.settle();

    // Five failed receives, then one copy: the retry sent the same deduplication id, which SQS dropped.
    expect(world.receipts.get(handoffId)).toBe(6);
    const ledger = await audit(world.db, world.fixture.tableName, [{ id: sent.id, site, handoffIds: [handoffId], stuck: false }]);
    expect(ledger).toMatchObject({ handoffs: 1, lost: [], appliedTwice: [], gaps: [] });
    expect(await failedHandoffs()).toEqual([]);
  });
});

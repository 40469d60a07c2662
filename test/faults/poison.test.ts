import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '#domain/lifecycle';
import { HANDOFF_MESSAGE_SCHEMA } from '#queue/handoff-message';
import { COMMUNE, type DeadLetterSetup, DISTRICT, OTHER_DISTRICT, officer, setUpDeadLetters } from './support/dead-letter-setup';
import { lastHandoffDelivered, receivedDossier } from './support/handoff-driver';

/** Messages off the contract fail alone, land in the DLQ after maxReceiveCount, and say why. */
let world: DeadLetterSetup;

beforeAll(async () => {
  world = await setUpDeadLetters();
});

afterAll(async () => {
  await world?.pipeline.stop();
});

const reception: Caller = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };

const POISON = [
  { group: 'poison-not-json', body: '{"schema": "lienthong.handoff/v1", "kind": "HANDOFF", ', reason: 'body is not JSON' },
  {
    group: 'poison-old-schema',
    body: JSON.stringify({ schema: 'lienthong.handoff/v0', kind: 'HANDOFF', handoffId: 'x-1', dossierId: 'x' }),
    reason: `schema must be ${HANDOFF_MESSAGE_SCHEMA}`,
  },
];

interface FailedView {
  handoffId: string | null;
  dossierId: string | null;
  reason: string;
  errorName: string;
  message: string;
  receiveCount: number;
  deadLettered: boolean;
}

describe('poison messages', () => {
  it('land in the dead-letter queue with their reason, without holding up a real handoff', async () => {
    const { fixture } = world;
    const queue = fixture.queues.get(DISTRICT)!;
    for (const poison of POISON) {
      await fixture.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.queueUrl,
          MessageBody: poison.body,
          MessageGroupId: poison.group,
          MessageDeduplicationId: poison.group,
        }),
      );
    }
    const dossier = await receivedDossier(world.services, { commune: COMMUNE, district: DISTRICT });
    const head = (await world.services.dossiers.get(dossier.id))!;
    await world.services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: head.version });
    await world.pipeline.settle();

    expect(lastHandoffDelivered(await world.services.dossiers.get(dossier.id))).toBe(true);
    const { Attributes } = await fixture.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('2');

    const seen = await world.gql<{ failedHandoffs: FailedView[] }>(
      `{ failedHandoffs { handoffId dossierId reason errorName message receiveCount deadLettered } }`,
      {},
      officer(DISTRICT, 'RECEPTION_OFFICER'),
    );
    expect(seen.errors).toBeUndefined();
    const failed = seen.data!.failedHandoffs;
    expect(failed).toHaveLength(2);
    for (const poison of POISON) {
      expect(failed).toContainEqual({
        handoffId: null,
        dossierId: null,
        reason: 'INVALID_MESSAGE',
        errorName: 'InvalidMessageError',
        message: `Handoff message rejected: ${poison.reason}`,
        receiveCount: 5,
        deadLettered: true,
      });
    }
  });

  it('are listed for a province administrator asking about the agency, not for another agency', async () => {
    const query = `query ($a: ID) { failedHandoffs(agencyCode: $a, first: 10) { reason } }`;
    const admin = await world.gql<{ failedHandoffs: unknown[] }>(query, { a: DISTRICT }, officer('06', 'PROVINCE_ADMIN'));
    expect(admin.data?.failedHandoffs).toHaveLength(2);
    const elsewhere = await world.gql(query, { a: DISTRICT }, officer(OTHER_DISTRICT, 'AGENCY_HEAD'));
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooMany = await world.gql(query.replace('first: 10', 'first: 1000'), { a: DISTRICT }, officer(DISTRICT, 'AGENCY_HEAD'));
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
  });

  it('go back to the queue on a redrive and, still poison, return to the DLQ with their record kept', async () => {
    const redriven = await world.gql<{ redriveFailedHandoffs: { moved: number; handoffIds: string[] } }>(
      `mutation { redriveFailedHandoffs(agencyCode: "${DISTRICT}", max: 10) { moved handoffIds } }`,
      {},
      officer(DISTRICT, 'AGENCY_HEAD'),
    );
    expect(redriven.data?.redriveFailedHandoffs).toEqual({ moved: 2, handoffIds: [] });
    await world.pipeline.settle();
    const failed = await world.failures.failingHandoffs(DISTRICT, 10);
    expect(failed.map((record) => [record.reason, record.deadLettered, record.redriveCount])).toEqual([
      ['INVALID_MESSAGE', true, 1],
      ['INVALID_MESSAGE', true, 1],
    ]);
  });
});
